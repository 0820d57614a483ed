using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Notifications;
using Tongban.Modules.Supervision;

namespace Tongban.Modules.Kiosks;

/// <summary>
/// Watches the enrolled kiosks: one silent for <see cref="KioskOptions.OfflineAfter"/> or out of paper is texted, in office
/// hours, to the staff of its service point — once, until a healthy heartbeat re-arms it. Only devices due are read
/// (enrolled, not yet alerted, silent or out of paper). The device page (GET /api/kiosks) shows the state at any hour.
/// </summary>
internal sealed class KioskWatcher(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock, IOptions<KioskOptions> options,
    IOptions<SupervisionOptions> supervision, ILogger<KioskWatcher> logger) : PollingWorker
{
    public const string AlertEvent = "kiosk.alert";

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => options.Value.WatchInBackground;

    protected override TimeSpan PollInterval => options.Value.WatchInterval;

    protected override Task PollAsync(CancellationToken ct) => ScanAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Kiosk watch failed; retrying");

    /// <summary>Alerts every due device; answers how many.</summary>
    public async Task<int> ScanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (!supervision.Value.Hours.IsWorkingMoment(await calendars.GetAsync(ct), now)) return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var silentBefore = now - options.Value.OfflineAfter;
        var due = await db.KioskDevices.AsNoTracking()
            .Where(d => d.TokenHash != null && d.AlertedAt == null && ((d.LastHeartbeatAt ?? d.EnrolledAt) < silentBefore || d.Printer == "paperOut"))
            .Select(d => new { d.KioskCode, d.LastHeartbeatAt, d.EnrolledAt, d.Printer }).ToListAsync(ct);
        var alerted = 0;
        foreach (var device in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Claimed by one statement: two nodes scanning at once text the staff once.
            if (await db.KioskDevices.Where(d => d.KioskCode == device.KioskCode && d.AlertedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.AlertedAt, now), ct) == 0) continue;
            var kiosk = await db.Kiosks.AsNoTracking().FirstAsync(k => k.Code == device.KioskCode, ct);
            var silent = (device.LastHeartbeatAt ?? device.EnrolledAt) < silentBefore;
            var problem = silent ? $"已 {(int)options.Value.OfflineAfter.TotalMinutes} 分钟以上没有心跳（可能断电或断网）" : "打印纸已用完";
            var text = $"【通办】自助终端 {kiosk.Code}（{kiosk.LocationName}）{problem}，请尽快到现场处理。";
            var mobiles = await db.StaffUsers.AsNoTracking().Where(u => u.IsActive && u.ServicePointCode != null && u.ServicePointCode == kiosk.ServicePointCode && u.Mobile != null)
                .Select(u => u.Mobile!).ToListAsync(ct);
            foreach (var mobile in mobiles) StaffMessages.Queue(db, mobile, AlertEvent, text, now);
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(db, new AuditEvent(KioskAudit.Stream(kiosk.Code), AuditActor.System,
                "kiosk.alerted", null, $"{problem}，已通知服务点工作人员 {mobiles.Count} 人"), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            alerted++;
        }
        return alerted;
    }
}
