using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Files;

namespace Tongban.Modules.Kiosks;

/// <summary>
/// Ends kiosk card sessions — card removed, 结束办理, the next card, the device revoked, or idle past the timeout — and
/// discards what the person scanned but did not submit: the next person at the device finds nothing of the last.
/// </summary>
internal sealed class KioskSessionClosing(TongbanDb db, UnattachedUploads uploads)
{
    /// <summary>Ends the open sessions among <paramref name="sessions"/>; answers how many.</summary>
    public async Task<int> EndAsync(IQueryable<KioskSession> sessions, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await sessions.Where(s => s.EndedAt == null).Select(s => s.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        // Ended first, so no request of the session can upload while its files are discarded.
        var ended = await db.KioskSessions.Where(s => ids.Contains(s.Id) && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
        foreach (var id in ids) await uploads.DiscardAsync(UploadFile.KioskUploader(id), ct);
        return ended;
    }
}

/// <summary>
/// Ends the sessions whose device stopped asking (power cut, browser crash) once they are idle past
/// <see cref="KioskOptions.SessionIdleTimeout"/>: the request-time check already refuses them, this discards their scans.
/// Reads only open sessions (at most one per device).
/// </summary>
internal sealed class IdleKioskSessions(IServiceScopeFactory scopes, TimeProvider clock, IOptions<KioskOptions> options, ILogger<IdleKioskSessions> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override bool Enabled => options.Value.WatchInBackground;

    protected override TimeSpan PollInterval => options.Value.WatchInterval;

    protected override Task PollAsync(CancellationToken ct) => EndIdleAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Ending idle kiosk sessions failed; retrying");

    public async Task<int> EndIdleAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var now = clock.GetUtcNow();
        var idleSince = now - options.Value.SessionIdleTimeout;
        return await scope.ServiceProvider.GetRequiredService<KioskSessionClosing>()
            .EndAsync(db.KioskSessions.Where(s => s.LastSeenAt <= idleSince), "idle", now, ct);
    }
}
