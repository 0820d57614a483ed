namespace Tongban.Infrastructure.Data;

/// <summary>
/// Data written in bulk in the background after the start (the demo district's case history): background scans wait
/// for it, so they never act on it half-written; the writer runs their first pass itself once it is done.
/// </summary>
internal sealed class BulkWrites
{
    private Task _completion = Task.CompletedTask;

    /// <summary>Completes when the bulk write ends, however it ends (its own log says how).</summary>
    public Task Completion => _completion;

    public bool InProgress => !_completion.IsCompleted;

    public void Track(Task write) => _completion = write;

    /// <summary>Waits for the bulk write; its failure is the writer's to report, not the waiter's.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        try
        {
            await _completion.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged by the writer; the waiter goes on with whatever was written.
        }
    }
}
