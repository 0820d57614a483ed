using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Notifications;

/// <summary>
/// Sends 补正提醒 through the outbox. Each correction notice gets a <see cref="SupplementReminder"/> row; a scan reads
/// only rows whose indexed next_reminder_at is due, claims them with a lease in next_reminder_at
/// (<see cref="DueRowClaimer{T}.ClaimAsync"/>), and in one transaction queues the reminder and moves the row to its
/// next slot — the move is conditional on the count of reminders sent, so a row re-claimed after an expired lease is never reminded twice.
/// The reminder is an optional, non-urgent message: the dispatcher holds it through quiet hours and drops it for a
/// number that opted out.
/// </summary>
internal sealed class SupplementReminderScanner(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock, IConfiguration configuration,
    IOptions<SmsOptions> options, IHostApplicationLifetime lifetime, ILogger<SupplementReminderScanner> logger) : PollingWorker
{
    public const string Event = "case.supplementReminder";

    /// <summary>Due reminders; a claim pushes next_reminder_at ahead by the lease.</summary>
    private readonly DueRowClaimer<SupplementReminder> _due = new()
    {
        DueAt = nameof(SupplementReminder.NextReminderAt), BatchSize = 100, Lease = TimeSpan.FromMinutes(5),
    };

    protected override TimeProvider Clock => clock;

    /// <summary>Tongban:Notifications:RemindInBackground — off in tests that call <see cref="ScanDueAsync"/> themselves.</summary>
    protected override bool Enabled { get; } = configuration.GetValue("Tongban:Notifications:RemindInBackground", true)
        && options.Value.SupplementReminders.Enabled;

    protected override TimeSpan PollInterval => options.Value.SupplementReminders.Interval;

    protected override Task WhenReadyAsync(CancellationToken ct) => ApplicationStartedAsync(lifetime, ct);

    protected override Task PollAsync(CancellationToken ct) => ScanDueAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Supplement reminder scan failed; retrying");

    /// <summary>The moments (UTC) a notice due on <paramref name="due"/> is reminded: SendAt on each configured working day before it.</summary>
    public static IReadOnlyList<DateTimeOffset> Schedule(BusinessCalendar calendar, DateOnly due, SupplementReminderOptions o) =>
        [.. o.Offsets().Select(k => At(WorkingDaysBefore(calendar, due, k), o.SendAt)).Distinct().Order()];

    /// <summary>The <paramref name="days"/>-th working day before <paramref name="date"/>; the date itself (or the working day before it, if it is none) for 0.</summary>
    public static DateOnly WorkingDaysBefore(BusinessCalendar calendar, DateOnly date, int days)
    {
        var d = date;
        while (!calendar.IsWorkingDay(d)) d = d.AddDays(-1);
        for (var left = days; left > 0;)
        {
            d = d.AddDays(-1);
            if (calendar.IsWorkingDay(d)) left--;
        }
        return d;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// Called with a correction notice's stage SMS (same unit of work): schedules the notice's reminders, and closes the
    /// reminders of a case that left 待补正 (supplemented, withdrawn, refused …), so the scan has nothing left to read for it.
    /// </summary>
    public static async Task OnCaseEventAsync(TongbanDb db, Case c, BusinessCalendar? calendar, SupplementReminderOptions o, DateTimeOffset now, CancellationToken ct)
    {
        if (c.Status == CaseStatus.CorrectionRequested)
        {
            if (!o.Enabled || calendar is null || c.CorrectionNotices.Count == 0) return;
            var notice = c.CorrectionNotices.MaxBy(n => n.Sequence)!;
            var due = CaseDocuments.SupplementDueDate(calendar, notice.IssuedAt);
            var first = Schedule(calendar, due, o).FirstOrDefault(t => t > now);
            db.SupplementReminders.Add(new SupplementReminder
            {
                CaseNumber = c.Number, NoticeSequence = notice.Sequence, DueDate = due, CreatedAt = now,
                NextReminderAt = first == default ? null : first, ClosedReason = first == default ? "提醒时间均已过" : null,
            });
            return;
        }
        var open = await db.SupplementReminders.Where(r => r.CaseNumber == c.Number && r.NextReminderAt != null).ToListAsync(ct);
        foreach (var r in open)
        {
            r.NextReminderAt = null;
            r.ClosedReason = c.Status == CaseStatus.Submitted ? "已补正" : "办件状态已变化";
        }
    }

    /// <summary>Queues every reminder due now (a batch at a time).</summary>
    /// <returns>How many reminders were queued.</returns>
    public async Task<int> ScanDueAsync(CancellationToken ct)
    {
        var o = options.Value.SupplementReminders;
        if (!o.Enabled) return 0;
        var total = 0;
        for (var round = 0; round < 100; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var now = clock.GetUtcNow();
            var claimed = await _due.ClaimAsync(db, now, ct);
            if (claimed.Count == 0) break;
            var calendar = await calendars.GetAsync(ct);
            foreach (var id in claimed)
            {
                db.ChangeTracker.Clear();
                if (await ProcessAsync(db, id, calendar, o, now, ct)) total++;
            }
        }
        return total;
    }

    /// <returns>Whether a reminder was queued.</returns>
    private static async Task<bool> ProcessAsync(TongbanDb db, long id, BusinessCalendar calendar, SupplementReminderOptions o, DateTimeOffset now, CancellationToken ct)
    {
        var r = await db.SupplementReminders.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var c = await db.Cases.AsNoTracking().AsSplitQuery().Include(x => x.CorrectionNotices).ThenInclude(n => n.Items)
            .FirstOrDefaultAsync(x => x.Number == r.CaseNumber, ct);
        var notice = c?.CorrectionNotices.MaxBy(n => n.Sequence);
        string? closed = null;
        if (c is null || c.Status != CaseStatus.CorrectionRequested || notice is null || notice.Sequence != r.NoticeSequence) closed = "办件状态已变化";
        else if (notice.SupplementedAt is not null) closed = "已补正";

        var slots = Schedule(calendar, r.DueDate, o);
        var dueSlot = slots.LastOrDefault(t => t <= now && (r.LastSlotAt is null || t > r.LastSlotAt));
        // Several slots missed (the server was down): one reminder, not a burst; none once the deadline has passed.
        var send = closed is null && dueSlot != default && ChinaTime.DateOf(now) <= r.DueDate;
        var next = slots.FirstOrDefault(t => t > now);
        DateTimeOffset? nextAt = closed is null && next != default ? next : null;
        closed ??= nextAt is null ? "提醒已发完" : null;
        var lastSlot = dueSlot != default ? dueSlot : r.LastSlotAt;
        var sent = r.RemindersSent + (send ? 1 : 0);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the count read above: a node whose lease ran out and another that re-claimed the row cannot both move it.
        var moved = await db.SupplementReminders.Where(x => x.Id == id && x.RemindersSent == r.RemindersSent).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.NextReminderAt, nextAt).SetProperty(x => x.RemindersSent, sent).SetProperty(x => x.LastSlotAt, lastSlot)
            .SetProperty(x => x.ClosedReason, closed), ct);
        if (moved == 0) return false;
        if (send)
        {
            await CaseMessages.QueueSupplementReminderAsync(db, c!, r.DueDate, now, ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return send;
    }
}
