using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Appointments;

/// <summary>
/// Sends the reminder the afternoon before each appointment. A booking sets remind_at (indexed); the scan reads only rows
/// whose remind_at is due, claims them with a lease (<see cref="DueRowClaimer{T}"/>, so two nodes never take one row), and
/// per row clears remind_at with a conditional UPDATE and queues the SMS in one transaction: reminded at most once.
/// A cancelled booking has no remind_at. The reminder is optional (a number that sent TD does not get it).
/// </summary>
internal sealed class AppointmentReminderScanner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AppointmentOptions> options,
    IHostApplicationLifetime lifetime, ILogger<AppointmentReminderScanner> logger) : PollingWorker
{
    private readonly DueRowClaimer<Appointment> _due = new()
    {
        DueAt = nameof(Appointment.RemindAt), BatchSize = 100, Lease = TimeSpan.FromMinutes(5),
        Where = a => a.Status == AppointmentStatus.Booked,
        WhereSql = $"status = 'Booked'",
    };

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => options.Value.RemindInBackground;

    protected override TimeSpan PollInterval => options.Value.ReminderInterval;

    protected override Task WhenReadyAsync(CancellationToken ct) => ApplicationStartedAsync(lifetime, ct);

    protected override Task PollAsync(CancellationToken ct) => ScanDueAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Appointment reminder scan failed; retrying");

    /// <returns>How many reminders were queued.</returns>
    public async Task<int> ScanDueAsync(CancellationToken ct)
    {
        var total = 0;
        for (var round = 0; round < 100; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var now = clock.GetUtcNow();
            var claimed = await _due.ClaimAsync(db, now, ct);
            if (claimed.Count == 0) break;
            foreach (var id in claimed)
            {
                db.ChangeTracker.Clear();
                if (await RemindAsync(db, id, now, ct)) total++;
            }
        }
        return total;
    }

    private static async Task<bool> RemindAsync(TongbanDb db, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.Set<Appointment>().Where(a => a.Id == id && a.RemindAt != null && a.Status == AppointmentStatus.Booked)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RemindAt, (DateTimeOffset?)null), ct);
        if (taken == 0) return false;
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == id, ct);
        // A reminder that comes too late (the server was down until the slot began) is not sent.
        if (BookAppointment.AtChina(appointment.Date, appointment.Start) <= now)
        {
            await tx.CommitAsync(ct);
            return false;
        }
        var (pointName, itemName) = await AppointmentMessages.NamesAsync(db, appointment, ct);
        await AppointmentMessages.QueueAsync(db, AppointmentMessages.Reminder, appointment, pointName, itemName, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
