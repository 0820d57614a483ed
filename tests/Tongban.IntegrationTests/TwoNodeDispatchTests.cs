using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>A gateway shared by several nodes: which node sent which message.</summary>
internal sealed class CountingGateway
{
    public ConcurrentQueue<(long MessageId, string Node)> Sends { get; } = new();
}

internal sealed class NodeSmsProvider(CountingGateway gateway, string node) : ISmsProvider
{
    public async Task<string> SendAsync(SmsRequest request, CancellationToken ct)
    {
        // A gateway takes a moment: the other node works meanwhile (real concurrency, not application time).
        await Task.Delay(2, ct);
        gateway.Sends.Enqueue((request.MessageId, node));
        return $"{node}-{request.MessageId}";
    }
}

/// <summary>One Tongban node on PostgreSQL; the second node joins the first one's database.</summary>
public sealed class NodeApp : TongbanAppFactory
{
    private readonly CountingGateway _gateway;
    private readonly string _node;

    internal NodeApp(CountingGateway gateway, string node, string? sharedDatabase) : base(DatabaseKind.Postgres, sharedDatabase)
    {
        _gateway = gateway;
        _node = node;
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<ISmsProvider>();
        services.AddSingleton<ISmsProvider>(new NodeSmsProvider(_gateway, _node));
    }
}

/// <summary>
/// Issue 5: several Tongban nodes on one PostgreSQL never send a message twice. Two hosts dispatch the same
/// outbox at the same time (FOR UPDATE SKIP LOCKED claims); every message goes out exactly once.
/// </summary>
public sealed class TwoNodeDispatchTests
{
    [Fact]
    public async Task Two_nodes_dispatching_one_outbox_at_once_send_every_message_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = new CountingGateway();
        await using var node1 = new NodeApp(gateway, "node1", null);
        node1.SkipIfUnavailable();
        _ = node1.Services; // starts: migrates and loads the demo district
        await using var node2 = new NodeApp(gateway, "node2", node1.PostgresDatabase);
        _ = node2.Services;

        const int count = 400;
        await node1.WithDbAsync(async db =>
        {
            var now = node1.Clock.GetUtcNow();
            for (var i = 0; i < count; i++)
                db.OutboxMessages.Add(new OutboxMessage { Recipient = ScriptedSmsApp.NewMobile(), Event = "case.accepted", Text = $"办件N{i}已受理。", CreatedAt = now, NextAttemptAt = now });
            await db.SaveChangesAsync(ct);
        });

        var one = node1.Services.GetRequiredService<OutboxDispatcher>();
        var two = node2.Services.GetRequiredService<OutboxDispatcher>();
        var sent = await Task.WhenAll(Task.Run(() => one.DispatchAllDueAsync(ct), ct), Task.Run(() => two.DispatchAllDueAsync(ct), ct));

        Assert.Equal(count, sent.Sum());
        var sends = gateway.Sends.ToList();
        Assert.Equal(count, sends.Count);
        Assert.Equal(count, sends.Select(s => s.MessageId).Distinct().Count());
        // Both nodes really worked side by side.
        Assert.True(sent[0] > 0 && sent[1] > 0, $"node1 sent {sent[0]}, node2 sent {sent[1]}");
        await node2.WithDbAsync(async db =>
        {
            Assert.Equal(count, await db.OutboxMessages.CountAsync(m => m.Status == MessageStatus.Sent, ct));
            Assert.Equal(count, await db.OutboxMessages.CountAsync(m => m.Attempts == 1, ct));
        });
    }
}
