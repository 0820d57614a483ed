using Tongban.Modules.Cases;

namespace Tongban.Modules.Analytics;

/// <summary>
/// One day of one item's cases at one service point through one channel and window or kiosk: the counters every statistic and
/// the big screen read (never the cases themselves). Kept up to date in the transaction that changes a case
/// (<see cref="CaseStatistics"/>); `stats rebuild` recomputes them from the cases and must agree.
/// The day is the China date of each event (submitted on the day of submission, completed on the day of completion,
/// rated on the day of the evaluation).
/// </summary>
internal sealed class DailyCaseStat
{
    public DateOnly Day { get; init; }
    public required string DepartmentCode { get; init; }
    public required string ServicePointCode { get; init; }
    public required string ItemCode { get; init; }
    public ApplicationChannel Channel { get; init; }
    /// <summary>The window (窗口) or kiosk (自助终端) that received the case; "" for online and mobile.</summary>
    public string DeskCode { get; init; } = "";
    public int Submitted { get; set; }
    public int Accepted { get; set; }
    public int NotAccepted { get; set; }
    public int Completed { get; set; }
    /// <summary>Completed on or before the promised due date (or without one).</summary>
    public int OnTime { get; set; }
    public int Overdue { get; set; }
    public int Withdrawn { get; set; }
    /// <summary>一次性告知 notices issued.</summary>
    public int Corrections { get; set; }
    /// <summary>Materials taken from the library instead of a new upload (uploads saved).</summary>
    public int MaterialsReused { get; set; }
    /// <summary>
    /// 好差评 by level, on the China day of the evaluation: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意
    /// (满意率 = levels 4–5 over all five).
    /// </summary>
    public int Rated5 { get; set; }
    public int Rated4 { get; set; }
    public int Rated3 { get; set; }
    public int Rated2 { get; set; }
    public int Rated1 { get; set; }
    /// <summary>
    /// 电子证照生成: approved cases of items with a 证照类型代码, on their completion day (the moment the e-certificate is
    /// generated; the e-certificate module of a later issue issues it then).
    /// </summary>
    public int CertificatesIssued { get; set; }
    /// <summary>电子证照调用: materials given as an e-certificate (certificateId), on the day handed in. 0 until ADR 0004's refusal is lifted.</summary>
    public int CertificatesUsed { get; set; }
}
