namespace Tongban.Modules.Analytics;

/// <summary>What a decline alert is about: an item, a department, a window, or one item at one window.</summary>
internal enum DeclineSubject
{
    Item,
    Department,
    Window,
    WindowItem,
}

/// <summary>
/// A decline (下滑) found by the daily scan (<see cref="DeclineDetector"/>): open while the scan keeps finding it, its
/// numbers refreshed each day, resolved the first day it is no longer found. At most one open alert per subject and
/// metric (a filtered unique index).
/// </summary>
internal sealed class DeclineAlert
{
    public long Id { get; init; }
    public DeclineSubject Subject { get; init; }
    /// <summary>The item's department for item subjects, the department itself, or "" for a window (windows serve several).</summary>
    public string DepartmentCode { get; init; } = "";
    public string ItemCode { get; init; } = "";
    public string WindowCode { get; init; } = "";
    public DeclineMetric Metric { get; init; }
    /// <summary>Applications: the count expected in the recent window from the baseline. Completion rate: the baseline ratio.</summary>
    public double Baseline { get; set; }
    /// <summary>Applications: the count in the recent window. Completion rate: the recent ratio.</summary>
    public double Recent { get; set; }
    /// <summary>How far below the baseline, as a fraction (applications) or in ratio points (completion rate).</summary>
    public double DropRatio { get; set; }
    /// <summary>The test statistic (standard deviations below the baseline; more negative = surer).</summary>
    public double Score { get; set; }
    public DateOnly RecentFrom { get; set; }
    public DateOnly RecentTo { get; set; }
    public DateTimeOffset DetectedAt { get; init; }
    public DateOnly LastSeenOn { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>The last day a daily analytics job ran: a conditional update of this row claims the day for one node.</summary>
internal sealed class AnalyticsJobRun
{
    public required string Job { get; init; }
    public DateOnly LastDay { get; set; }
}
