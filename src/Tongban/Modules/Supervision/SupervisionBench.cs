using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Supervision;

/// <summary>
/// `Tongban supervision bench [rounds] [due]` (bench/supervision-tick.sh): each round makes <c>due</c> open
/// cases due now and times one watcher tick. Safe on any database: making a case due only asks for an
/// early re-check, which changes nothing that is not due (the watcher is idempotent).
/// </summary>
internal static class SupervisionBench
{
    private const int WarmUp = 5;

    public static async Task RunAsync(IServiceProvider services, int rounds, int due, CancellationToken ct = default)
    {
        var watcher = services.GetRequiredService<SupervisionWatcher>();
        var clock = services.GetRequiredService<TimeProvider>();
        var times = new List<double>();
        var raised = 0;
        int open;
        await using (var scope = services.CreateAsyncScope())
            open = await scope.ServiceProvider.GetRequiredService<TongbanDb>().Cases.CountAsync(c => c.NextCheckAt != null, ct);
        for (var r = 0; r < rounds + WarmUp; r++)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
                var now = clock.GetUtcNow();
                // Cases not checked for a week: fresh ones each round, not those the last round rescheduled.
                var later = now.AddDays(7);
                var ids = await db.Cases.Where(c => c.NextCheckAt > later).OrderBy(c => c.NextCheckAt).Take(due).Select(c => c.Id).ToListAsync(ct);
                await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, now), ct);
            }
            var started = Stopwatch.GetTimestamp();
            var tick = await watcher.TickAsync(false, ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (tick.Checked != due) throw new InvalidOperationException($"Round {r}: {tick.Checked} cases checked, {due} expected.");
            if (r >= WarmUp) times.Add(ms);
            raised += tick.Raised;
        }
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)(times.Count * q))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cases with a next check {open,9}  due per tick {due}  tick p50 {P(0.5),7:F1} ms  p95 {P(0.95),7:F1} ms  (n={times.Count}; alerts raised {raised}; clock {Infrastructure.Clock.ChinaTime.ToChina(clock.GetUtcNow()):yyyy-MM-dd HH:mm} Beijing)"));
    }
}

/// <summary>The system clock moved by a fixed offset (the benchmark's ticks at a chosen office-hours moment); still advancing in real time.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
