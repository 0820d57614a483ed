using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Notifications;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Interaction;

internal sealed record AssignComplaintRequest(string? DepartmentCode);

internal sealed record ReplyComplaintRequest(string? Reply);

internal sealed record CloseComplaintRequest(string? Note);

internal sealed record ComplaintSatisfactionRequest(bool? Resolved, string? Token);

/// <summary>
/// The path of a complaint, each step audited on the complaint's own stream: POST …/assign (supervisor: a department and
/// the reply deadline in working days), …/reply (that department, once; the submitter gets the reply by SMS with a link
/// to say whether it resolved the matter), …/close (supervisor), …/satisfaction (the submitter, logged in or by the link).
/// </summary>
internal static class ComplaintActions
{
    private const int SmsReplyLength = 200;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/complaints/{number}/assign", Assign).RequireAuthorization(Policies.Supervise).WithTags("Interaction")
            .Produces<ComplaintDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("AssignComplaint").WithSummary("交办投诉建议（监察）");
        api.MapPost("/complaints/{number}/reply", Reply).RequireAuthorization(Policies.CaseWork).WithTags("Interaction")
            .Produces<ComplaintDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("ReplyComplaint").WithSummary("答复投诉建议（承办部门）");
        api.MapPost("/complaints/{number}/close", Close).RequireAuthorization(Policies.Supervise).WithTags("Interaction")
            .Produces<ComplaintDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("CloseComplaint").WithSummary("办结投诉建议（监察）");
        api.MapPost("/complaints/{number}/satisfaction", Satisfaction).AllowAnonymous().WithTags("Interaction")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithName("RateComplaintReply").WithSummary("评价答复是否解决问题（提交人本人，或凭短信链接）");
    }

    internal static async Task<IResult> Assign(string number, AssignComplaintRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        CalendarService calendars, IOptions<InteractionOptions> options, AuditTrail audit, CancellationToken ct)
    {
        var code = (request.DepartmentCode ?? "").Trim();
        if (code.Length == 0) return new FieldErrors().Add("departmentCode", "请选择承办部门").ToResult();
        var department = await ReferenceCache.DepartmentAsync(db, code, ct);
        if (department is null) return new FieldErrors().Add("departmentCode", "没有这个部门").ToResult();
        var c = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null) return ListComplaints.NotFound(number);
        if (c.Status is not (ComplaintStatus.Submitted or ComplaintStatus.Assigned))
            return Problems.Conflict("complaint.not_assignable", "已答复或已办结的不能再交办", $"{number} 当前为“{StatusName(c.Status)}”。");
        var now = clock.GetUtcNow();
        var before = c.DepartmentCode;
        c.DepartmentCode = code;
        c.Status = ComplaintStatus.Assigned;
        c.AssignedAt = now;
        c.AssignedByName = StaffActor.From(http.User)!.Name;
        c.ReplyDueDate = (await calendars.GetAsync(ct)).AddWorkingDays(ChinaTime.DateOf(now), options.Value.ComplaintReplyWorkingDays);
        (c.NextCheckAt, c.OverdueStage, c.OverdueSince) = (now, 0, null); // a reassignment starts the warnings afresh
        await audit.AppendAsync(db, new AuditEvent(FileComplaint.Stream(number), AuditActor.FromHttp(http), "complaint.assign", null,
            $"交办 {number} 至 {department.Name}，{c.ReplyDueDate:yyyy-MM-dd} 前答复", Before: before, After: code), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ListComplaints.ToDto(c, new Dictionary<string, string> { [code] = department.Name }, ChinaTime.DateOf(now), staff: true));
    }

    internal static async Task<IResult> Reply(string number, ReplyComplaintRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        AuditTrail audit, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var reply = (request.Reply ?? "").Trim();
        if (reply.Length == 0) return new FieldErrors().Add("reply", "答复内容不能为空").ToResult();
        if (reply.Length > AskQuestion.MaxText) return new FieldErrors().Add("reply", $"答复不能超过 {AskQuestion.MaxText} 个字符").ToResult();
        var c = await ListComplaints.Scope(db.Set<Complaint>(), actor).FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null) return ListComplaints.NotFound(number);
        if (actor.DepartmentCode is null || actor.DepartmentCode != c.DepartmentCode)
            return Problems.Of(StatusCodes.Status403Forbidden, "complaint.not_your_department", "只能由承办部门答复", "监察负责交办和办结，答复由承办部门作出。");
        if (c.Status != ComplaintStatus.Assigned)
            return Problems.Conflict("complaint.not_awaiting_reply", "当前不能答复", $"{number} 当前为“{StatusName(c.Status)}”。");

        var now = clock.GetUtcNow();
        c.Status = ComplaintStatus.Replied;
        c.NextCheckAt = null;
        c.Reply = reply;
        c.RepliedAt = now;
        c.RepliedByStaffId = actor.Id;
        c.RepliedByName = actor.Name;
        var department = await ReferenceCache.DepartmentAsync(db, c.DepartmentCode!, ct);
        if (c.Mobile is not null)
        {
            var token = RandomNumberGenerator.GetString(Submitter.NumberAlphabet, 12);
            c.FeedbackTokenHash = TokenHash(c.Number, token);
            await PersonalMessages.QueueAsync(db, PersonalMessages.ComplaintRepliedEvent, c.Mobile, new Dictionary<string, string?>
            {
                ["kindName"] = FileComplaint.KindName(c.Kind),
                ["complaintNumber"] = c.Number,
                ["department"] = department?.Name ?? c.DepartmentCode,
                ["reply"] = reply.Length > SmsReplyLength ? reply[..(SmsReplyLength - 1)] + "…" : reply,
                ["feedbackLink"] = FeedbackUrl(http.Request, c.Number, token),
            }, now, ct);
        }
        await audit.AppendAsync(db, new AuditEvent(FileComplaint.Stream(number), AuditActor.FromHttp(http), "complaint.reply", null,
            $"答复 {number}{(c.ReplyDueDate < ChinaTime.DateOf(now) ? "（超期）" : "")}"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ListComplaints.ToDto(c, new Dictionary<string, string> { [c.DepartmentCode!] = department?.Name ?? c.DepartmentCode! },
            ChinaTime.DateOf(now), staff: true));
    }

    internal static async Task<IResult> Close(string number, CloseComplaintRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        AuditTrail audit, CancellationToken ct)
    {
        var note = (request.Note ?? "").Trim();
        var c = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null) return ListComplaints.NotFound(number);
        if (c.Status == ComplaintStatus.Closed) return Problems.Conflict("complaint.closed", "已办结", $"{number} 已办结。");
        // Without a reply only with a reason (a duplicate, a praise passed on): the trail says why.
        if (c.Status != ComplaintStatus.Replied && note.Length == 0)
            return new FieldErrors().Add("note", "尚未答复的投诉建议办结时须说明理由").ToResult();
        var now = clock.GetUtcNow();
        c.Status = ComplaintStatus.Closed;
        c.NextCheckAt = null;
        c.ClosedAt = now;
        c.ClosedByName = StaffActor.From(http.User)!.Name;
        await audit.AppendAsync(db, new AuditEvent(FileComplaint.Stream(number), AuditActor.FromHttp(http), "complaint.close", null,
            $"办结 {number}{(note.Length > 0 ? "：" + note : "")}"), ct);
        await db.SaveChangesAsync(ct);
        var names = await ListConsultations.DepartmentNamesAsync(db, c.DepartmentCode is null ? [] : [c.DepartmentCode], ct);
        return TypedResults.Ok(ListComplaints.ToDto(c, names, ChinaTime.DateOf(now), staff: true));
    }

    internal static async Task<IResult> Satisfaction(string number, ComplaintSatisfactionRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        AuditTrail audit, CancellationToken ct)
    {
        if (request.Resolved is null) return new FieldErrors().Add("resolved", "请选择问题是否已解决").ToResult();
        var c = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.Number == number, ct);
        var citizen = CitizenActor.From(http.User);
        var entitled = c is not null && ((citizen is not null && c.CitizenId == citizen.Id)
            || (!string.IsNullOrWhiteSpace(request.Token) && c.FeedbackTokenHash is not null
                && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(TokenHash(c.Number, request.Token.Trim())),
                    System.Text.Encoding.ASCII.GetBytes(c.FeedbackTokenHash))));
        if (!entitled) return ListComplaints.NotFound(number);
        if (c!.Status is not (ComplaintStatus.Replied or ComplaintStatus.Closed) || c.RepliedAt is null)
            return Problems.Conflict("complaint.not_replied", "尚未答复", "答复后才能评价是否解决。");
        c.Resolved = request.Resolved;
        c.ResolvedAnsweredAt = clock.GetUtcNow();
        await audit.AppendAsync(db, new AuditEvent(FileComplaint.Stream(number), AuditActor.FromHttp(http), "complaint.satisfaction", null,
            $"提交人评价 {number}：{(request.Resolved == true ? "已解决" : "未解决")}"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static string TokenHash(string number, string token) => PersonalData.BlindIndex("complaint-feedback:" + number + ":" + token);

    /// <summary>The page where the submitter says whether the reply resolved it, without logging in.</summary>
    public static string FeedbackUrl(HttpRequest request, string number, string token) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/feedback/{Uri.EscapeDataString(number)}?t={token}";

    public static string StatusName(ComplaintStatus s) => s switch
    {
        ComplaintStatus.Submitted => "待交办",
        ComplaintStatus.Assigned => "待答复",
        ComplaintStatus.Replied => "已答复",
        _ => "已办结",
    };
}
