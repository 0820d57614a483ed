using Tongban.Infrastructure.Clock;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// 差评整改工单 states. Open → CalledBack → Resolved; Open or CalledBack → Appealed (申诉复核) → AppealUpheld (the
/// rating is set aside as 误评/恶意差评) or back to where it was (rejected). No other move is possible.
/// </summary>
internal enum RectificationStatus
{
    /// <summary>待回访: opened by the bad rating, nobody has called the rater yet.</summary>
    Open,
    /// <summary>已回访: the department called back and verified; 整改 is due.</summary>
    CalledBack,
    /// <summary>已整改: rectified (立行立改 or 限期整改) and the rater told.</summary>
    Resolved,
    /// <summary>申诉中: the department asked a supervisor to set the rating aside.</summary>
    Appealed,
    /// <summary>申诉成立: the rating was mistaken or malicious; it no longer counts as a 差评 in the rectification figures.</summary>
    AppealUpheld,
}

/// <summary>
/// 差评整改工单: one per 不满意/非常不满意 evaluation (unique on the evaluation), for the department that handled the case
/// (谁办理、谁负责). The case's dimensions are copied from the evaluation, so lists and figures read this table alone.
/// Deadlines are Beijing dates in working days from the rating day; <see cref="NextCheckAt"/> is when a deadline next
/// passes (indexed), so the supervision scan reads only the orders that are due.
/// </summary>
internal sealed class RectificationOrder
{
    public long Id { get; init; }
    public long EvaluationId { get; init; }
    /// <summary>Only for inserting the order together with a new evaluation (one SaveChanges); never loaded.</summary>
    public CaseEvaluation? Evaluation { get; init; }
    public long CaseId { get; init; }
    public required string CaseNumber { get; init; }
    public required string DepartmentCode { get; init; }
    public required string ServicePointCode { get; init; }
    public required string ItemCode { get; init; }
    public int Level { get; init; }
    public EvaluationChannel Channel { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    /// <summary>回访期限 (inclusive Beijing date).</summary>
    public DateOnly CallbackDueDate { get; init; }
    /// <summary>整改期限 (inclusive Beijing date).</summary>
    public DateOnly RectifyDueDate { get; init; }
    public RectificationStatus Status { get; set; }

    public DateTimeOffset? CalledBackAt { get; set; }
    public string? CallbackNote { get; set; }
    public string? CalledBackBy { get; set; }
    /// <summary>Called back on or before <see cref="CallbackDueDate"/>: what 实名差评回访率 counts.</summary>
    public bool CalledBackInTime { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolutionNote { get; set; }
    public string? ResolvedBy { get; set; }
    public bool ResolvedInTime { get; set; }

    public DateTimeOffset? AppealedAt { get; set; }
    public string? AppealNote { get; set; }
    public string? AppealedBy { get; set; }
    public DateTimeOffset? AppealDecidedAt { get; set; }
    /// <summary>null while undecided; true 申诉成立; false 申诉驳回.</summary>
    public bool? AppealUpheld { get; set; }
    public string? AppealDecisionNote { get; set; }
    public string? AppealDecidedBy { get; set; }

    /// <summary>When the supervision scan should look at this order next: the moment a running deadline passes, or now after a step; null when nothing can become overdue.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }
    /// <summary>Optimistic concurrency: two clicks on one order cannot both move it.</summary>
    public int Version { get; set; }
}

/// <summary>The rules of the work order, pure: what may happen next, and what is overdue when.</summary>
internal static class RectificationRules
{
    public const int MaxNote = 1000;

    public static bool CanCallBack(RectificationOrder o) => o.Status == RectificationStatus.Open;

    public static bool CanResolve(RectificationOrder o) => o.Status == RectificationStatus.CalledBack;

    /// <summary>Once per order, before it is resolved; a rejected appeal cannot be repeated.</summary>
    public static bool CanAppeal(RectificationOrder o) => o.Status is RectificationStatus.Open or RectificationStatus.CalledBack && o.AppealedAt is null;

    public static bool CanDecideAppeal(RectificationOrder o) => o.Status == RectificationStatus.Appealed;

    /// <summary>回访 is overdue from the day after its deadline while nobody has called back (an appeal under review pauses nothing already late, but raises nothing new).</summary>
    public static bool CallbackOverdue(RectificationOrder o, DateOnly today) =>
        o.Status == RectificationStatus.Open && o.CalledBackAt is null && today > o.CallbackDueDate;

    public static bool RectifyOverdue(RectificationOrder o, DateOnly today) =>
        o.Status is RectificationStatus.Open or RectificationStatus.CalledBack && today > o.RectifyDueDate;

    public static bool IsOverdue(RectificationOrder o, DateOnly today) => CallbackOverdue(o, today) || RectifyOverdue(o, today);

    /// <summary>The next moment a deadline of an order in this state passes (00:00 Beijing the day after it), or null.</summary>
    public static DateTimeOffset? NextDeadlinePassing(RectificationOrder o, DateOnly today)
    {
        if (o.Status is not (RectificationStatus.Open or RectificationStatus.CalledBack)) return null;
        if (o.Status == RectificationStatus.Open && today <= o.CallbackDueDate) return StartOf(o.CallbackDueDate.AddDays(1));
        if (today <= o.RectifyDueDate) return StartOf(o.RectifyDueDate.AddDays(1));
        return null;
    }

    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string StatusName(RectificationStatus s) => s switch
    {
        RectificationStatus.Open => "待回访",
        RectificationStatus.CalledBack => "已回访",
        RectificationStatus.Resolved => "已整改",
        RectificationStatus.Appealed => "申诉中",
        _ => "申诉成立",
    };
}
