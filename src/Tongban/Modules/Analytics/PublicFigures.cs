using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Analytics;

/// <param name="Name">The window's name (综合受理窗口3), never a person's.</param>
/// <param name="ServicePointName">Where the window is (several points have a 综合窗口1).</param>
/// <param name="Count">Cases received at the window this month.</param>
internal sealed record PublicWindowCountDto(string Name, string ServicePointName, int Count);

/// <param name="Ratings">好差评 given this month (all five levels).</param>
/// <param name="GoodRate">满意率 this month: levels 4–5 over all, 4 decimals; null when nothing was rated.</param>
internal sealed record PublicSatisfactionDto(int Ratings, double? GoodRate);

/// <param name="Date">Today in China, the day of the *Today figures.</param>
/// <param name="MonthStart">The first day of the month the ranking and satisfaction cover.</param>
/// <param name="ComputedAt">When this node read the counters (the answer is kept for <see cref="PublicFigures.CacheFor"/>).</param>
internal sealed record PublicFiguresDto(DateOnly Date, DateOnly MonthStart, int ApplicationsToday, int KioskApplicationsToday, int CompletedToday,
    IReadOnlyList<PublicWindowCountDto> WindowRanking, PublicSatisfactionDto Satisfaction, DateTimeOffset ComputedAt);

/// <summary>
/// GET /api/public/figures — the seed's public e-supervision boards (一体机申办数量、窗口办件量排名、办件量统计、满意度展示) for
/// the kiosks' attract screen, anonymous. Counts only, from the analytics roll-up (never a case), and kept per node for
/// 60 s so that an anonymous caller costs at most three grouped reads a minute.
/// </summary>
internal static class PublicFigures
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    public const int RankingSize = 5;
    private const string CacheKey = "analytics.public-figures";

    // One node computes the figures once however many kiosks ask at the moment the cached answer expires.
    private static readonly SemaphoreSlim Computing = new(1, 1);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/public/figures", Handle).AllowAnonymous().WithTags("Statistics").Produces<PublicFiguresDto>()
            .WithName("PublicFigures").WithSummary("公开数据：今日申办量、一体机申办量、窗口办件量排名、满意度（无个人信息，每 60 秒更新）");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, IMemoryCache cache, CancellationToken ct)
    {
        // A kiosk or a browser may keep it as long as this node does.
        http.Response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}";
        return TypedResults.Ok(await CurrentAsync(db, clock, cache, ct));
    }

    internal static async Task<PublicFiguresDto> CurrentAsync(TongbanDb db, TimeProvider clock, IMemoryCache cache, CancellationToken ct)
    {
        if (Fresh(cache, clock) is { } kept) return kept;
        await Computing.WaitAsync(ct);
        try
        {
            if (Fresh(cache, clock) is { } keptMeanwhile) return keptMeanwhile;
            var figures = await ComputeAsync(db, clock, ct);
            // The age is checked against the app's clock (tests move it); the cache's own expiry only frees the memory.
            cache.Set(CacheKey, figures, CacheFor);
            return figures;
        }
        finally
        {
            Computing.Release();
        }
    }

    private static PublicFiguresDto? Fresh(IMemoryCache cache, TimeProvider clock)
    {
        if (!cache.TryGetValue(CacheKey, out PublicFiguresDto? kept) || kept is null) return null;
        var now = clock.GetUtcNow();
        return now - kept.ComputedAt < CacheFor && now >= kept.ComputedAt && ChinaTime.Today(clock) == kept.Date ? kept : null;
    }

    private static async Task<PublicFiguresDto> ComputeAsync(TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var monthStart = new DateOnly(today.Year, today.Month, 1);

        var todayScope = new StatsScope(today, today, null);
        var byChannel = await todayScope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(r => r.Channel)
            .Select(g => new { Channel = g.Key, Submitted = g.Sum(r => r.Submitted), Completed = g.Sum(r => r.Completed) }).ToListAsync(ct);

        var monthScope = new StatsScope(monthStart, today, null);
        var topWindows = await monthScope.Apply(db.PeriodCaseStats.AsNoTracking(), byDesk: true)
            .Where(r => r.Channel == ApplicationChannel.Window && r.DeskCode != "")
            .GroupBy(r => r.DeskCode).Select(g => new { Code = g.Key, Count = g.Sum(r => r.Submitted) })
            .Where(x => x.Count > 0).OrderByDescending(x => x.Count).ThenBy(x => x.Code).Take(RankingSize).ToListAsync(ct);
        var codes = topWindows.Select(w => w.Code).ToList();
        var names = await db.Windows.AsNoTracking().Where(w => codes.Contains(w.Code))
            .Join(db.ServicePoints.AsNoTracking(), w => w.ServicePointCode, p => p.Code, (w, p) => new { w.Code, w.Name, PointName = p.Name })
            .ToDictionaryAsync(w => w.Code, ct);

        var ratings = await monthScope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(_ => 1)
            .Select(g => new { Good = g.Sum(r => r.Rated5 + r.Rated4), All = g.Sum(r => r.Rated5 + r.Rated4 + r.Rated3 + r.Rated2 + r.Rated1) }).ToListAsync(ct);
        var (good, all) = ratings.Count == 0 ? (0, 0) : (ratings[0].Good, ratings[0].All);

        return new PublicFiguresDto(today, monthStart,
            byChannel.Sum(c => c.Submitted), byChannel.Where(c => c.Channel == ApplicationChannel.Kiosk).Sum(c => c.Submitted), byChannel.Sum(c => c.Completed),
            [.. topWindows.Select(w => names.TryGetValue(w.Code, out var n) ? new PublicWindowCountDto(n.Name, n.PointName, w.Count) : new PublicWindowCountDto(w.Code, "", w.Count))],
            new PublicSatisfactionDto(all, SatisfactionStats.Rate(good, all)), now);
    }
}
