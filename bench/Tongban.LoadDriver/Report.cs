using System.Globalization;
using System.Text.Json;

namespace Tongban.LoadDriver;

/// <summary>The results of a run: one row per operation and the total over all of them.</summary>
internal sealed record Report(string Phase, int Concurrency, double Seconds, IReadOnlyList<OperationStats> Ops, OperationStats Total)
{
    /// <summary>More than this share of failed requests (errors, 409, 429) fails the run.</summary>
    public const double FailureLimit = 0.01;

    public bool Failed => Total.Count == 0 || Total.Failed > Total.Count * FailureLimit;

    public static Report Of(Options options, double seconds, IReadOnlyDictionary<string, OperationSamples> samples)
    {
        var ops = samples.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => OperationStats.Of(s.Key, s.Value.Ticks, s.Value.Errors, s.Value.Conflicts, s.Value.Throttled, seconds)).ToList();
        var total = OperationStats.Of("total", [.. samples.Values.SelectMany(s => s.Ticks)], ops.Sum(o => o.Errors), ops.Sum(o => o.Conflicts), ops.Sum(o => o.Throttled), seconds);
        return new Report(options.Phase.ToString().ToLowerInvariant(), options.Concurrency, Math.Round(seconds, 2), ops, total);
    }

    public string ToTable()
    {
        var w = Math.Max(24, Ops.Max(o => (int?)o.Name.Length) ?? 0);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"phase {Phase}, concurrency {Concurrency}, {Seconds:0.0} s measured"),
            $"{"operation".PadRight(w)} {"count",8} {"errors",7} {"409",5} {"429",5} {"ops/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}",
        };
        lines.AddRange(Ops.Append(Total).Select(o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Name.PadRight(w)} {o.Count,8} {o.Errors,7} {o.Conflicts,5} {o.Throttled,5} {o.PerSecond,9:0.0} {o.P50,8:0.00} {o.P95,8:0.00} {o.P99,8:0.00} {o.Max,8:0.00}")));
        return string.Join(Environment.NewLine, lines);
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
