using Tongban.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Notifications;

namespace Tongban.Modules.Supervision;

/// <summary>
/// 电子监察 watcher. Each open case carries <see cref="Case.NextCheckAt"/> (indexed); a tick reads only the
/// cases that are due, a batch at a time, so it costs the same with 10 k or 1 M cases open. Due cases are
/// claimed so that several nodes never check one case at once (<see cref="DueRowClaimer{T}.ClaimLockedAsync"/>:
/// FOR UPDATE SKIP LOCKED on PostgreSQL, the batch being checked inside that transaction; a lease on SQLite, so a
/// node that dies mid-check leaves the case due again when the lease ends). For each case the rules
/// are evaluated; an alert is raised at most once per case, rule and subject (unique index), resolved when
/// its condition ends; reminders and escalations happen only in office hours (<see cref="WorkingHours"/>),
/// and the case's next check is set to the next moment anything can change.
/// </summary>
internal sealed class SupervisionWatcher(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock,
    IOptions<SupervisionOptions> options, Infrastructure.Data.BulkWrites bulkWrites, SupervisionSignal signal, ILogger<SupervisionWatcher> logger) : PollingWorker
{
    private readonly SupervisionOptions _o = options.Value;

    /// <summary>Due cases, oldest due first (the next_check_at index alone gives the order).</summary>
    private readonly DueRowClaimer<Case> _due = new()
    {
        DueAt = nameof(Case.NextCheckAt), BatchSize = options.Value.BatchSize, Lease = options.Value.Lease, ThenById = false,
    };

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => _o.WatchInBackground;

    protected override TimeSpan PollInterval => _o.Interval;

    // The demo history is backfilled once written (DemoData.WriteHistoryAsync); a live tick at night while it is
    // being written would defer its cases to the morning and leave the backfill nothing to date.
    protected override Task WhenReadyAsync(CancellationToken ct) => bulkWrites.WaitAsync(ct);

    protected override Task PollAsync(CancellationToken ct) => TickAsync(backfill: false, ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Supervision tick failed; retrying");

    /// <summary>
    /// Checks every due case. <paramref name="backfill"/> (the demo history, once after it is written) dates
    /// alerts and escalations at the moments they would have fired and sends no SMS: history is not news.
    /// </summary>
    public async Task<WatcherTick> TickAsync(bool backfill = false, CancellationToken ct = default)
    {
        var total = new WatcherTick(0, 0, 0, 0, 0);
        // Bounded: cases made due while the tick runs wait for the next one.
        for (var round = 0; round < 10_000; round++)
        {
            var (claimed, tick) = await BatchAsync(backfill, ct);
            total = new(total.Checked + tick.Checked, total.Raised + tick.Raised, total.Resolved + tick.Resolved, total.Reminded + tick.Reminded, total.Escalated + tick.Escalated);
            if (claimed < _o.BatchSize) break;
        }
        if (total.Raised + total.Resolved + total.Escalated > 0)
            logger.LogInformation("Supervision: {Checked} cases checked, {Raised} alerts raised, {Resolved} resolved, {Reminded} reminders, {Escalated} escalations",
                total.Checked, total.Raised, total.Resolved, total.Reminded, total.Escalated);
        return total;
    }

    private async Task<(int Claimed, WatcherTick Tick)> BatchAsync(bool backfill, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var claim = await _due.ClaimLockedAsync(db, now, ct);
        var ids = claim.Ids;
        if (ids.Count == 0) return (0, new WatcherTick(0, 0, 0, 0, 0));
        var cases = await db.Cases.AsNoTracking().AsSplitQuery().Include(c => c.Steps).Include(c => c.CorrectionNotices).Include(c => c.Materials)
            .Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        // The 差评整改 alerts (SV12, SV13) are the rectification scan's to raise and resolve, not the case rules'.
        var alerts = (await db.SupervisionAlerts.AsSplitQuery().Include(a => a.Escalations).Include(a => a.Directives)
                .Where(a => ids.Contains(a.CaseId) && a.RuleCode != RectificationWatcher.CallbackOverdue && a.RuleCode != RectificationWatcher.RectifyOverdue).ToListAsync(ct))
            .ToLookup(a => a.CaseId);
        // SV08 needs the requirements of the item versions of accepted cases: one read per batch (versions are shared by many cases).
        var versions = cases.Where(c => c.AcceptedAt is not null).Select(c => c.ItemVersionId).Distinct().ToList();
        var requirements = (await db.MaterialRequirements.AsNoTracking().Where(m => versions.Contains(m.ItemVersionId)).ToListAsync(ct))
            .ToLookup(m => m.ItemVersionId);
        var numbers = cases.Select(c => c.Number).ToList();
        var smsFailed = await StaffMessages.CasesWithFailedSmsAsync(db, numbers, ct);
        var run = new CaseCheck(db, calendar, _o, now, backfill, new StaffDirectory(db));
        foreach (var c in cases)
        {
            var caseAlerts = alerts[c.Id].ToList();
            var facts = new CaseFacts([.. requirements[c.ItemVersionId]], [.. caseAlerts.SelectMany(a => a.Directives).Where(d => d.AnsweredAt is null)]);
            var next = await run.CheckAsync(c, caseAlerts, smsFailed.Contains(c.Number), ct, facts);
            // A step taken meanwhile (SQLite: after the claim) bumped the revision and asked for a check at once: keep that.
            await db.Cases.Where(x => x.Id == c.Id && x.Revision == c.Revision)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextCheckAt, next), ct);
        }
        await db.SaveChangesAsync(ct);
        await claim.CommitAsync(ct);
        // Live feeds on this node look at what changed (other nodes find out by polling: SupervisionLive).
        signal.Publish(run.Changed);
        return (ids.Count, new WatcherTick(cases.Count, run.Raised, run.Resolved, run.Reminded, run.Escalated));
    }
}
