using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Identity;
using Tongban.Modules.Notifications;

namespace Tongban.Modules.Supervision;

/// <summary>Deadline is required: a time within a year, or null for the default answer time (SupervisionOptions.DirectiveAnswerWithin).</summary>
internal sealed record SendDirectiveRequest(string? Text, [property: System.Text.Json.Serialization.JsonRequired] DateTimeOffset? Deadline);

/// <summary>
/// POST /api/supervision/alerts/{id}/directives — 督办: the center's supervisor (only the Supervisor role: not an
/// administrator, not the handling department's approver — separation of duties, ADR 0011) tells the handling
/// department what to do by when. The directive, its audit entry and the SMS to the addressees commit together.
/// </summary>
internal static class SendDirective
{
    public const int MaxText = 500;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/supervision/alerts/{id:long}/directives", Handle).RequireAuthorization(Policies.Supervise)
            .Produces<DirectiveDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("SendDirective").WithSummary("督办").WithTags("Supervision");

    internal static async Task<IResult> Handle(long id, SendDirectiveRequest request, HttpContext http, TongbanDb db, CalendarService calendars,
        TimeProvider clock, AuditTrail audit, IOptions<SupervisionOptions> options, SupervisionSignal signal, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var alert = await ListAlerts.Scope(db.SupervisionAlerts, actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return Problems.NotFound("supervision.alert_not_found", "预警不存在", $"找不到预警 {id}，或您无权查看。");
        // The Supervise policy let only supervisors in; checked again here so the rule reads where it is used.
        if (!actor.IsIn(StaffRoles.Supervisor)) return Problems.Of(StatusCodes.Status403Forbidden, "supervision.forbidden", "无权督办", "只有监察人员可以督办。");
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add("text", "请填写督办内容");
        else if (text.Length > MaxText) errors.Add("text", $"督办内容不能超过 {MaxText} 字");
        if (request.Deadline is { } d && d <= now) errors.Add("deadline", "办理期限必须晚于现在");
        else if (request.Deadline is { } far && far > now.AddYears(1)) errors.Add("deadline", "办理期限不能超过一年");
        if (errors.Any) return errors.ToResult();
        if (alert.ResolvedAt is not null)
            return Problems.Conflict("supervision.alert_resolved", "预警已解除，无需督办", $"预警 {alert.Number} 已于 {alert.ResolvedAt:yyyy-MM-dd HH:mm} 解除：{alert.Result}");

        var calendar = await calendars.GetAsync(ct);
        var o = options.Value;
        var directive = new SupervisionDirective
        {
            AlertId = alert.Id, CaseNumber = alert.CaseNumber, Text = text!, SentAt = now, SentByStaffId = actor.Id, SentByName = actor.Name,
            ToDepartmentCode = alert.DepartmentCode,
            Deadline = request.Deadline?.ToUniversalTime() ?? o.Hours.AddWorkingTime(calendar, now, o.DirectiveAnswerWithin),
        };
        db.SupervisionDirectives.Add(directive);
        alert.Directives.Add(directive);
        AlertChanges.Mark(alert, AlertChanges.Directive, now);
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(alert.CaseNumber), AuditActor.FromHttp(http), "supervision.directive", alert.CaseNumber,
            $"督办（{alert.Number}，{SupervisionRules.Name(alert.RuleCode)}）：{text}；期限 {Infrastructure.Clock.ChinaTime.ToChina(directive.Deadline):yyyy-MM-dd HH:mm}"), ct);
        // Exactly the ones who must answer: the handling side's addressee or queue, never the sender.
        var people = await DirectiveAddressees.NotifiedAsync(new StaffDirectory(db), alert, actor.Id, ct);
        if (o.SendSms)
            foreach (var p in people.Where(p => !string.IsNullOrEmpty(p.Mobile)))
                StaffMessages.Queue(db, p.Mobile!, "supervision.directive",
                    $"{CaseCheck.SmsPrefix}{actor.Name}督办办件{alert.CaseNumber}：{text}请于{Infrastructure.Clock.ChinaTime.ToChina(directive.Deadline):M月d日HH:mm}前办理并在工作台回复。", now);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            // SV11: the watcher must look at the case when the deadline passes (the case may have nothing else to wait for).
            // Only ever earlier: a sooner check (an escalation) stays. On PostgreSQL this waits for a watcher holding the row.
            // On SQLite a watcher may have read the case before this directive existed; the revision bump makes its
            // conditional write of the next check (WHERE revision = what it read) miss, so it cannot push this deadline away:
            // the case stays due at the lease's end and the next check sees the directive.
            var deadline = directive.Deadline;
            await db.Cases.Where(c => c.Id == alert.CaseId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, c => c.NextCheckAt == null || c.NextCheckAt > deadline ? deadline : c.NextCheckAt)
                    .SetProperty(c => c.Revision, c => c.Revision + 1), ct);
            await tx.CommitAsync(ct);
        }
        signal.Publish([alert]);
        return TypedResults.Created($"/api/supervision/directives/{directive.Id}", CaseSupervision.ToDto(directive));
    }
}
