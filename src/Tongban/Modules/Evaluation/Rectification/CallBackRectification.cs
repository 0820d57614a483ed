using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>POST /api/rectifications/{id}/callback — the department called the rater back and verified the complaint (回访核实).</summary>
internal static class CallBackRectification
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/rectifications/{id:long}/callback", Handle).RequireAuthorization(Policies.CaseHandling).WithTags("Rectification")
            .Produces<RectificationDetailDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("CallBackRectification").WithSummary("差评回访");

    private static readonly StepDefinition Step = new("rectification.callback", RectificationScope.Handles, RectificationRules.CanCallBack,
        o => RectificationStep.StateConflict("rectification.not_open", "该工单不能回访", o, "只有待回访的工单可以登记回访。"),
        (o, actor, now, today, note) =>
        {
            o.Status = RectificationStatus.CalledBack;
            o.CalledBackAt = now;
            o.CalledBackBy = actor.Name;
            o.CalledBackInTime = today <= o.CallbackDueDate;
            o.CallbackNote = note;
        },
        o => $"已回访{(o.CalledBackInTime ? "" : "（逾期）")}：{o.CallbackNote}");

    internal static Task<IResult> Handle(long id, RectificationNoteRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct) =>
        RectificationStep.RunAsync(id, request.Note, Step, http, db, clock, audit, ct);
}
