using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>Where a message leaves Tongban (the edge to the outside world).</summary>
internal interface ISmsProvider
{
    /// <returns>The provider's id of the accepted message.</returns>
    Task<string> SendAsync(string mobile, string text, CancellationToken ct);
}

/// <summary>
/// The demo provider: records nothing beyond the outbox row itself, which GET /api/dev/sms shows.
/// The Kannel and HTTP providers come with the SMS issue.
/// </summary>
internal sealed class LogSmsProvider(ILogger<LogSmsProvider> logger) : ISmsProvider
{
    public Task<string> SendAsync(string mobile, string text, CancellationToken ct)
    {
        // Never the number in clear in the log (DESIGN §3 rule 6).
        logger.LogInformation("SMS to {Mobile}: {Text}", Validation.MobileNumber.Mask(mobile), text);
        return Task.FromResult("log-" + Guid.NewGuid().ToString("N")[..12]);
    }
}

/// <summary>
/// Sends what the outbox holds. Each message is claimed by one conditional UPDATE (→ Sending, with a
/// lease in next_attempt_at) before it is sent, so two nodes never send the same row at once; a node that
/// dies mid-send leaves a lease that expires, and the message is sent then (at least once). Only due rows
/// are read (index on status, next_attempt_at).
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, ISmsProvider provider, TimeProvider clock, IConfiguration configuration, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>Tongban:Notifications:DispatchInBackground — off in tests that drive <see cref="DispatchDueAsync"/> themselves.</summary>
    private readonly bool _enabled = configuration.GetValue("Tongban:Notifications:DispatchInBackground", true);

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    /// <summary>A claimed message not marked sent within this time (the node died mid-send) is due again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Outbox dispatch failed; retrying");
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages.Where(m => (m.Status == MessageStatus.Created || m.Status == MessageStatus.Sending) && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(BatchSize).Select(m => m.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            // The claim is a lease: the row stays due for others only once it has expired.
            var claimed = await db.OutboxMessages.Where(m => m.Id == id && (m.Status == MessageStatus.Created || m.Status == MessageStatus.Sending) && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.NextAttemptAt, now + Lease), ct);
            if (claimed == 0) continue; // another node has it
            var message = await db.OutboxMessages.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            try
            {
                var providerId = await provider.SendAsync(message.Recipient, message.Text, ct);
                await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, clock.GetUtcNow()).SetProperty(m => m.ProviderId, providerId), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Back to the queue a minute later; retries with backoff and permanent failure come with the SMS issue.
                await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, MessageStatus.Created).SetProperty(m => m.NextAttemptAt, clock.GetUtcNow().AddMinutes(1))
                    .SetProperty(m => m.LastError, e.Message.Length > 300 ? e.Message[..300] : e.Message), ct);
                logger.LogWarning(e, "SMS {MessageId} not sent; will retry", id);
            }
        }
        return sent;
    }
}
