using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Supervision;

namespace Tongban.IntegrationTests;

/// <summary>What a node heard from the others on one topic (null: "assume you missed something", at each connect).</summary>
internal sealed class RecordingTopic : IClusterTopic
{
    public ConcurrentQueue<string?> Heard { get; } = new();

    public string Topic => "test";

    public void Received(string? data) => Heard.Enqueue(data);
}

/// <summary>A node that records the test topic beside its real ones.</summary>
public sealed class ListeningNodeApp : TongbanAppFactory
{
    internal RecordingTopic Recorded { get; } = new();

    internal ListeningNodeApp(string? sharedDatabase) : base(DatabaseKind.Postgres, sharedDatabase)
    {
    }

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IClusterTopic>(Recorded);
}

/// <summary>
/// Issue 21, two nodes: what one node keeps in memory (reference snapshot, live supervision feeds) hears of a change made
/// through the other at once, by PostgreSQL NOTIFY, and never hears its own notices.
/// </summary>
public sealed class ClusterNotificationTests
{
    /// <summary>Polls a condition fed by another connection's NOTIFY (PostgreSQL delivers it, not this test's clock).</summary>
    private static async Task<bool> Within(TimeSpan limit, Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit) return false;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        return true;
    }

    [Fact]
    public async Task A_notice_sent_by_one_node_reaches_the_other_and_not_itself()
    {
        await using var node1 = new ListeningNodeApp(null);
        node1.SkipIfUnavailable();
        _ = node1.Services;
        await using var node2 = new ListeningNodeApp(node1.PostgresDatabase);
        _ = node2.Services;
        // Each listener announces its (re)connect to its topics with null: then it is listening.
        Assert.True(await Within(TimeSpan.FromSeconds(30), () => node1.Recorded.Heard.Contains(null) && node2.Recorded.Heard.Contains(null)), "listeners did not connect");

        node1.Services.GetRequiredService<ClusterBroadcast>().Send("test", "point 350505001 changed");

        Assert.True(await Within(TimeSpan.FromSeconds(10), () => node2.Recorded.Heard.Contains("point 350505001 changed")), "node2 did not hear node1");
        // The other way round as well, so node1 had every chance to hear its own notice before this check.
        node2.Services.GetRequiredService<ClusterBroadcast>().Send("test", "from node2");
        Assert.True(await Within(TimeSpan.FromSeconds(10), () => node1.Recorded.Heard.Contains("from node2")), "node1 did not hear node2");
        Assert.DoesNotContain("point 350505001 changed", node1.Recorded.Heard);
        Assert.DoesNotContain("from node2", node2.Recorded.Heard);
    }

    [Fact]
    public async Task Alerts_published_on_one_node_wake_the_feeds_of_their_scope_on_the_other()
    {
        await using var node1 = new ListeningNodeApp(null);
        node1.SkipIfUnavailable();
        _ = node1.Services;
        await using var node2 = new ListeningNodeApp(node1.PostgresDatabase);
        _ = node2.Services;
        Assert.True(await Within(TimeSpan.FromSeconds(30), () => node2.Recorded.Heard.Contains(null)), "node2 did not connect");
        var signal = node2.Services.GetRequiredService<SupervisionSignal>();
        var seen = signal.Version;

        node1.Services.GetRequiredService<SupervisionSignal>().Publish(
            [new SupervisionAlert
            {
                Number = "X", CaseNumber = "X", RuleCode = "test", Subject = "case:X", DepartmentCode = "D-LIVE", ServicePointCode = "P-LIVE",
                IssuedTo = "window", Message = "test",
            }]);

        Assert.True(await Within(TimeSpan.FromSeconds(10), () => signal.Version > seen), "node2's feeds were not woken");
        Assert.True(signal.Concerns(seen, (d, p) => d == "D-LIVE" && p == "P-LIVE", out _));
        Assert.False(signal.Concerns(seen, (d, p) => d == "D-OTHER", out _));
    }
}
