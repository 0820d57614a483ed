using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// POST /api/rectifications/{id}/appeal/decide — a supervisor decides the 申诉复核. Upheld: the order closes and the rating no
/// longer counts in the 回访率/整改率 figures (国办发〔2019〕51号: 误评/恶意差评 are excluded after review). Rejected: the order
/// goes back to where it was (待回访 or 已回访) with its original deadlines.
/// </summary>
internal static class DecideRectificationAppeal
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/rectifications/{id:long}/appeal/decide", Handle).RequireAuthorization(Policies.Supervise).WithTags("Rectification")
            .Produces<RectificationDetailDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("DecideRectificationAppeal").WithSummary("申诉复核决定");

    internal static async Task<IResult> Handle(long id, DecideAppealRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (request.Upheld is not { } upheld) return new FieldErrors().Add("upheld", "请选择申诉是否成立").ToResult();
        var step = new StepDefinition("rectification.appeal_decide", (actor, _) => actor.IsIn(StaffRoles.Supervisor), RectificationRules.CanDecideAppeal,
            o => RectificationStep.StateConflict("rectification.no_appeal", "该工单没有待复核的申诉", o, "只有申诉中的工单可以复核。"),
            (o, actor, now, _, note) =>
            {
                o.AppealUpheld = upheld;
                o.AppealDecidedAt = now;
                o.AppealDecidedBy = actor.Name;
                o.AppealDecisionNote = note;
                o.Status = upheld ? RectificationStatus.AppealUpheld : o.CalledBackAt is null ? RectificationStatus.Open : RectificationStatus.CalledBack;
            },
            o => $"申诉{(o.AppealUpheld == true ? "成立" : "驳回")}：{o.AppealDecisionNote}");
        return await RectificationStep.RunAsync(id, request.Note, step, http, db, clock, audit, ct);
    }
}
