namespace Tongban.Modules.Analytics;

/// <summary>What a decline alert measures: applications (申办量) or the completion ratio (办结率).</summary>
internal enum DeclineMetric
{
    Applications,
    CompletionRate,
}

/// <summary>One week of a subject's counters: applications, acceptances and completions, and the week's working days.</summary>
internal readonly record struct WeekFigures(int Submitted, int Accepted, int Completed, int WorkingDays);

/// <summary>A decline found by <see cref="DeclineRule"/>: the baseline and the recent value of the metric, in the metric's unit.</summary>
internal sealed record DeclineFinding(DeclineMetric Metric, double Baseline, double Recent, double DropRatio, double Score);

/// <summary>
/// The decline test (the seed: "某些窗口的某些事项申办率及办结率有一段时间出现下滑").
/// The recent window (two whole weeks) is compared with a baseline of eight whole weeks before it. Whole weeks make it
/// weekday-adjusted (every week holds each weekday once: busy Mondays and quiet Fridays are in both sides alike);
/// dividing by working days makes it holiday-adjusted (the National Day week is not a "decline").
///
/// Applications: the baseline is the median of the eight weekly rates per working day (robust: one unusual week moves it
/// little), its spread the scaled median absolute deviation (over √2, the recent rate being a two-week mean); the recent rate must lie
/// more than <see cref="Sigmas"/> spreads below it — the spread never taken smaller than the Poisson noise of the recent
/// count — and at least
/// <see cref="MinDrop"/> (30 %) below, with at least <see cref="MinExpected"/> applications expected, so a quiet item's
/// ordinary ups and downs never raise an alert.
///
/// Completion ratio (completed ÷ accepted on the same days; a falling ratio means work piling up): the baseline is the
/// pooled ratio of the eight weeks; the recent ratio must be more than <see cref="Sigmas"/> binomial standard errors
/// and at least <see cref="MinRateDrop"/> (15 points) lower, with at least <see cref="MinAccepted"/> acceptances recently,
/// and the median of the weekly ratios must agree (a single week of catch-up completions does not make a baseline).
/// </summary>
internal static class DeclineRule
{
    public const int RecentWeeks = 2;
    public const int BaselineWeeks = 8;
    public const double Sigmas = 3.0;
    public const double MinDrop = 0.30;
    public const double MinExpected = 10;
    public const double MinRateDrop = 0.15;
    public const int MinAccepted = 10;

    /// <summary>Tests both metrics; <paramref name="baseline"/> holds eight weeks, <paramref name="recent"/> two.</summary>
    public static IEnumerable<DeclineFinding> Test(IReadOnlyList<WeekFigures> baseline, IReadOnlyList<WeekFigures> recent)
    {
        if (Applications(baseline, recent) is { } a) yield return a;
        if (CompletionRate(baseline, recent) is { } c) yield return c;
    }

    public static DeclineFinding? Applications(IReadOnlyList<WeekFigures> baseline, IReadOnlyList<WeekFigures> recent)
    {
        var rates = baseline.Where(w => w.WorkingDays > 0).Select(w => (double)w.Submitted / w.WorkingDays).ToList();
        var recentDays = recent.Sum(w => w.WorkingDays);
        // Too few comparable weeks (a new item, a long holiday) or no working day recently: no verdict.
        if (rates.Count < BaselineWeeks / 2 || recentDays == 0) return null;
        var median = Median(rates);
        var expected = median * recentDays;
        if (expected < MinExpected) return null;
        var actual = recent.Sum(w => w.Submitted);
        var recentRate = (double)actual / recentDays;
        var mad = 1.4826 * Median(rates.Select(r => Math.Abs(r - median)).ToList());
        // The recent rate averages RecentWeeks weeks, so its spread is a week's over √RecentWeeks; never below Poisson noise.
        var poisson = Math.Sqrt(expected) / recentDays;
        var spread = Math.Max(mad / Math.Sqrt(DeclineRule.RecentWeeks), poisson);
        var score = (recentRate - median) / spread;
        var drop = 1 - recentRate / median;
        return score <= -Sigmas && drop >= MinDrop
            ? new DeclineFinding(DeclineMetric.Applications, Math.Round(expected, 1), actual, Math.Round(drop, 4), Math.Round(score, 2))
            : null;
    }

    public static DeclineFinding? CompletionRate(IReadOnlyList<WeekFigures> baseline, IReadOnlyList<WeekFigures> recent)
    {
        var accepted = baseline.Sum(w => w.Accepted);
        var recentAccepted = recent.Sum(w => w.Accepted);
        if (accepted < MinAccepted * BaselineWeeks / RecentWeeks || recentAccepted < MinAccepted) return null;
        // Above 1 when a week completes more than it accepts (catching up): capped, a ratio of work done.
        var pooled = Math.Min(1.0, (double)baseline.Sum(w => w.Completed) / accepted);
        var weekly = baseline.Where(w => w.Accepted > 0).Select(w => Math.Min(1.0, (double)w.Completed / w.Accepted)).ToList();
        var recentRate = Math.Min(1.0, (double)recent.Sum(w => w.Completed) / recentAccepted);
        // The standard error never below that of a 95 % ratio: a baseline of exactly 100 % is not infinitely sure.
        var p = Math.Min(pooled, 0.95);
        var se = Math.Sqrt(p * (1 - p) / recentAccepted);
        var score = (recentRate - pooled) / se;
        var drop = pooled - recentRate;
        return score <= -Sigmas && drop >= MinRateDrop && Median(weekly) - recentRate >= MinRateDrop
            ? new DeclineFinding(DeclineMetric.CompletionRate, Math.Round(pooled, 4), Math.Round(recentRate, 4), Math.Round(drop, 4), Math.Round(score, 2))
            : null;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return 0;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
