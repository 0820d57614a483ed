using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Evaluation.Rectification;

/// <param name="Note">回访、整改或申诉的说明（必填，至多 1000 字）。</param>
internal sealed record RectificationNoteRequest(string? Note);

/// <param name="Upheld">true 申诉成立（误评/恶意差评，不计入差评整改统计）；false 驳回（工单回到申诉前的状态）。</param>
/// <param name="Note">复核意见（必填）。</param>
internal sealed record DecideAppealRequest(bool? Upheld, string? Note);

/// <summary>A work order in a list: the case, whom it is for, its state and deadlines, and whether a deadline has passed.</summary>
internal sealed record RectificationSummaryDto(long Id, string CaseNumber, string ItemCode, string ItemName, string DepartmentCode, string DepartmentName,
    int Level, string LevelName, EvaluationChannel Channel, RectificationStatus Status, string StatusName, DateTimeOffset OpenedAt,
    DateOnly CallbackDueDate, DateOnly RectifyDueDate, bool CallbackOverdue, bool RectifyOverdue);

/// <summary>One work order with the evaluation it came from and every step's note.</summary>
internal sealed record RectificationDetailDto(RectificationSummaryDto Order, EvaluationDto Evaluation,
    DateTimeOffset? CalledBackAt, string? CalledBackBy, string? CallbackNote, bool CalledBackInTime,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, string? ResolutionNote, bool ResolvedInTime,
    DateTimeOffset? AppealedAt, string? AppealedBy, string? AppealNote,
    DateTimeOffset? AppealDecidedAt, string? AppealDecidedBy, bool? AppealUpheld, string? AppealDecisionNote,
    RectificationActionsDto Actions);

/// <summary>What the caller may do now (the buttons the page shows).</summary>
internal sealed record RectificationActionsDto(bool CallBack, bool Resolve, bool Appeal, bool DecideAppeal);

/// <summary>Who sees which orders, and who acts on them.</summary>
internal static class RectificationScope
{
    /// <summary>Center-wide roles see all; others the orders of their department (谁办理谁负责) or of cases received at their service point.</summary>
    public static IQueryable<RectificationOrder> Apply(IQueryable<RectificationOrder> orders, StaffActor actor)
    {
        if (!CaseScope.WorksOnCases(actor)) return orders.Where(_ => false);
        if (CaseScope.SeesAll(actor)) return orders;
        var point = actor.ServicePointCode;
        var department = actor.DepartmentCode;
        if (point is null && department is null) return orders.Where(_ => false);
        return orders.Where(o => (point != null && o.ServicePointCode == point) || (department != null && o.DepartmentCode == department));
    }

    /// <summary>回访, 整改 and 申诉 are the handling department's work (clerk, reviewer, approver of the order's department or point).</summary>
    public static bool Handles(StaffActor actor, RectificationOrder o) =>
        StaffRoles.Handling.Any(actor.IsIn)
        && ((actor.DepartmentCode is not null && actor.DepartmentCode == o.DepartmentCode) || (actor.ServicePointCode is not null && actor.ServicePointCode == o.ServicePointCode));

    public static RectificationActionsDto Actions(StaffActor actor, RectificationOrder o) => new(
        Handles(actor, o) && RectificationRules.CanCallBack(o),
        Handles(actor, o) && RectificationRules.CanResolve(o),
        Handles(actor, o) && RectificationRules.CanAppeal(o),
        actor.IsIn(StaffRoles.Supervisor) && RectificationRules.CanDecideAppeal(o));

    public static RectificationSummaryDto Summary(RectificationOrder o, string itemName, string departmentName, DateOnly today) => new(
        o.Id, o.CaseNumber, o.ItemCode, itemName, o.DepartmentCode, departmentName, o.Level, EvaluationRules.LevelName(o.Level), o.Channel,
        o.Status, RectificationRules.StatusName(o.Status), o.OpenedAt, o.CallbackDueDate, o.RectifyDueDate,
        RectificationRules.CallbackOverdue(o, today), RectificationRules.RectifyOverdue(o, today));

    public static DateOnly Today(TimeProvider clock) => ChinaTime.Today(clock);
}
