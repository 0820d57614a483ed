using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// POST /api/rectifications/{id}/resolve — rectified and the rater told (整改反馈). Only after the call back: 差评件件有整改、有反馈,
/// and the call back is where the complaint is verified.
/// </summary>
internal static class ResolveRectification
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/rectifications/{id:long}/resolve", Handle).RequireAuthorization(Policies.CaseHandling).WithTags("Rectification")
            .Produces<RectificationDetailDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("ResolveRectification").WithSummary("差评整改完成");

    private static readonly StepDefinition Step = new("rectification.resolve", RectificationScope.Handles, RectificationRules.CanResolve,
        o => o.Status == RectificationStatus.Open
            ? RectificationStep.StateConflict("rectification.not_called_back", "请先回访", o, "整改前须先回访核实。")
            : RectificationStep.StateConflict("rectification.not_resolvable", "该工单不能登记整改", o, "只有已回访的工单可以登记整改。"),
        (o, actor, now, today, note) =>
        {
            o.Status = RectificationStatus.Resolved;
            o.ResolvedAt = now;
            o.ResolvedBy = actor.Name;
            o.ResolvedInTime = today <= o.RectifyDueDate;
            o.ResolutionNote = note;
        },
        o => $"已整改{(o.ResolvedInTime ? "" : "（逾期）")}：{o.ResolutionNote}");

    internal static Task<IResult> Handle(long id, RectificationNoteRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct) =>
        RectificationStep.RunAsync(id, request.Note, Step, http, db, clock, audit, ct);
}
