namespace Tongban.Infrastructure.Background;

/// <summary>
/// A background loop: once <see cref="WhenReadyAsync"/> lets it start, it polls, then waits <see cref="PollInterval"/>
/// on the injected clock (or less, if <see cref="Wake"/> is signalled), and again until the host stops. A poll that
/// throws is logged by <see cref="OnPollFailed"/> and the loop goes on: the next poll may well succeed.
/// </summary>
internal abstract class PollingWorker : BackgroundService
{
    /// <summary>The clock the wait between polls runs on (tests move a fake one).</summary>
    protected abstract TimeProvider Clock { get; }

    /// <summary>Off in tests that drive the work themselves, or when the feature is switched off.</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Ends the wait between polls early when signalled; none by default.</summary>
    protected virtual WakeSignal? Wake => null;

    /// <summary>Completes when the first poll may run (the server listens, the demo history is written …).</summary>
    protected virtual Task WhenReadyAsync(CancellationToken ct) => Task.CompletedTask;

    protected abstract Task PollAsync(CancellationToken ct);

    protected abstract void OnPollFailed(Exception e);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        try
        {
            await WhenReadyAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Cancellations too (a gateway's HTTP timeout is one): only stopping ends the loop.
                    OnPollFailed(e);
                }
                if (Wake is { } wake) await wake.WaitAsync(PollInterval, Clock, stoppingToken);
                else await Task.Delay(PollInterval, Clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Completes once the host has started (the server listens); cancelled if it stops first.</summary>
    protected static async Task ApplicationStartedAsync(IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(ct);
    }
}
