using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Tongban.Infrastructure.Background;

namespace Tongban.IntegrationTests;

/// <summary>A fake clock that tells when a timer is set: the worker is then waiting, and moving the clock reaches it.</summary>
internal sealed class WatchedClock(FakeTimeProvider clock) : TimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = clock.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    public async Task TimerSetAsync() =>
        Assert.True(await _timers.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the worker never started waiting");
}

/// <summary>A worker whose polls the test scripts: each poll reports the clock's time, and the scripted ones throw.</summary>
internal sealed class ScriptedWorker(TimeProvider clock, TimeSpan interval, WakeSignal? wake = null, Task? ready = null, bool enabled = true) : PollingWorker
{
    public Channel<DateTimeOffset> Polls { get; } = Channel.CreateUnbounded<DateTimeOffset>();

    /// <summary>What poll n (1-based) throws.</summary>
    public Dictionary<int, Exception> Failing { get; } = [];

    public List<Exception> Failures { get; } = [];

    /// <summary>Runs inside poll n (1-based).</summary>
    public Action<int>? During { get; init; }

    private int _count;

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => enabled;

    protected override TimeSpan PollInterval => interval;

    protected override WakeSignal? Wake => wake;

    /// <summary>Set when the loop asks whether it may start.</summary>
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task WhenReadyAsync(CancellationToken ct)
    {
        Asked.TrySetResult();
        return (ready ?? Task.CompletedTask).WaitAsync(ct);
    }

    protected override Task PollAsync(CancellationToken ct)
    {
        var n = ++_count;
        Polls.Writer.TryWrite(clock.GetUtcNow());
        During?.Invoke(n);
        return Failing.TryGetValue(n, out var e) ? throw e : Task.CompletedTask;
    }

    protected override void OnPollFailed(Exception e) => Failures.Add(e);

    public async Task<DateTimeOffset> NextPollAsync() =>
        await Polls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}

/// <summary>The polling loop every background worker runs on, driven by a fake clock (no test waits on the wall clock).</summary>
public sealed class PollingWorkerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poll_that_throws_is_reported_and_the_loop_polls_again_an_interval_later()
    {
        var fake = new FakeTimeProvider(TongbanAppFactory.StartTime);
        var clock = new WatchedClock(fake);
        // A timeout inside a poll is a cancellation too, but not a stop: the loop goes on.
        using var worker = new ScriptedWorker(clock, Interval)
        {
            Failing = { [1] = new InvalidOperationException("poll 1 failed"), [2] = new TaskCanceledException("poll 2 timed out") },
        };
        await worker.StartAsync(Ct);

        var start = fake.GetUtcNow();
        Assert.Equal(start, await worker.NextPollAsync());
        for (var i = 1; i <= 3; i++)
        {
            await clock.TimerSetAsync();
            fake.Advance(Interval);
            Assert.Equal(start + i * Interval, await worker.NextPollAsync());
        }
        Assert.Equal(["poll 1 failed", "poll 2 timed out"], worker.Failures.Select(e => e.Message));

        await clock.TimerSetAsync();
        await worker.StopAsync(Ct);
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully, "stopping ends the loop without an error");
        Assert.False(worker.Polls.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_wake_signal_ends_the_wait_early_and_is_kept_when_given_during_a_poll()
    {
        var fake = new FakeTimeProvider(TongbanAppFactory.StartTime);
        var clock = new WatchedClock(fake);
        var wake = new WakeSignal();
        using var worker = new ScriptedWorker(clock, TimeSpan.FromHours(1), wake) { During = n => { if (n == 2) wake.Wake(); } };
        await worker.StartAsync(Ct);

        var start = fake.GetUtcNow();
        Assert.Equal(start, await worker.NextPollAsync());
        await clock.TimerSetAsync();
        wake.Wake();
        Assert.Equal(start, await worker.NextPollAsync());
        // Signalled during poll 2: poll 3 follows at once, the signal was not lost.
        Assert.Equal(start, await worker.NextPollAsync());
        // Without a signal, the interval.
        await clock.TimerSetAsync();
        fake.Advance(TimeSpan.FromHours(1));
        Assert.Equal(start + TimeSpan.FromHours(1), await worker.NextPollAsync());
        await worker.StopAsync(Ct);
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_first_poll_waits_until_ready_and_a_disabled_worker_never_polls()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var worker = new ScriptedWorker(new FakeTimeProvider(TongbanAppFactory.StartTime), Interval, ready: ready.Task);
        await worker.StartAsync(Ct);
        await worker.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(worker.Polls.Reader.TryRead(out _));
        ready.SetResult();
        await worker.NextPollAsync();
        await worker.StopAsync(Ct);

        using var disabled = new ScriptedWorker(new FakeTimeProvider(TongbanAppFactory.StartTime), Interval, enabled: false);
        await disabled.StartAsync(Ct);
        await disabled.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(disabled.Asked.Task.IsCompleted);
        Assert.False(disabled.Polls.Reader.TryRead(out _));

        // Stopping before ready is a clean stop too.
        using var never = new ScriptedWorker(new FakeTimeProvider(TongbanAppFactory.StartTime), Interval, ready: new TaskCompletionSource().Task);
        await never.StartAsync(Ct);
        await never.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await never.StopAsync(Ct);
        Assert.True(never.ExecuteTask!.IsCompletedSuccessfully);
    }
}
