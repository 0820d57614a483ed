using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// POST /api/rectifications/{id}/appeal — the department asks for 申诉复核: the rating was mistaken or malicious (误评/恶意差评).
/// Once per order, before it is resolved; a supervisor decides (<see cref="DecideRectificationAppeal"/>).
/// </summary>
internal static class AppealRectification
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/rectifications/{id:long}/appeal", Handle).RequireAuthorization(Policies.CaseHandling).WithTags("Rectification")
            .Produces<RectificationDetailDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("AppealRectification").WithSummary("差评申诉复核");

    private static readonly StepDefinition Step = new("rectification.appeal", RectificationScope.Handles, RectificationRules.CanAppeal,
        o => o.AppealedAt is not null && o.Status is not RectificationStatus.Appealed
            ? RectificationStep.StateConflict("rectification.appealed_before", "该工单已申诉过", o, "申诉被驳回后不能再次申诉，请回访整改。")
            : RectificationStep.StateConflict("rectification.not_appealable", "该工单不能申诉", o, "只有待回访或已回访的工单可以申诉。"),
        (o, actor, now, _, note) =>
        {
            o.Status = RectificationStatus.Appealed;
            o.AppealedAt = now;
            o.AppealedBy = actor.Name;
            o.AppealNote = note;
        },
        o => $"申诉复核：{o.AppealNote}");

    internal static Task<IResult> Handle(long id, RectificationNoteRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct) =>
        RectificationStep.RunAsync(id, request.Note, Step, http, db, clock, audit, ct);
}
