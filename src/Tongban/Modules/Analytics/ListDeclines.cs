using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Analytics;

/// <summary>
/// A current decline: what (subject, with names), which metric, the baseline against the recent value, and since when.
/// For applications <c>baseline</c> is the count expected in the recent two weeks and <c>recent</c> the count; for the
/// completion rate both are ratios (0–1).
/// </summary>
internal sealed record DeclineAlertDto(long Id, DeclineSubject Subject, string? DepartmentCode, string? DepartmentName, string? ItemCode, string? ItemName,
    string? WindowCode, string? WindowName, DeclineMetric Metric, double Baseline, double Recent, double DropRatio, double Score,
    DateOnly RecentFrom, DateOnly RecentTo, DateTimeOffset DetectedAt, DateOnly LastSeenOn);

/// <summary>GET /api/stats/declines (API.md): the decline alerts the daily scan currently finds, the largest drops first.</summary>
internal static class ListDeclines
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics")
            .MapGet("/declines", Handle).Produces<IReadOnlyList<DeclineAlertDto>>().ProducesProblem(403)
            .WithName("StatsDeclines").WithSummary("申办量、办结率下滑预警（每日扫描）");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, string? department, CancellationToken ct)
    {
        // The period is the scan's, not the caller's; the scope is resolved for who may see which department.
        var (scope, problem) = StatsScope.Resolve(http, clock, null, null, department);
        if (problem is not null) return problem;
        return TypedResults.Ok(await OfAsync(db, scope!.Department, ct));
    }

    /// <summary>The current declines, of one department (its items and itself) or all; the largest drops first.</summary>
    internal static async Task<List<DeclineAlertDto>> OfAsync(TongbanDb db, string? department, CancellationToken ct)
    {
        var alerts = db.DeclineAlerts.AsNoTracking().Where(a => a.ResolvedAt == null);
        // A department's staff see their department's items and the department itself; windows serve several departments.
        if (department is { } d) alerts = alerts.Where(a => a.DepartmentCode == d);
        var rows = await alerts.ToListAsync(ct);
        var itemCodes = rows.Where(r => r.ItemCode != "").Select(r => r.ItemCode).Distinct().ToList();
        var items = await db.ItemVersions.AsNoTracking().Where(i => itemCodes.Contains(i.Code) && i.Status == Catalog.ItemVersionStatus.Published)
            .Select(i => new { i.Code, i.Name }).ToDictionaryAsync(i => i.Code, i => i.Name, ct);
        var departments = await db.Departments.AsNoTracking().Select(x => new { x.Code, x.Name }).ToDictionaryAsync(x => x.Code, x => x.Name, ct);
        var windowCodes = rows.Where(r => r.WindowCode != "").Select(r => r.WindowCode).Distinct().ToList();
        var windows = await db.Windows.AsNoTracking().Where(w => windowCodes.Contains(w.Code)).Select(w => new { w.Code, w.Name })
            .ToDictionaryAsync(w => w.Code, w => w.Name, ct);
        static string? Blank(string s) => s.Length == 0 ? null : s;
        // Enums reach JSON as camelCase strings (the app's JsonStringEnumConverter): "windowItem", "completionRate".
        return rows.OrderBy(r => r.Score).Select(r => new DeclineAlertDto(r.Id, r.Subject,
            Blank(r.DepartmentCode), departments.GetValueOrDefault(r.DepartmentCode), Blank(r.ItemCode), items.GetValueOrDefault(r.ItemCode),
            Blank(r.WindowCode), windows.GetValueOrDefault(r.WindowCode), r.Metric,
            r.Baseline, r.Recent, r.DropRatio, r.Score, r.RecentFrom, r.RecentTo, r.DetectedAt, r.LastSeenOn)).ToList();
    }
}
