using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Notifications;

/// <summary>
/// Sends what the outbox holds. A batch of due messages is claimed first (→ Sending, with a lease in
/// next_attempt_at; <see cref="DueRowClaimer{T}.ClaimAsync"/>), so several nodes take disjoint batches and a node
/// that dies mid-send leaves a lease that expires, and the message is tried again then.
/// Then each message passes the rules (<see cref="SmsRules"/>): retries exhausted, opt-out, dedupe, quiet hours,
/// the per-number hourly limit; and is sent, with exponential backoff on failure.
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, ISmsProvider provider, TimeProvider clock, IConfiguration configuration,
    IOptions<SmsOptions> options, IHostApplicationLifetime lifetime, ILogger<OutboxDispatcher> logger) : PollingWorker
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Created, or waiting for its next try, or claimed by a node whose lease has run out.</summary>
    private readonly DueRowClaimer<OutboxMessage> _due = new()
    {
        DueAt = nameof(OutboxMessage.NextAttemptAt), BatchSize = 50, Lease = options.Value.Lease,
        Where = m => m.Status == MessageStatus.Created || m.Status == MessageStatus.Sending || m.Status == MessageStatus.TemporaryFailure,
        WhereSql = $"status IN ('Created', 'Sending', 'TemporaryFailure')",
        OnClaim = u => u.SetProperty(m => m.Status, MessageStatus.Sending),
        OnClaimSql = "status = 'Sending'",
    };

    protected override TimeProvider Clock => clock;

    /// <summary>Tongban:Notifications:DispatchInBackground — off in tests that drive <see cref="DispatchDueAsync"/> themselves.</summary>
    protected override bool Enabled { get; } = configuration.GetValue("Tongban:Notifications:DispatchInBackground", true);

    protected override TimeSpan PollInterval => Interval;

    // Not before the server listens: a gateway answers with delivery reports at once, and a report
    // that finds no server is lost for good (Kannel does not retry it). Seen after a restart.
    protected override Task WhenReadyAsync(CancellationToken ct) => ApplicationStartedAsync(lifetime, ct);

    protected override Task PollAsync(CancellationToken ct) => DispatchDueAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Outbox dispatch failed; retrying");

    /// <summary>Dispatches batches until nothing is due (at most <paramref name="maxRounds"/> batches).</summary>
    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchAllDueAsync(CancellationToken ct, int maxRounds = 100)
    {
        var total = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var (claimed, sent) = await DispatchBatchAsync(ct);
            total += sent;
            if (claimed == 0) break;
        }
        return total;
    }

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken ct) => (await DispatchBatchAsync(ct)).Sent;

    private async Task<(int Claimed, int Sent)> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var claimed = await _due.ClaimAsync(db, clock.GetUtcNow(), ct);
        var sent = 0;
        foreach (var id in claimed)
            if (await ProcessAsync(db, id, ct)) sent++;
        return (claimed.Count, sent);
    }

    /// <returns>Whether the message went to the gateway.</returns>
    private async Task<bool> ProcessAsync(TongbanDb db, long id, CancellationToken ct)
    {
        var o = options.Value;
        var m = await db.OutboxMessages.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var now = clock.GetUtcNow();
        // Messages of this number under either blind index (rows from before SM3 keep theirs until `keys rotate`).
        var indexes = PersonalData.BlindIndexes(m.Recipient);
        if (m.Attempts >= o.MaxAttempts)
        {
            // Tried as often as allowed (the last try never reported back: the node died mid-send).
            await FinishAsync(db, id, MessageStatus.PermanentFailure, m.LastError ?? "重试次数已用尽", now, ct);
            return false;
        }
        if (SmsRules.IsOptional(m.Event) && await db.SmsOptOuts.AnyAsync(x => indexes.Contains(x.RecipientIndex), ct))
        {
            await FinishAsync(db, id, MessageStatus.Suppressed, "号码已退订通知类短信", now, ct);
            return false;
        }
        var since = now - o.DedupeWindow;
        if (await db.OutboxMessages.AnyAsync(x => indexes.Contains(x.RecipientIndex) && x.Id != id && x.Text == m.Text
                && (x.Status == MessageStatus.Sent || x.Status == MessageStatus.Delivered) && x.SentAt >= since, ct))
        {
            await FinishAsync(db, id, MessageStatus.Suppressed, "相同短信已发送（去重）", now, ct);
            return false;
        }
        if (!SmsRules.IsUrgent(m.Event))
        {
            if (SmsRules.QuietUntil(now, o.QuietHoursStart, o.QuietHoursEnd) is { } until)
            {
                await DeferAsync(db, m, until, ct);
                return false;
            }
            var hourAgo = now.AddHours(-1);
            var recent = await db.OutboxMessages.Where(x => indexes.Contains(x.RecipientIndex) && x.SentAt > hourAgo
                    && (x.Status == MessageStatus.Sent || x.Status == MessageStatus.Delivered || x.Status == MessageStatus.PermanentFailure))
                .OrderBy(x => x.SentAt).Select(x => x.SentAt).Take(o.MaxPerNumberPerHour).ToListAsync(ct);
            if (recent.Count >= o.MaxPerNumberPerHour)
            {
                // Waits until the oldest of the hour's messages is an hour old: the window then has room again.
                await DeferAsync(db, m, recent[0]!.Value.AddHours(1).AddSeconds(1), ct);
                return false;
            }
        }

        // The try is counted before it is made: a message that kills the process cannot be retried forever.
        var attempts = m.Attempts + 1;
        await db.OutboxMessages.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Attempts, attempts), ct);
        try
        {
            var providerId = await provider.SendAsync(new SmsRequest(id, m.Recipient, m.Text, m.CallbackToken), ct);
            var sentAt = clock.GetUtcNow();
            // A delivery report may already have arrived (fast gateways): it wins over "sent".
            var n = await db.OutboxMessages.Where(x => x.Id == id && x.Status == MessageStatus.Sending).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, MessageStatus.Sent).SetProperty(x => x.SentAt, sentAt).SetProperty(x => x.ProviderId, providerId).SetProperty(x => x.LastError, (string?)null), ct);
            if (n == 0)
                await db.OutboxMessages.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SentAt, sentAt).SetProperty(x => x.ProviderId, providerId), ct);
            return true;
        }
        catch (SmsRejectedException e)
        {
            await FinishAsync(db, id, MessageStatus.PermanentFailure, e.Message, clock.GetUtcNow(), ct);
            logger.LogWarning("SMS {MessageId} refused by the gateway: {Reason}", id, e.Message);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = Truncate(e.Message);
            var failedAt = clock.GetUtcNow();
            if (attempts >= o.MaxAttempts)
            {
                await FinishAsync(db, id, MessageStatus.PermanentFailure, error, failedAt, ct);
                logger.LogError("SMS {MessageId} not sent after {Attempts} tries: {Reason}", id, attempts, error);
            }
            else
            {
                var next = failedAt + SmsRules.Backoff(attempts, o.RetryBaseDelay);
                await db.OutboxMessages.Where(x => x.Id == id).ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, MessageStatus.TemporaryFailure).SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.LastError, error), ct);
                logger.LogWarning("SMS {MessageId} not sent (try {Attempts}); next try at {NextAttemptAt}: {Reason}", id, attempts, next, error);
            }
            return false;
        }
    }

    private static Task DeferAsync(TongbanDb db, OutboxMessage m, DateTimeOffset until, CancellationToken ct)
    {
        var status = m.Attempts > 0 ? MessageStatus.TemporaryFailure : MessageStatus.Created;
        return db.OutboxMessages.Where(x => x.Id == m.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, status).SetProperty(x => x.NextAttemptAt, until), ct);
    }

    private static Task FinishAsync(TongbanDb db, long id, MessageStatus status, string reason, DateTimeOffset at, CancellationToken ct) =>
        db.OutboxMessages.Where(x => x.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, status).SetProperty(x => x.LastError, Truncate(reason)).SetProperty(x => x.CompletedAt, at), ct);

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
