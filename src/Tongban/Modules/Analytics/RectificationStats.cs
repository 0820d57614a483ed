using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Evaluation.Rectification;

namespace Tongban.Modules.Analytics;

/// <param name="BadRatings">差评 of the period (orders opened), appeals upheld included.</param>
/// <param name="AppealUpheld">Set aside by 申诉复核 (误评/恶意差评): not counted in the rates below.</param>
/// <param name="Counted">BadRatings − AppealUpheld: the denominator of both rates.</param>
/// <param name="CalledBack">Called back at all, in time or late.</param>
/// <param name="CalledBackInTime">Called back within the 回访 limit: 实名差评回访率's numerator.</param>
/// <param name="Resolved">Rectified (整改率's numerator), in time or late.</param>
/// <param name="ResolvedInTime">Rectified within the 整改 limit.</param>
/// <param name="Open">Still waiting (待回访, 已回访 or 申诉中).</param>
/// <param name="Overdue">Waiting and past a deadline today.</param>
/// <param name="CallbackRate">实名差评回访率 = CalledBackInTime / Counted, 4 decimals; null when Counted is 0.</param>
/// <param name="RectificationRate">整改率 = Resolved / Counted, 4 decimals; null when Counted is 0.</param>
internal sealed record RectificationFiguresDto(string? DepartmentCode, int BadRatings, int AppealUpheld, int Counted, int CalledBack, int CalledBackInTime,
    int Resolved, int ResolvedInTime, int Open, int Overdue, double? CallbackRate, double? RectificationRate);

/// <summary>
/// 差评整改 figures of a period (orders opened in it, by Beijing day) for the satisfaction statistics: one grouped read of the
/// orders table (indexed on opened_at, or department and opened_at), a row per department.
/// </summary>
internal static class RectificationStats
{
    public static async Task<(RectificationFiguresDto Total, List<RectificationFiguresDto> Departments)> OfAsync(TongbanDb db, StatsScope scope, DateOnly today, CancellationToken ct)
    {
        var start = RectificationRules.StartOf(scope.From);
        var end = RectificationRules.StartOf(scope.To.AddDays(1));
        var orders = db.RectificationOrders.AsNoTracking().Where(o => o.OpenedAt >= start && o.OpenedAt < end);
        if (scope.Department is { } d) orders = orders.Where(o => o.DepartmentCode == d);
        var rows = await orders.GroupBy(o => o.DepartmentCode).Select(g => new
        {
            Department = g.Key,
            Bad = g.Count(),
            Upheld = g.Count(o => o.Status == RectificationStatus.AppealUpheld),
            CalledBack = g.Count(o => o.Status != RectificationStatus.AppealUpheld && o.CalledBackAt != null),
            InTime = g.Count(o => o.Status != RectificationStatus.AppealUpheld && o.CalledBackInTime),
            Resolved = g.Count(o => o.Status == RectificationStatus.Resolved),
            ResolvedInTime = g.Count(o => o.Status == RectificationStatus.Resolved && o.ResolvedInTime),
            Open = g.Count(o => o.Status == RectificationStatus.Open || o.Status == RectificationStatus.CalledBack || o.Status == RectificationStatus.Appealed),
            Overdue = g.Count(o => (o.Status == RectificationStatus.Open && o.CallbackDueDate < today)
                || ((o.Status == RectificationStatus.Open || o.Status == RectificationStatus.CalledBack) && o.RectifyDueDate < today)),
        }).ToListAsync(ct);
        var departments = rows.OrderBy(r => r.Department, StringComparer.Ordinal)
            .Select(r => Figures(r.Department, r.Bad, r.Upheld, r.CalledBack, r.InTime, r.Resolved, r.ResolvedInTime, r.Open, r.Overdue)).ToList();
        var total = Figures(scope.Department, rows.Sum(r => r.Bad), rows.Sum(r => r.Upheld), rows.Sum(r => r.CalledBack), rows.Sum(r => r.InTime),
            rows.Sum(r => r.Resolved), rows.Sum(r => r.ResolvedInTime), rows.Sum(r => r.Open), rows.Sum(r => r.Overdue));
        return (total, departments);
    }

    private static RectificationFiguresDto Figures(string? department, int bad, int upheld, int calledBack, int inTime, int resolved, int resolvedInTime, int open, int overdue)
    {
        var counted = bad - upheld;
        return new(department, bad, upheld, counted, calledBack, inTime, resolved, resolvedInTime, open, overdue,
            SatisfactionStats.Rate(inTime, counted), SatisfactionStats.Rate(resolved, counted));
    }
}
