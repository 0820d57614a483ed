using System.Diagnostics;

namespace Tongban.LoadDriver;

/// <summary>How a request ended. Conflicts and throttling are counted apart from errors: both mean the server refused work it should have done, for a reason worth finding.</summary>
internal enum Outcome
{
    Ok,
    /// <summary>409: a concurrent change won (or an audit stream race was lost).</summary>
    Conflict,
    /// <summary>429: rate limited.</summary>
    Throttled,
    /// <summary>Any other non-2xx answer, or no answer at all.</summary>
    Error,
}

/// <summary>
/// One worker's measurements: latencies in Stopwatch ticks per operation, unsorted, every one kept so the
/// percentiles are exact. Each worker has its own recorder (no locks on the hot path); they are merged at the end.
/// </summary>
internal sealed class Recorder
{
    private readonly Dictionary<string, OperationSamples> operations = new(StringComparer.Ordinal);

    /// <summary>Whether what is recorded now counts (false during the warm-up).</summary>
    public bool Measuring { get; set; }

    public IReadOnlyDictionary<string, OperationSamples> Operations => operations;

    public void Record(string operation, long elapsedTicks, Outcome outcome)
    {
        if (!Measuring) return;
        if (!operations.TryGetValue(operation, out var samples)) operations[operation] = samples = new OperationSamples();
        samples.Add(elapsedTicks, outcome);
    }

    public static Dictionary<string, OperationSamples> Merge(IEnumerable<Recorder> recorders)
    {
        var merged = new Dictionary<string, OperationSamples>(StringComparer.Ordinal);
        foreach (var recorder in recorders)
            foreach (var (name, samples) in recorder.operations)
            {
                if (!merged.TryGetValue(name, out var into)) merged[name] = into = new OperationSamples();
                into.AddAll(samples);
            }
        return merged;
    }
}

/// <summary>The raw samples of one operation.</summary>
internal sealed class OperationSamples
{
    private readonly List<long> ticks = [];

    public IReadOnlyList<long> Ticks => ticks;
    public int Errors { get; private set; }
    public int Conflicts { get; private set; }
    public int Throttled { get; private set; }

    public void Add(long elapsedTicks, Outcome outcome)
    {
        ticks.Add(elapsedTicks);
        switch (outcome)
        {
            case Outcome.Error: Errors++; break;
            case Outcome.Conflict: Conflicts++; break;
            case Outcome.Throttled: Throttled++; break;
        }
    }

    public void AddAll(OperationSamples other)
    {
        ticks.AddRange(other.ticks);
        Errors += other.Errors;
        Conflicts += other.Conflicts;
        Throttled += other.Throttled;
    }
}

/// <summary>One row of the report.</summary>
internal sealed record OperationStats(string Name, int Count, int Errors, int Conflicts, int Throttled, double PerSecond,
    double P50, double P95, double P99, double Max)
{
    public int Failed => Errors + Conflicts + Throttled;

    public static OperationStats Of(string name, IReadOnlyList<long> ticks, int errors, int conflicts, int throttled, double seconds)
    {
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        return new OperationStats(name, sorted.Length, errors, conflicts, throttled, Math.Round(sorted.Length / seconds, 2),
            Percentiles.Milliseconds(sorted, 50), Percentiles.Milliseconds(sorted, 95), Percentiles.Milliseconds(sorted, 99),
            sorted.Length == 0 ? 0 : Percentiles.ToMilliseconds(sorted[^1]));
    }
}

/// <summary>Exact percentiles over every recorded latency (no histogram buckets, no sampling).</summary>
internal static class Percentiles
{
    /// <summary>
    /// The nearest-rank percentile of an ascending array: the smallest value with at least p % of the
    /// samples at or below it. p99 of 100 samples is the 99th smallest, of 1,000 the 990th.
    /// </summary>
    public static long NearestRank(IReadOnlyList<long> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static double Milliseconds(IReadOnlyList<long> sorted, double percentile) => ToMilliseconds(NearestRank(sorted, percentile));

    public static double ToMilliseconds(long stopwatchTicks) => Math.Round(stopwatchTicks * 1000.0 / Stopwatch.Frequency, 2);
}
