using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Notifications;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Interaction;

internal sealed record AnswerConsultationRequest(string? Answer, bool? Publish);

/// <summary>
/// POST /api/consultations/{number}/answer — the department's staff answer once; the asker gets the answer by SMS in the
/// same transaction (outbox), and with publish the question and answer join the item's FAQ. Supervisors and
/// administrators see every question but answer none: the department that owns the item answers for it.
/// </summary>
internal static class AnswerConsultation
{
    /// <summary>How much of an answer the SMS carries; the rest is on the portal.</summary>
    private const int SmsAnswerLength = 200;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/consultations/{number}/answer", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Interaction")
            .Produces<ConsultationDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("AnswerConsultation").WithSummary("答复网上咨询（本部门工作人员），可选公开到常见问题");

    internal static async Task<IResult> Handle(string number, AnswerConsultationRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        AuditTrail audit, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var answer = (request.Answer ?? "").Trim();
        if (answer.Length == 0) return new FieldErrors().Add("answer", "答复内容不能为空").ToResult();
        if (answer.Length > AskQuestion.MaxText) return new FieldErrors().Add("answer", $"答复不能超过 {AskQuestion.MaxText} 个字符").ToResult();

        var c = await ListConsultations.Scope(db.Set<Consultation>(), actor).FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null) return ListConsultations.NotFound(number);
        if (actor.DepartmentCode != c.DepartmentCode)
            return Problems.Of(StatusCodes.Status403Forbidden, "consultation.not_your_department", "只能由承办部门答复",
                "该咨询由事项的实施部门答复；监察和管理员可查看和督办，不代为答复。");
        if (c.Status != ConsultationStatus.Open)
            return Problems.Conflict("consultation.already_answered", "该咨询已答复", $"咨询 {number} 已于 {ChinaTime.ToChina(c.AnsweredAt!.Value):yyyy-MM-dd HH:mm} 答复。");

        var now = clock.GetUtcNow();
        c.Status = ConsultationStatus.Answered;
        c.NextCheckAt = null;
        c.Answer = answer;
        c.AnsweredAt = now;
        c.AnsweredByStaffId = actor.Id;
        c.AnsweredByName = actor.Name;
        c.Published = request.Publish == true;
        var department = await ReferenceCache.DepartmentAsync(db, c.DepartmentCode, ct);
        if (c.Mobile is not null)
            await PersonalMessages.QueueAsync(db, PersonalMessages.ConsultationAnsweredEvent, c.Mobile, new Dictionary<string, string?>
            {
                ["consultationNumber"] = c.Number,
                ["department"] = department?.Name ?? c.DepartmentCode,
                ["answer"] = answer.Length > SmsAnswerLength ? answer[..(SmsAnswerLength - 1)] + "…" : answer,
                ["hotline"] = department?.Hotline ?? "12345",
            }, now, ct);
        await audit.AppendAsync(db, new AuditEvent(AskQuestion.Stream(c.Number), AuditActor.FromHttp(http), "consultation.answer", null,
            $"答复网上咨询 {c.Number}{(c.Published ? "，并公开到常见问题" : "")}"), ct);
        await db.SaveChangesAsync(ct);
        var names = new Dictionary<string, string> { [c.DepartmentCode] = department?.Name ?? c.DepartmentCode };
        return TypedResults.Ok(ListConsultations.ToDto(c, names, ChinaTime.DateOf(now), staff: true));
    }
}
