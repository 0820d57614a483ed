namespace Tongban.Infrastructure.Background;

/// <summary>
/// Tells a <see cref="PollingWorker"/> there is work now, rather than at its next poll. A signal given while the
/// worker is busy is kept, so the wait that follows ends at once: no signal is lost between two waits.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake()
    {
        lock (_gate) _signalled.TrySetResult();
    }

    /// <summary>Completes when signalled (now or since the last wait) or after <paramref name="timeout"/> on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        Task signalled;
        lock (_gate) signalled = _signalled.Task;
        try
        {
            await signalled.WaitAsync(timeout, clock, ct);
        }
        catch (TimeoutException)
        {
            // The interval passed: an ordinary poll.
        }
        lock (_gate)
            if (_signalled.Task.IsCompleted) _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
