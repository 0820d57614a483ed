using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Interaction;

internal sealed record FileComplaintRequest(string? Kind, string? CaseNumber, string? DepartmentCode, string? Text, string? Mobile, string? Code);

internal sealed record ComplaintCreated(string Number);

/// <summary>
/// POST /api/complaints — 投诉、建议或表扬, from the portal, a kiosk session or a case page (办件反馈: with its case number,
/// which must be the caller's own case, and whose handling department it is then about). Anonymous submitters prove a
/// mobile with an SMS code, as for a consultation. It waits for a supervisor to assign it.
/// </summary>
internal static class FileComplaint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/complaints", Handle).AllowAnonymous().WithTags("Interaction")
            .Produces<ComplaintCreated>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(423)
            .WithName("FileComplaint").WithSummary("投诉建议 · 办件反馈：提交（登录群众、自助终端，或未登录凭短信验证码）");

    public static ComplaintKind? ParseKind(string? kind) => kind switch
    {
        "complaint" => ComplaintKind.Complaint,
        "suggestion" => ComplaintKind.Suggestion,
        "praise" => ComplaintKind.Praise,
        _ => null,
    };

    internal static async Task<IResult> Handle(FileComplaintRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = ParseKind(request.Kind);
        if (kind is null) errors.Add("kind", "类型只能是 complaint（投诉）、suggestion（建议）或 praise（表扬）");
        var text = (request.Text ?? "").Trim();
        if (text.Length == 0) errors.Add("text", "请填写具体内容");
        else if (text.Length > AskQuestion.MaxText) errors.Add("text", $"内容不能超过 {AskQuestion.MaxText} 个字符");
        var departmentCode = string.IsNullOrWhiteSpace(request.DepartmentCode) ? null : request.DepartmentCode.Trim();
        if (departmentCode is not null && await ReferenceCache.DepartmentAsync(db, departmentCode, ct) is null) errors.Add("departmentCode", "没有这个部门");
        string? caseNumber = null;
        if (!string.IsNullOrWhiteSpace(request.CaseNumber))
        {
            // 办件反馈 names the caller's own case; anyone else's answers like a missing one.
            var citizen = CitizenActor.From(http.User);
            var handled = citizen is null ? null : await ListMyCases.Mine(db.Cases.AsNoTracking(), citizen)
                .Where(c => c.Number == request.CaseNumber.Trim()).Select(c => new { c.Number, c.DepartmentCode }).FirstOrDefaultAsync(ct);
            if (handled is null) errors.Add("caseNumber", "办件反馈请登录后从“我的办件”中提交，且只能针对本人的办件");
            else (caseNumber, departmentCode) = (handled.Number, departmentCode ?? handled.DepartmentCode);
        }

        var now = clock.GetUtcNow();
        var (who, refusal) = await Submitter.ResolveAsync(http, db, request.Mobile, request.Code, errors, now, ct);
        if (refusal is not null) return refusal;
        var complaint = new Complaint
        {
            Number = Submitter.NewNumber("TS", now), Kind = kind!.Value, CaseNumber = caseNumber, DepartmentCode = departmentCode, Text = text,
            Channel = caseNumber is not null ? "case" : who!.Channel, Mobile = who!.Mobile, CitizenId = who.CitizenId, SubmittedAt = now,
            Status = ComplaintStatus.Submitted,
        };
        db.Add(complaint);
        await audit.AppendAsync(db, new AuditEvent(Stream(complaint.Number), AuditActor.FromHttp(http, who.Channel), "complaint.file", null,
            $"提交{KindName(complaint.Kind)} {complaint.Number}{(caseNumber is null ? "" : $"（办件 {caseNumber}）")}"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/complaints/{complaint.Number}", new ComplaintCreated(complaint.Number));
    }

    public static string Stream(string number) => "complaint:" + number;

    public static string KindName(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Complaint => "投诉",
        ComplaintKind.Suggestion => "建议",
        _ => "表扬",
    };
}
