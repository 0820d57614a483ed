using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Analytics;

/// <summary>The period and the department a statistics request asks about, checked once for every endpoint.</summary>
internal sealed record StatsScope(DateOnly From, DateOnly To, string? Department)
{
    public const int MaxDays = 366 * 3;

    /// <summary>
    /// Defaults to the current month; a staff member bound to a department sees that department only
    /// (analysts, supervisors and admins see the whole center).
    /// </summary>
    public static (StatsScope? Scope, IResult? Problem) Resolve(HttpContext http, TimeProvider clock, DateOnly? from, DateOnly? to, string? department)
    {
        var today = ChinaTime.Today(clock);
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var end = to ?? today;
        var errors = new FieldErrors();
        if (end < start) errors.Add("to", "结束日期不能早于开始日期");
        else if (end.DayNumber - start.DayNumber > MaxDays) errors.Add("to", $"统计区间不能超过 {MaxDays} 天");
        if (errors.Any) return (null, errors.ToResult());
        var staff = StaffActor.From(http.User)!;
        var centerWide = staff.IsIn(StaffRoles.Analyst) || staff.IsIn(StaffRoles.Supervisor) || staff.IsIn(StaffRoles.Admin);
        if (!centerWide)
        {
            if (staff.DepartmentCode is null)
                return (null, Problems.Of(StatusCodes.Status403Forbidden, "stats.forbidden", "无权查看统计", "统计数据仅对统计分析、监察人员和部门工作人员开放。"));
            if (department is not null && department != staff.DepartmentCode)
                return (null, Problems.Of(StatusCodes.Status403Forbidden, "stats.forbidden", "无权查看其他部门的统计", $"您属于部门 {staff.DepartmentCode}。"));
            department = staff.DepartmentCode;
        }
        return (new StatsScope(start, end, string.IsNullOrWhiteSpace(department) ? null : department), null);
    }

    public IQueryable<DailyCaseStat> Apply(IQueryable<DailyCaseStat> rows)
    {
        var (from, to) = (From, To);
        rows = rows.Where(r => r.Day >= from && r.Day <= to);
        if (Department is { } d) rows = rows.Where(r => r.DepartmentCode == d);
        return rows;
    }
}

internal sealed record StatsOverviewDto(DateOnly From, DateOnly To, string? DepartmentCode,
    int Submitted, int Accepted, int NotAccepted, int Completed, int OnTime, int Overdue, int Withdrawn, int Corrections, int MaterialsReused,
    int Online, int Mobile, int Kiosk, int Window, double? OnTimeRate, double? CompletionRate, double? SatisfactionRate);

internal sealed record DepartmentStatsDto(string DepartmentCode, string DepartmentName, int Submitted, int Accepted, int Completed, int OnTime, int Overdue,
    int Online, int Kiosk, int Window, int MaterialsReused, int OneVisitItems, int OneVisitCases, int ZeroVisitItems, int ZeroVisitCases);

internal sealed record WindowRankingDto(int Rank, string WindowCode, string WindowName, string ServicePointCode, string ServicePointName,
    int Handled, int Accepted, int Completed, int OnTime);

internal sealed record KioskStatsDto(string KioskCode, string KioskName, string Location, string? ServicePointCode, int Applications, int Completed);

internal sealed record TrendPointDto(DateOnly Date, int Value);

internal sealed record TrendDto(string Metric, IReadOnlyList<TrendPointDto> Points);

/// <summary>
/// GET /api/stats/overview, /departments, /trends (API.md). Every answer is a grouped read of the daily
/// counters (index daily_case_stats(department_code, day) or the key's day prefix); no case is scanned.
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

    internal static async Task<IResult> Overview(HttpContext http, TongbanDb db, TimeProvider clock, DateOnly? from, DateOnly? to, string? department, CancellationToken ct)
    {
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, department);
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

    private static async Task<StatsOverviewDto> OverviewOf(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var byChannel = await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => r.Channel).Select(g => new
        {
            Channel = g.Key, Submitted = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted), NotAccepted = g.Sum(r => r.NotAccepted),
            Completed = g.Sum(r => r.Completed), OnTime = g.Sum(r => r.OnTime), Overdue = g.Sum(r => r.Overdue), Withdrawn = g.Sum(r => r.Withdrawn),
            Corrections = g.Sum(r => r.Corrections), Reused = g.Sum(r => r.MaterialsReused),
            Satisfied = g.Sum(r => r.Rated5 + r.Rated4), Rated = g.Sum(r => r.Rated5 + r.Rated4 + r.Rated3 + r.Rated2 + r.Rated1),
        }).ToListAsync(ct);
        int Channel(Cases.ApplicationChannel c) => byChannel.Where(x => x.Channel == c).Sum(x => x.Submitted);
        var submitted = byChannel.Sum(x => x.Submitted);
        var accepted = byChannel.Sum(x => x.Accepted);
        var completed = byChannel.Sum(x => x.Completed);
        var onTime = byChannel.Sum(x => x.OnTime);
        return new StatsOverviewDto(scope.From, scope.To, scope.Department, submitted, accepted, byChannel.Sum(x => x.NotAccepted),
            completed, onTime, byChannel.Sum(x => x.Overdue), byChannel.Sum(x => x.Withdrawn), byChannel.Sum(x => x.Corrections), byChannel.Sum(x => x.Reused),
            Channel(Cases.ApplicationChannel.Online), Channel(Cases.ApplicationChannel.Mobile), Channel(Cases.ApplicationChannel.Kiosk), Channel(Cases.ApplicationChannel.Window),
            completed == 0 ? null : Math.Round((double)onTime / completed, 4), accepted == 0 ? null : Math.Round((double)completed / accepted, 4),
            SatisfactionStats.Rate(byChannel.Sum(x => x.Satisfied), byChannel.Sum(x => x.Rated)));
    }

    internal static async Task<IResult> Departments(HttpContext http, TongbanDb db, TimeProvider clock, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, null);
        if (problem is not null) return problem;
        var byItem = await scope!.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => new { r.DepartmentCode, r.ItemCode, r.Channel }).Select(g => new
        {
            g.Key.DepartmentCode, g.Key.ItemCode, g.Key.Channel, Submitted = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted),
            Completed = g.Sum(r => r.Completed), OnTime = g.Sum(r => r.OnTime), Overdue = g.Sum(r => r.Overdue), Reused = g.Sum(r => r.MaterialsReused),
        }).ToListAsync(ct);
        // 最多跑一次 / 一趟不用跑 come from the published catalog: visits ≤ 1 and visits = 0.
        var items = await db.ItemVersions.AsNoTracking().Where(i => i.Status == Catalog.ItemVersionStatus.Published && (scope.Department == null || i.DepartmentCode == scope.Department))
            .Select(i => new { i.Code, i.DepartmentCode, i.VisitsRequired }).ToListAsync(ct);
        var visits = items.ToDictionary(i => i.Code, i => i.VisitsRequired);
        var departments = await db.Departments.AsNoTracking().Where(d => scope.Department == null || d.Code == scope.Department)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var rows = departments.Select(d =>
        {
            var mine = byItem.Where(r => r.DepartmentCode == d.Code).ToList();
            var myItems = items.Where(i => i.DepartmentCode == d.Code).ToList();
            int VisitCases(int maxVisits, bool exact) => mine.Where(r => visits.TryGetValue(r.ItemCode, out var v) && (exact ? v == maxVisits : v <= maxVisits)).Sum(r => r.Submitted);
            return new DepartmentStatsDto(d.Code, d.Name, mine.Sum(r => r.Submitted), mine.Sum(r => r.Accepted), mine.Sum(r => r.Completed), mine.Sum(r => r.OnTime), mine.Sum(r => r.Overdue),
                mine.Where(r => r.Channel is Cases.ApplicationChannel.Online or Cases.ApplicationChannel.Mobile).Sum(r => r.Submitted),
                mine.Where(r => r.Channel == Cases.ApplicationChannel.Kiosk).Sum(r => r.Submitted), mine.Where(r => r.Channel == Cases.ApplicationChannel.Window).Sum(r => r.Submitted),
                mine.Sum(r => r.Reused), myItems.Count(i => i.VisitsRequired <= 1), VisitCases(1, false), myItems.Count(i => i.VisitsRequired == 0), VisitCases(0, true));
        }).ToList();
        return TypedResults.Ok(rows);
    }

    /// <summary>Windows by cases received (handled), highest first; a window with nothing yet is listed with zeros.</summary>
    internal static async Task<IResult> WindowRanking(HttpContext http, TongbanDb db, TimeProvider clock, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, null);
        if (problem is not null) return problem;
        var byWindow = await scope!.Apply(db.DailyCaseStats.AsNoTracking()).Where(r => r.Channel == Cases.ApplicationChannel.Window && r.DeskCode != "")
            .GroupBy(r => r.DeskCode).Select(g => new
            {
                Code = g.Key, Handled = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted), Completed = g.Sum(r => r.Completed), OnTime = g.Sum(r => r.OnTime),
            }).ToDictionaryAsync(x => x.Code, ct);
        var windows = await db.Windows.AsNoTracking().Join(db.ServicePoints, w => w.ServicePointCode, p => p.Code, (w, p) => new { w.Code, w.Name, w.ServicePointCode, PointName = p.Name })
            .ToListAsync(ct);
        var rows = windows.Select(w => (w, s: byWindow.GetValueOrDefault(w.Code))).OrderByDescending(x => x.s?.Handled ?? 0).ThenBy(x => x.w.Code).Select((x, i) =>
            new WindowRankingDto(i + 1, x.w.Code, x.w.Name, x.w.ServicePointCode, x.w.PointName, x.s?.Handled ?? 0, x.s?.Accepted ?? 0, x.s?.Completed ?? 0, x.s?.OnTime ?? 0)).ToList();
        return TypedResults.Ok(rows);
    }

    /// <summary>Kiosk applications per device and location (the 24-hour terminals in bank lobbies).</summary>
    internal static async Task<IResult> Kiosks(HttpContext http, TongbanDb db, TimeProvider clock, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, null);
        if (problem is not null) return problem;
        var byKiosk = await scope!.Apply(db.DailyCaseStats.AsNoTracking()).Where(r => r.Channel == Cases.ApplicationChannel.Kiosk)
            .GroupBy(r => r.DeskCode).Select(g => new { Code = g.Key, Applications = g.Sum(r => r.Submitted), Completed = g.Sum(r => r.Completed) })
            .ToDictionaryAsync(x => x.Code, ct);
        var kiosks = await db.Kiosks.AsNoTracking().OrderBy(k => k.Code).ToListAsync(ct);
        return TypedResults.Ok(kiosks.Select(k => new KioskStatsDto(k.Code, k.Name, k.LocationName, k.ServicePointCode,
            byKiosk.GetValueOrDefault(k.Code)?.Applications ?? 0, byKiosk.GetValueOrDefault(k.Code)?.Completed ?? 0))
            .OrderByDescending(k => k.Applications).ToList());
    }

    private static readonly string[] Metrics = ["submitted", "accepted", "completed", "onTime", "overdue", "corrections", "materialsReused"];

    internal static async Task<IResult> Trends(HttpContext http, TongbanDb db, TimeProvider clock, string? metric, string? item, DateOnly? from, DateOnly? to, string? department, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(metric) ? "submitted" : metric;
        if (!Metrics.Contains(name)) return new FieldErrors().Add("metric", $"指标只能是 {string.Join("、", Metrics)}").ToResult();
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, department);
        if (problem is not null) return problem;
        var rows = scope!.Apply(db.DailyCaseStats.AsNoTracking());
        if (!string.IsNullOrWhiteSpace(item)) rows = rows.Where(r => r.ItemCode == item);
        var byDay = await rows.GroupBy(r => r.Day).Select(g => new
        {
            Day = g.Key, Submitted = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted), Completed = g.Sum(r => r.Completed),
            OnTime = g.Sum(r => r.OnTime), Overdue = g.Sum(r => r.Overdue), Corrections = g.Sum(r => r.Corrections), Reused = g.Sum(r => r.MaterialsReused),
        }).ToDictionaryAsync(x => x.Day, ct);
        var points = new List<TrendPointDto>();
        // One point per day, zero where nothing happened: a chart shows the gaps.
        for (var day = scope.From; day <= scope.To; day = day.AddDays(1))
        {
            var v = byDay.GetValueOrDefault(day);
            points.Add(new TrendPointDto(day, v is null ? 0 : name switch
            {
                "accepted" => v.Accepted, "completed" => v.Completed, "onTime" => v.OnTime, "overdue" => v.Overdue,
                "corrections" => v.Corrections, "materialsReused" => v.Reused, _ => v.Submitted,
            }));
        }
        return TypedResults.Ok(new TrendDto(name, points));
    }
}
