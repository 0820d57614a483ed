using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Supervision;

internal sealed record AnswerDirectiveRequest(string? Answer);

/// <summary>
/// POST /api/supervision/directives/{id}/answer — the handling side answers a 督办 (clerks, reviewers and approvers
/// of the alert's department, or the window's clerks for window rules; never the directive's sender, even one who also
/// holds a role there: <see cref="DirectiveAddressees"/>). The answer resolves the alert (an
/// alert resolves when the case moves on or when a directive is answered) and is audited on the case.
/// </summary>
internal static class AnswerDirective
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/supervision/directives/{id:long}/answer", Handle).RequireAuthorization(Policies.CaseHandling)
            .Produces<DirectiveDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("AnswerDirective").WithSummary("回复督办").WithTags("Supervision");

    internal static async Task<IResult> Handle(long id, AnswerDirectiveRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, SupervisionSignal signal, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var directive = await db.SupervisionDirectives.FirstOrDefaultAsync(d => d.Id == id, ct);
        var alert = directive is null ? null : await ListAlerts.Scope(db.SupervisionAlerts, actor).FirstOrDefaultAsync(a => a.Id == directive.AlertId, ct);
        if (directive is null || alert is null) return Problems.NotFound("supervision.directive_not_found", "督办不存在", $"找不到督办 {id}，或您无权查看。");
        if (directive.SentByStaffId == actor.Id)
            return Problems.Of(StatusCodes.Status403Forbidden, "supervision.own_directive", "不能回复自己发出的督办", "督办由被督办部门的办理人员回复，督办人不能自行回复。");
        if (!DirectiveAddressees.Answers(actor, alert, directive))
            return Problems.Of(StatusCodes.Status403Forbidden, "supervision.forbidden", "无权回复督办", "督办由被督办部门（或窗口）的办理人员回复。");
        var answer = request.Answer?.Trim();
        if (string.IsNullOrEmpty(answer)) return new FieldErrors().Add("answer", "请填写回复内容").ToResult();
        if (answer.Length > SendDirective.MaxText) return new FieldErrors().Add("answer", $"回复不能超过 {SendDirective.MaxText} 字").ToResult();
        if (directive.AnsweredAt is not null)
            return Problems.Conflict("supervision.directive_answered", "督办已回复", $"{directive.AnsweredByName} 已于 {Infrastructure.Clock.ChinaTime.ToChina(directive.AnsweredAt.Value):yyyy-MM-dd HH:mm} 回复。");
        var now = clock.GetUtcNow();
        directive.Answer = answer;
        directive.AnsweredAt = now;
        directive.AnsweredByName = actor.Name;
        directive.AnsweredByStaffId = actor.Id;
        var result = $"督办已回复（{actor.Name}）：{(answer.Length > 300 ? answer[..299] + "…" : answer)}";
        if (alert.ResolvedAt is null)
        {
            alert.ResolvedAt = now;
            alert.Result = result;
        }
        AlertChanges.Mark(alert, AlertChanges.Answered, now);
        // SV11 (the directive went past its deadline): an answer, late as it is, resolves it too.
        var subject = SupervisionRules.DirectiveSubject(directive.Id);
        var overdue = await db.SupervisionAlerts.FirstOrDefaultAsync(a => a.CaseId == alert.CaseId && a.RuleCode == SupervisionRules.DirectiveOverdue && a.Subject == subject && a.ResolvedAt == null, ct);
        if (overdue is not null)
        {
            overdue.ResolvedAt = now;
            overdue.Result = $"逾期后{result}";
            AlertChanges.Mark(overdue, AlertChanges.Resolved, now);
        }
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(alert.CaseNumber), AuditActor.FromHttp(http), "supervision.directive_answer", alert.CaseNumber,
            $"回复督办（{alert.Number}）：{answer}"), ct);
        await db.SaveChangesAsync(ct);
        signal.Publish(overdue is null ? [alert] : [alert, overdue]);
        return TypedResults.Ok(CaseSupervision.ToDto(directive));
    }
}
