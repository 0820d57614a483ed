using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tongban.Infrastructure.Data;

/// <summary>
/// A module's answer to "something I keep in memory changed on another node" (<see cref="ClusterNotifications"/>).
/// <see cref="Received"/> gets the sender's data, or null after the node (re)connected and may have missed messages.
/// </summary>
internal interface IClusterTopic
{
    string Topic { get; }

    void Received(string? data);
}

/// <summary>
/// Tells the other Tongban nodes on the same PostgreSQL that something they keep in memory is stale (reference data,
/// live supervision feeds), by <c>NOTIFY</c> on one channel; <see cref="ClusterListener"/> hands what other nodes say to
/// the modules' <see cref="IClusterTopic"/>s. On SQLite (one node) it does nothing.
/// </summary>
internal sealed class ClusterBroadcast(IOptions<DatabaseOptions> options, IConfiguration configuration, ILogger<ClusterBroadcast> logger) : IDisposable
{
    public const string Channel = "tongban_cluster";

    /// <summary>NOTIFY carries at most 8,000 bytes; longer data is sent as "assume you missed something".</summary>
    private const int MaxData = 7000;

    private readonly Lazy<NpgsqlDataSource?> _sender = new(() => options.Value.IsPostgres && configuration.GetConnectionString("Tongban") is { Length: > 0 } cs
        ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = 2 }.ConnectionString)
        : null);

    /// <summary>This process, so that it ignores its own notices.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    internal sealed record Message(string Node, string Topic, string? Data);

    /// <summary>Fire and forget, after the change committed: a lost notice costs freshness (the 30 s renewal, the live poll), never data.</summary>
    public void Send(string topic, string? data = null)
    {
        if (_sender.Value is not { } sender) return;
        if (data is { Length: > MaxData }) data = null;
        var payload = JsonSerializer.Serialize(new Message(Node, topic, data));
        _ = Task.Run(async () =>
        {
            try
            {
                await using var command = sender.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException)
            {
                logger.LogWarning(ex, "Could not tell the other nodes that {Topic} changed", topic);
            }
        });
    }

    public void Dispose()
    {
        if (_sender.IsValueCreated) _sender.Value?.Dispose();
    }
}

/// <summary>
/// Listens for <see cref="ClusterBroadcast"/> notices of the other nodes. A node that lost its listening connection (a
/// restart of PostgreSQL, a failover) reconnects and tells every topic to assume it missed something.
/// </summary>
internal sealed class ClusterListener(IOptions<DatabaseOptions> options, IConfiguration configuration, ClusterBroadcast broadcast,
    IEnumerable<IClusterTopic> topics, TimeProvider clock, ILogger<ClusterListener> logger) : BackgroundService
{
    private const string Channel = ClusterBroadcast.Channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsPostgres || configuration.GetConnectionString("Tongban") is not { Length: > 0 } cs) return;
        // Its own unpooled connection: LISTEN belongs to one session for as long as the node runs.
        var listen = new NpgsqlConnectionStringBuilder(cs) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listen);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var command = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await command.ExecuteNonQueryAsync(stoppingToken);
                // Whatever was sent while this node was not listening is lost: every topic looks again.
                foreach (var topic in topics) topic.Received(null);
                retry = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning(ex, "Lost the cluster notification connection; reconnecting in {Delay}", retry);
                await Task.Delay(retry, clock, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void Dispatch(string payload)
    {
        ClusterBroadcast.Message? message;
        try
        {
            message = JsonSerializer.Deserialize<ClusterBroadcast.Message>(payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (message is null || message.Node == broadcast.Node) return;
        foreach (var topic in topics)
            if (topic.Topic == message.Topic) topic.Received(message.Data);
    }
}
