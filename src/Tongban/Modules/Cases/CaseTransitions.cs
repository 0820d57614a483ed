using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

/// <summary>What can be done to a case. Each maps to one endpoint (API.md) and one method in CaseProcess.cs.</summary>
internal enum CaseAction
{
    PreReview,
    Supplement,
    Accept,
    Refuse,
    Review,
    Suspend,
    Resume,
    Extend,
    Complete,
    Deliver,
    Withdraw,
    Terminate,
}

/// <summary>
/// The allowed-transition map (DESIGN §2). A case can do an action only from the statuses listed
/// here; anything else is 409 case.transition_not_allowed. No other code changes Case.Status.
/// </summary>
internal static class CaseTransitions
{
    private static readonly CaseStatus[] BeforeDecision =
        [CaseStatus.Submitted, CaseStatus.PreReviewing, CaseStatus.CorrectionRequested, CaseStatus.Accepted, CaseStatus.InReview, CaseStatus.Suspended];

    public static readonly IReadOnlyDictionary<CaseAction, CaseStatus[]> AllowedFrom = new Dictionary<CaseAction, CaseStatus[]>
    {
        [CaseAction.PreReview] = [CaseStatus.Submitted],
        // A correction is answered by supplementing; 容缺 materials are supplied after acceptance.
        [CaseAction.Supplement] = [CaseStatus.CorrectionRequested, CaseStatus.Accepted, CaseStatus.InReview, CaseStatus.Suspended],
        [CaseAction.Accept] = [CaseStatus.Submitted, CaseStatus.PreReviewing],
        [CaseAction.Refuse] = [CaseStatus.Submitted, CaseStatus.PreReviewing, CaseStatus.CorrectionRequested],
        [CaseAction.Review] = [CaseStatus.Accepted, CaseStatus.InReview],
        [CaseAction.Suspend] = [CaseStatus.Accepted, CaseStatus.InReview],
        [CaseAction.Resume] = [CaseStatus.Suspended],
        [CaseAction.Extend] = [CaseStatus.Accepted, CaseStatus.InReview, CaseStatus.Suspended],
        // 即办件 are completed at the window in one act from Submitted/PreReviewing/Accepted (CaseProcess.Complete checks the kind).
        [CaseAction.Complete] = [CaseStatus.Approved, CaseStatus.Rejected, CaseStatus.Submitted, CaseStatus.PreReviewing, CaseStatus.Accepted],
        [CaseAction.Deliver] = [CaseStatus.Completed],
        [CaseAction.Withdraw] = BeforeDecision,
        [CaseAction.Terminate] = [CaseStatus.Accepted, CaseStatus.InReview, CaseStatus.Suspended],
    };

    public static bool IsAllowed(CaseAction action, CaseStatus from) => AllowedFrom[action].Contains(from);

    public static void Ensure(Case c, CaseAction action)
    {
        if (!IsAllowed(action, c.Status))
            throw new DomainRuleException("case.transition_not_allowed", "当前状态不能执行该操作",
                $"办件 {c.Number} 当前为“{StatusName(c.Status)}”，不能{ActionName(action)}。");
    }

    public static string StatusName(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "已提交",
        CaseStatus.PreReviewing => "预审通过待受理",
        CaseStatus.CorrectionRequested => "待补正",
        CaseStatus.Accepted => "已受理",
        CaseStatus.NotAccepted => "不予受理",
        CaseStatus.InReview => "审核中",
        CaseStatus.Suspended => "特别程序中",
        CaseStatus.Approved => "准予",
        CaseStatus.Rejected => "不予许可",
        CaseStatus.Completed => "已办结",
        CaseStatus.Delivered => "已送达",
        CaseStatus.Withdrawn => "已撤回",
        _ => "已终止",
    };

    public static string ActionName(CaseAction action) => action switch
    {
        CaseAction.PreReview => "预审",
        CaseAction.Supplement => "补正材料",
        CaseAction.Accept => "受理",
        CaseAction.Refuse => "不予受理",
        CaseAction.Review => "审核",
        CaseAction.Suspend => "中止计时（特别程序）",
        CaseAction.Resume => "恢复计时",
        CaseAction.Extend => "延长办理时限",
        CaseAction.Complete => "办结",
        CaseAction.Deliver => "送达",
        CaseAction.Withdraw => "撤回",
        _ => "终止",
    };
}
