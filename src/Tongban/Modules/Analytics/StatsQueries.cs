using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Analytics;

internal sealed record StatsOverviewDto(DateOnly From, DateOnly To, string? DepartmentCode,
    int Submitted, int Accepted, int NotAccepted, int Completed, int OnTime, int Overdue, int Withdrawn, int Corrections, int MaterialsReused,
    int Online, int Mobile, int Kiosk, int Window, double? OnTimeRate, double? CompletionRate, double? SatisfactionRate,
    int CertificatesIssued, int CertificatesUsed);

internal sealed record DepartmentStatsDto(string DepartmentCode, string DepartmentName, int Submitted, int Accepted, int Completed, int OnTime, int Overdue,
    int Online, int Kiosk, int Window, int MaterialsReused, int OneVisitItems, int OneVisitCases, int ZeroVisitItems, int ZeroVisitCases);

internal sealed record WindowRankingDto(int Rank, string WindowCode, string WindowName, string ServicePointCode, string ServicePointName,
    int Handled, int Accepted, int Completed, int OnTime);

internal sealed record KioskStatsDto(string KioskCode, string KioskName, string Location, string? ServicePointCode, int Applications, int Completed, bool Online);

internal sealed record TrendPointDto(DateOnly Date, int Value);

internal sealed record TrendDto(string Metric, IReadOnlyList<TrendPointDto> Points);

/// <summary>
/// GET /api/stats/overview, /departments, /trends (API.md). Every answer is a grouped read of the counters — the
/// day/month roll-up (<see cref="PeriodCaseStat"/>) unless an item or service point is filtered, then the daily
/// counters (indexes by item and day, department and day, or the key's day prefix); no case is scanned.
/// </summary>
internal static class StatsQueries
{
    public static void Map(RouteGroupBuilder api)
    {
        var stats = api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics");
        stats.MapGet("/overview", Overview).Produces<StatsOverviewDto>().ProducesValidationProblem().ProducesProblem(403).WithName("StatsOverview").WithSummary("办件统计总览");
        stats.MapGet("/departments", Departments).Produces<IReadOnlyList<DepartmentStatsDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsByDepartment").WithSummary("分部门统计（含最多跑一次、一趟不用跑）");
        stats.MapGet("/windows/ranking", WindowRanking).Produces<IReadOnlyList<WindowRankingDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsWindowRanking").WithSummary("窗口办件排行");
        stats.MapGet("/kiosks", Kiosks).Produces<IReadOnlyList<KioskStatsDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsKiosks").WithSummary("自助终端申办量（按设备和地点）");
        stats.MapGet("/live", Live).Produces<StatsOverviewDto>(contentType: "text/event-stream").WithName("StatsLive")
            .WithSummary("大屏实时推送：今日总览（SSE，每 5 秒一次）");
        stats.MapGet("/trends", Trends).Produces<TrendDto>().ProducesValidationProblem().ProducesProblem(403).WithName("StatsTrends").WithSummary("按日趋势");
    }

    internal static async Task<IResult> Overview(HttpContext http, TongbanDb db, TimeProvider clock, [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(await OverviewOf(db, scope!, ct));
    }

    /// <summary>
    /// GET /api/stats/live — today's overview as server-sent events, now and every 5 seconds, for the big
    /// screen's live counters (one grouped read of today's counters per tick and screen).
    /// </summary>
    internal static IResult Live(HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var (scope, problem) = StatsScope.Resolve(http, clock, today, today, null);
        if (problem is not null) return problem;
        return TypedResults.ServerSentEvents(Ticks(db, clock, scope!, ct), eventType: "overview");
    }

    private static async IAsyncEnumerable<StatsOverviewDto> Ticks(TongbanDb db, TimeProvider clock, StatsScope scope, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // The day rolls over at midnight China time: a screen left on all night shows the new day.
            var today = ChinaTime.Today(clock);
            yield return await OverviewOf(db, scope with { From = today, To = today }, ct);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), clock, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    internal static async Task<StatsOverviewDto> OverviewOf(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        // The roll-up unless an item or service point is asked for (then the daily counters).
        var byChannel = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(r => r.Channel).Select(g => new ChannelFigures(
                g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.NotAccepted), g.Sum(r => r.Completed), g.Sum(r => r.OnTime),
                g.Sum(r => r.Overdue), g.Sum(r => r.Withdrawn), g.Sum(r => r.Corrections), g.Sum(r => r.MaterialsReused),
                g.Sum(r => r.Rated5 + r.Rated4), g.Sum(r => r.Rated5 + r.Rated4 + r.Rated3 + r.Rated2 + r.Rated1),
                g.Sum(r => r.CertificatesIssued), g.Sum(r => r.CertificatesUsed))).ToListAsync(ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => r.Channel).Select(g => new ChannelFigures(
                g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.NotAccepted), g.Sum(r => r.Completed), g.Sum(r => r.OnTime),
                g.Sum(r => r.Overdue), g.Sum(r => r.Withdrawn), g.Sum(r => r.Corrections), g.Sum(r => r.MaterialsReused),
                g.Sum(r => r.Rated5 + r.Rated4), g.Sum(r => r.Rated5 + r.Rated4 + r.Rated3 + r.Rated2 + r.Rated1),
                g.Sum(r => r.CertificatesIssued), g.Sum(r => r.CertificatesUsed))).ToListAsync(ct);
        int Channel(Cases.ApplicationChannel c) => byChannel.Where(x => x.Channel == c).Sum(x => x.Submitted);
        var submitted = byChannel.Sum(x => x.Submitted);
        var accepted = byChannel.Sum(x => x.Accepted);
        var completed = byChannel.Sum(x => x.Completed);
        var onTime = byChannel.Sum(x => x.OnTime);
        return new StatsOverviewDto(scope.From, scope.To, scope.Department, submitted, accepted, byChannel.Sum(x => x.NotAccepted),
            completed, onTime, byChannel.Sum(x => x.Overdue), byChannel.Sum(x => x.Withdrawn), byChannel.Sum(x => x.Corrections), byChannel.Sum(x => x.Reused),
            Channel(Cases.ApplicationChannel.Online), Channel(Cases.ApplicationChannel.Mobile), Channel(Cases.ApplicationChannel.Kiosk), Channel(Cases.ApplicationChannel.Window),
            completed == 0 ? null : Math.Round((double)onTime / completed, 4), accepted == 0 ? null : Math.Round((double)completed / accepted, 4),
            SatisfactionStats.Rate(byChannel.Sum(x => x.Satisfied), byChannel.Sum(x => x.Rated)),
            byChannel.Sum(x => x.CertificatesIssued), byChannel.Sum(x => x.CertificatesUsed));
    }

    private sealed record ChannelFigures(Cases.ApplicationChannel Channel, int Submitted, int Accepted, int NotAccepted, int Completed, int OnTime,
        int Overdue, int Withdrawn, int Corrections, int Reused, int Satisfied, int Rated, int CertificatesIssued, int CertificatesUsed);

    internal static async Task<IResult> Departments(HttpContext http, TongbanDb db, TimeProvider clock, [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(await DepartmentsOf(db, scope!, ct));
    }

    /// <summary>
    /// One row per department (only the filtered one when a department is given). The 最多跑一次 / 一趟不用跑 item
    /// counts come from the published catalog (narrowed to the item filter); their case volumes follow every filter.
    /// </summary>
    internal static async Task<List<DepartmentStatsDto>> DepartmentsOf(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        // 最多跑一次 / 一趟不用跑 items come from the published catalog (visits ≤ 1 and = 0). Their cases: from the roll-up,
        // classed by the item's visits when each case was counted; with an item or point filter, from the daily counters
        // classed by the catalog now.
        var items = await db.ItemVersions.AsNoTracking().Where(i => i.Status == Catalog.ItemVersionStatus.Published && (scope.Department == null || i.DepartmentCode == scope.Department) && (scope.Item == null || i.Code == scope.Item))
            .Select(i => new { i.Code, i.DepartmentCode, i.VisitsRequired }).ToListAsync(ct);
        var visits = items.ToDictionary(i => i.Code, i => PeriodCaseStat.ClassOf(i.VisitsRequired));
        var byItem = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(r => new { r.DepartmentCode, r.VisitsClass, r.Channel }).Select(g => new ClassFigures(
                g.Key.DepartmentCode, g.Key.VisitsClass, g.Key.Channel, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed),
                g.Sum(r => r.OnTime), g.Sum(r => r.Overdue), g.Sum(r => r.MaterialsReused))).ToListAsync(ct)
            : (await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => new { r.DepartmentCode, r.ItemCode, r.Channel }).Select(g => new
            {
                g.Key.DepartmentCode, g.Key.ItemCode, g.Key.Channel, Submitted = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted),
                Completed = g.Sum(r => r.Completed), OnTime = g.Sum(r => r.OnTime), Overdue = g.Sum(r => r.Overdue), Reused = g.Sum(r => r.MaterialsReused),
            }).ToListAsync(ct)).Select(r => new ClassFigures(r.DepartmentCode, visits.GetValueOrDefault(r.ItemCode, 2), r.Channel, r.Submitted, r.Accepted,
                r.Completed, r.OnTime, r.Overdue, r.Reused)).ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => scope.Department == null || d.Code == scope.Department)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var rows = departments.Select(d =>
        {
            var mine = byItem.Where(r => r.DepartmentCode == d.Code).ToList();
            var myItems = items.Where(i => i.DepartmentCode == d.Code).ToList();
            int VisitCases(int maxVisits, bool exact) => mine.Where(r => exact ? r.VisitsClass == maxVisits : r.VisitsClass <= maxVisits).Sum(r => r.Submitted);
            return new DepartmentStatsDto(d.Code, d.Name, mine.Sum(r => r.Submitted), mine.Sum(r => r.Accepted), mine.Sum(r => r.Completed), mine.Sum(r => r.OnTime), mine.Sum(r => r.Overdue),
                mine.Where(r => r.Channel is Cases.ApplicationChannel.Online or Cases.ApplicationChannel.Mobile).Sum(r => r.Submitted),
                mine.Where(r => r.Channel == Cases.ApplicationChannel.Kiosk).Sum(r => r.Submitted), mine.Where(r => r.Channel == Cases.ApplicationChannel.Window).Sum(r => r.Submitted),
                mine.Sum(r => r.Reused), myItems.Count(i => i.VisitsRequired <= 1), VisitCases(1, false), myItems.Count(i => i.VisitsRequired == 0), VisitCases(0, true));
        }).ToList();
        return rows;
    }

    private sealed record ClassFigures(string DepartmentCode, int VisitsClass, Cases.ApplicationChannel Channel, int Submitted, int Accepted, int Completed,
        int OnTime, int Overdue, int Reused);

    internal static async Task<IResult> WindowRanking(HttpContext http, TongbanDb db, TimeProvider clock, [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(await WindowRankingOf(db, scope!, ct));
    }

    /// <summary>
    /// Windows by cases received (handled), highest first. A window with nothing yet is listed with zeros when it is in
    /// scope: at the filtered service point, and serving the filtered department.
    /// </summary>
    internal static async Task<List<WindowRankingDto>> WindowRankingOf(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var byWindow = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking(), byDesk: true).Where(r => r.Channel == Cases.ApplicationChannel.Window && r.DeskCode != "")
                .GroupBy(r => r.DeskCode).Select(g => new DeskFigures(g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed), g.Sum(r => r.OnTime)))
                .ToDictionaryAsync(x => x.Code, ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).Where(r => r.Channel == Cases.ApplicationChannel.Window && r.DeskCode != "")
                .GroupBy(r => r.DeskCode).Select(g => new DeskFigures(g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed), g.Sum(r => r.OnTime)))
                .ToDictionaryAsync(x => x.Code, ct);
        var point = scope.ServicePoint;
        var windows = (await db.Windows.AsNoTracking().Where(w => point == null || w.ServicePointCode == point)
            .Join(db.ServicePoints, w => w.ServicePointCode, p => p.Code, (w, p) => new { w.Code, w.Name, w.ServicePointCode, PointName = p.Name, w.DepartmentCodes })
            .ToListAsync(ct))
            .Where(w => scope.Department is null || w.DepartmentCodes.Contains(scope.Department) || byWindow.ContainsKey(w.Code)).ToList();
        return windows.Select(w => (w, s: byWindow.GetValueOrDefault(w.Code))).OrderByDescending(x => x.s?.Handled ?? 0).ThenBy(x => x.w.Code).Select((x, i) =>
            new WindowRankingDto(i + 1, x.w.Code, x.w.Name, x.w.ServicePointCode, x.w.PointName, x.s?.Handled ?? 0, x.s?.Accepted ?? 0, x.s?.Completed ?? 0, x.s?.OnTime ?? 0)).ToList();
    }

    private sealed record DeskFigures(string Code, int Handled, int Accepted, int Completed, int OnTime);

    internal static async Task<IResult> Kiosks(HttpContext http, TongbanDb db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Kiosks.KioskOptions> kioskOptions,
        [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        // Online is now, whatever the period: the big screen's 在线 count beside the period's applications.
        var online = await Modules.Kiosks.KioskPresence.OnlineCodesAsync(db, clock.GetUtcNow(), kioskOptions.Value.OfflineAfter, ct);
        return TypedResults.Ok(await KiosksOf(db, scope!, ct, online));
    }

    /// <summary>
    /// Kiosk applications per device and location (the 24-hour terminals in bank lobbies), most first. With a service
    /// point filter: the kiosks placed there, and any other that received cases for that point.
    /// </summary>
    internal static async Task<List<KioskStatsDto>> KiosksOf(TongbanDb db, StatsScope scope, CancellationToken ct, IReadOnlySet<string>? online = null)
    {
        var byKiosk = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking(), byDesk: true).Where(r => r.Channel == Cases.ApplicationChannel.Kiosk)
                .GroupBy(r => r.DeskCode).Select(g => new DeskFigures(g.Key, g.Sum(r => r.Submitted), 0, g.Sum(r => r.Completed), 0)).ToDictionaryAsync(x => x.Code, ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).Where(r => r.Channel == Cases.ApplicationChannel.Kiosk)
                .GroupBy(r => r.DeskCode).Select(g => new DeskFigures(g.Key, g.Sum(r => r.Submitted), 0, g.Sum(r => r.Completed), 0)).ToDictionaryAsync(x => x.Code, ct);
        var kiosks = (await db.Kiosks.AsNoTracking().OrderBy(k => k.Code).ToListAsync(ct))
            .Where(k => scope.ServicePoint is null || k.ServicePointCode == scope.ServicePoint || byKiosk.ContainsKey(k.Code));
        return kiosks.Select(k => new KioskStatsDto(k.Code, k.Name, k.LocationName, k.ServicePointCode,
            byKiosk.GetValueOrDefault(k.Code)?.Handled ?? 0, byKiosk.GetValueOrDefault(k.Code)?.Completed ?? 0, online?.Contains(k.Code) == true))
            .OrderByDescending(k => k.Applications).ToList();
    }

    private static readonly string[] Metrics = ["submitted", "accepted", "completed", "onTime", "overdue", "corrections", "materialsReused"];

    internal static async Task<IResult> Trends(HttpContext http, TongbanDb db, TimeProvider clock, string? metric, [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(metric) ? "submitted" : metric;
        if (!Metrics.Contains(name)) return new FieldErrors().Add("metric", $"指标只能是 {string.Join("、", Metrics)}").ToResult();
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        var days = await DailyOf(db, scope!, ct);
        return TypedResults.Ok(new TrendDto(name, [.. days.Select(v => new TrendPointDto(v.Day, name switch
        {
            "accepted" => v.Accepted, "completed" => v.Completed, "onTime" => v.OnTime, "overdue" => v.Overdue,
            "corrections" => v.Corrections, "materialsReused" => v.MaterialsReused, _ => v.Submitted,
        }))]));
    }

    /// <summary>Every trend metric of one day.</summary>
    internal sealed record DayFigures(DateOnly Day, int Submitted, int Accepted, int Completed, int OnTime, int Overdue, int Corrections, int MaterialsReused);

    /// <summary>One row per day of the period, zero where nothing happened: a chart shows the gaps.</summary>
    internal static async Task<List<DayFigures>> DailyOf(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var byDay = scope.UsesRollup
            ? await scope.ApplyDays(db.PeriodCaseStats.AsNoTracking()).GroupBy(r => r.PeriodStart).Select(g => new DayFigures(
                g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed),
                g.Sum(r => r.OnTime), g.Sum(r => r.Overdue), g.Sum(r => r.Corrections), g.Sum(r => r.MaterialsReused))).ToDictionaryAsync(x => x.Day, ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => r.Day).Select(g => new DayFigures(
                g.Key, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed),
                g.Sum(r => r.OnTime), g.Sum(r => r.Overdue), g.Sum(r => r.Corrections), g.Sum(r => r.MaterialsReused))).ToDictionaryAsync(x => x.Day, ct);
        var days = new List<DayFigures>();
        for (var day = scope.From; day <= scope.To; day = day.AddDays(1))
            days.Add(byDay.GetValueOrDefault(day) ?? new DayFigures(day, 0, 0, 0, 0, 0, 0, 0));
        return days;
    }
}
