using System.Diagnostics;

namespace Tongban.LoadDriver;

/// <summary>
/// The closed loop: every worker sends its next request as soon as the previous one has answered, first
/// through the warm-up (discarded: JIT, connection pools, caches), then through the measured window.
/// A request started inside the window is counted even if it answers after it.
/// </summary>
internal static class Runner
{
    /// <returns>The measured seconds: from the window's start until the last worker's last request answered.</returns>
    public static async Task<double> RunAsync(World world, Worker[] workers, CancellationToken ct)
    {
        var frequency = Stopwatch.Frequency;
        var measureFrom = Stopwatch.GetTimestamp() + world.Options.WarmupSeconds * frequency;
        var measureUntil = measureFrom + world.Options.DurationSeconds * frequency;
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= measureUntil) break;
                worker.Recorder.Measuring = now >= measureFrom;
                await OneAsync(world, worker, ct);
            }
        }, ct)));
        return Stopwatch.GetElapsedTime(measureFrom).TotalSeconds;
    }

    private static Task OneAsync(World world, Worker worker, CancellationToken ct) => world.Options.Phase switch
    {
        Phase.Health => Health.RunAsync(world, worker, ct),
        Phase.View => CaseView.RunAsync(world, worker, ct),
        Phase.Submit => Submission.RunAsync(world, worker, ct),
        Phase.Post => Submission.PostAsync(world, worker, ct),
        Phase.CallNext => Calling.RunAsync(world, worker, ct),
        Phase.Book => Booking.RunAsync(world, worker, ct),
        _ => MixedAsync(world, worker, ct),
    };

    private static async Task MixedAsync(World world, Worker worker, CancellationToken ct)
    {
        switch (Mix.Realistic.Next(worker.Random))
        {
            case WorkKind.Catalog: await Catalog.RunAsync(world, worker, ct); break;
            case WorkKind.View: await CaseView.RunAsync(world, worker, ct); break;
            case WorkKind.Queue: await Queues.RunAsync(world, worker, ct); break;
            case WorkKind.Submission: await Submission.RunAsync(world, worker, ct); break;
            case WorkKind.Transition:
                // A worker whose cases are all completed submits instead (rare: each case needs four steps, a submission brings one).
                if (!await Transition.RunAsync(world, worker, ct)) await Submission.RunAsync(world, worker, ct);
                break;
            default: await Statistics.RunAsync(world, worker, ct); break;
        }
    }
}
