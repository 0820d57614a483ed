using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Analytics;

/// <summary>
/// The daily counters rolled up for the dashboards: per day and per month (<see cref="Grain"/>), by department, channel,
/// window/kiosk and the item's 跑动次数 class, without service point and item. A year of a center-wide overview then
/// reads a few thousand rows instead of millions (bench/dashboard.sh: 10 M cases). Kept in the same statement batch as
/// <see cref="DailyCaseStat"/> (<see cref="CaseStatistics.ApplyAsync"/>) and rebuilt from it.
/// Queries that filter by item or service point read <see cref="DailyCaseStat"/> instead.
/// </summary>
internal sealed class PeriodCaseStat
{
    public const string Day = "D";
    public const string Month = "M";
    /// <summary>
    /// The same day and month rows summed over every window and kiosk (<see cref="DeskCode"/> ""): what the overview,
    /// departments, trends, satisfaction and e-certificates read. With the desk a day holds a row per window, and a year
    /// of them was too slow at a province's size (docs/performance.md, bench/dashboard.sh); without it a few hundred per day.
    /// Only the window ranking and the kiosks read the rows by desk.
    /// </summary>
    public const string DayAllDesks = "d";
    public const string MonthAllDesks = "m";

    /// <summary>"D"/"d": <see cref="PeriodStart"/> is the day; "M"/"m": the first day of the month; lower case: all desks summed.</summary>
    public required string Grain { get; init; }
    public DateOnly PeriodStart { get; init; }
    public required string DepartmentCode { get; init; }
    public ApplicationChannel Channel { get; init; }
    public string DeskCode { get; init; } = "";
    /// <summary>The item's 到现场次数 when counted: 0 一趟不用跑, 1 最多跑一次, 2 two or more.</summary>
    public int VisitsClass { get; init; }
    public int Submitted { get; set; }
    public int Accepted { get; set; }
    public int NotAccepted { get; set; }
    public int Completed { get; set; }
    public int OnTime { get; set; }
    public int Overdue { get; set; }
    public int Withdrawn { get; set; }
    public int Corrections { get; set; }
    public int MaterialsReused { get; set; }
    /// <summary>好差评 by level (5 非常满意 … 1 非常不满意), on the day of the evaluation.</summary>
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

    public static int ClassOf(int visitsRequired) => Math.Min(visitsRequired, 2);
}

/// <summary>Which rows of <see cref="PeriodCaseStat"/> cover [from, to] exactly: whole months by their month row, the rest by day rows.</summary>
internal readonly record struct PeriodCover(DateOnly From, DateOnly To)
{
    /// <param name="byDesk">Rows per window/kiosk (for the ranking and the kiosks); otherwise the rows summed over desks.</param>
    public IQueryable<PeriodCaseStat> Apply(IQueryable<PeriodCaseStat> rows, bool byDesk)
    {
        var (day, month) = byDesk ? (PeriodCaseStat.Day, PeriodCaseStat.Month) : (PeriodCaseStat.DayAllDesks, PeriodCaseStat.MonthAllDesks);
        var firstWhole = From.Day == 1 ? From : new DateOnly(From.Year, From.Month, 1).AddMonths(1);
        var afterLastWhole = new DateOnly(To.Year, To.Month, 1);
        if (To.AddDays(1).Day == 1) afterLastWhole = afterLastWhole.AddMonths(1);
        var (from, to) = (From, To);
        if (firstWhole >= afterLastWhole) return rows.Where(r => r.Grain == day && r.PeriodStart >= from && r.PeriodStart <= to);
        var lastWholeStart = afterLastWhole.AddMonths(-1);
        return rows.Where(r => (r.Grain == month && r.PeriodStart >= firstWhole && r.PeriodStart <= lastWholeStart)
            || (r.Grain == day && ((r.PeriodStart >= from && r.PeriodStart < firstWhole) || (r.PeriodStart >= afterLastWhole && r.PeriodStart <= to))));
    }
}
