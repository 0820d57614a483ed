using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Evaluation;

namespace Tongban.Modules.Analytics;

internal sealed record RatingLevelCountDto(int Level, string Name, int Count);

internal sealed record BadReasonCountDto(BadRatingReason Reason, string Name, int Count);

/// <param name="Rated">Evaluations in the period (all levels).</param>
/// <param name="Satisfied">Levels 4–5 (满意, 非常满意).</param>
/// <param name="Dissatisfied">Levels 1–2 (差评).</param>
/// <param name="SatisfactionRate">满意率: satisfied over rated, 4 decimals; null when nothing was rated.</param>
/// <param name="Levels">The five levels, 5 first, each with its count (zeros included).</param>
/// <param name="BadReasons">Reasons given with bad ratings, most frequent first (a bad rating may give several; an SMS one gives none).</param>
/// <param name="Rectification">差评整改 of the period: 实名差评回访率 and 整改率 (appeals upheld left out).</param>
/// <param name="RectificationByDepartment">The same per department, by code.</param>
internal sealed record SatisfactionStatsDto(DateOnly From, DateOnly To, string? DepartmentCode, int Rated, int Satisfied, int Dissatisfied, double? SatisfactionRate,
    IReadOnlyList<RatingLevelCountDto> Levels, IReadOnlyList<BadReasonCountDto> BadReasons, RectificationFiguresDto Rectification,
    IReadOnlyList<RectificationFiguresDto> RectificationByDepartment);

/// <summary>GET /api/stats/satisfaction — 好差评 figures: rated count, 满意率, the five levels, and why the bad ones were bad.</summary>
internal static class SatisfactionStats
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics")
            .MapGet("/satisfaction", Handle).Produces<SatisfactionStatsDto>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsSatisfaction").WithSummary("好差评统计：满意率、五级分布、差评原因");

    /// <summary>满意率 = levels 4–5 over all rated (the usual 好差评 figure); null when none.</summary>
    public static double? Rate(int satisfied, int rated) => rated == 0 ? null : Math.Round((double)satisfied / rated, 4);

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, DateOnly? from, DateOnly? to, string? department, CancellationToken ct)
    {
        var (scope, problem) = StatsScope.Resolve(http, clock, from, to, department);
        if (problem is not null) return problem;
        return TypedResults.Ok(await OfAsync(db, scope!, Infrastructure.Clock.ChinaTime.Today(clock), ct));
    }

    internal static async Task<SatisfactionStatsDto> OfAsync(TongbanDb db, StatsScope scope, DateOnly today, CancellationToken ct)
    {
        // The levels come from the daily counters, like every other figure (no evaluation is scanned).
        var sums = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(_ => 1).Select(g => new LevelSums(
                g.Sum(r => r.Rated5), g.Sum(r => r.Rated4), g.Sum(r => r.Rated3), g.Sum(r => r.Rated2), g.Sum(r => r.Rated1))).ToListAsync(ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(_ => 1).Select(g => new LevelSums(
                g.Sum(r => r.Rated5), g.Sum(r => r.Rated4), g.Sum(r => r.Rated3), g.Sum(r => r.Rated2), g.Sum(r => r.Rated1))).ToListAsync(ct);
        int[] byLevel = sums.Count == 0 ? [0, 0, 0, 0, 0] : [sums[0].R1, sums[0].R2, sums[0].R3, sums[0].R4, sums[0].R5];
        var rated = byLevel.Sum();
        var satisfied = byLevel[3] + byLevel[4];

        // The reasons come from the evaluations themselves, not from a counter: bad ratings are few (a few percent of the
        // rated), an index on (level, evaluated_at) — or (department_code, level, evaluated_at) — reads exactly them, and
        // the SQL groups them; nine reason columns on every daily row (nearly always zero) would cost every save and row more.
        // The period is the same China days as the counters': [From 00:00, To + 1 00:00) Beijing time.
        var start = StartOf(scope.From);
        var end = StartOf(scope.To.AddDays(1));
        var bad = db.Evaluations.AsNoTracking().Where(e => e.Level <= 2 && e.EvaluatedAt >= start && e.EvaluatedAt < end);
        if (scope.Department is { } d) bad = bad.Where(e => e.DepartmentCode == d);
        var reasons = await bad.SelectMany(e => e.Reasons).GroupBy(r => r.Reason).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);

        var (rectification, byDepartment) = await RectificationStats.OfAsync(db, scope, today, ct);
        return new SatisfactionStatsDto(scope.From, scope.To, scope.Department, rated, satisfied, byLevel[0] + byLevel[1], Rate(satisfied, rated),
            [.. Enumerable.Range(1, 5).Reverse().Select(level => new RatingLevelCountDto(level, EvaluationRules.LevelName(level), byLevel[level - 1]))],
            [.. reasons.OrderByDescending(r => r.Count).ThenBy(r => r.Reason).Select(r => new BadReasonCountDto(r.Reason, EvaluationRules.ReasonName(r.Reason), r.Count))],
            rectification, byDepartment);
    }

    private sealed record LevelSums(int R5, int R4, int R3, int R2, int R1);

    private static DateTimeOffset StartOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Infrastructure.Clock.ChinaTime.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
}
