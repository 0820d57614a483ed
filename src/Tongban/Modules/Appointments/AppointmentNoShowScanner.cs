using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Appointments;

/// <summary>
/// 爽约: marks a booking whose slot has ended without a check-in at the ticket machine as a no-show — the status the
/// no-show bar (<see cref="BookAppointment.BarredUntilAsync"/>) counts. One conditional UPDATE over the (status, date)
/// index reads only booked rows of today and before; running it on two nodes at once marks each row once.
/// </summary>
internal sealed class AppointmentNoShowScanner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AppointmentOptions> options,
    IHostApplicationLifetime lifetime, ILogger<AppointmentNoShowScanner> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override bool Enabled => options.Value.MarkNoShowsInBackground;

    protected override TimeSpan PollInterval => options.Value.NoShowScanInterval;

    protected override Task WhenReadyAsync(CancellationToken ct) => ApplicationStartedAsync(lifetime, ct);

    protected override Task PollAsync(CancellationToken ct) => MarkDueAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Appointment no-show scan failed; retrying");

    /// <returns>How many bookings became no-shows.</returns>
    public async Task<int> MarkDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var local = ChinaTime.ToChina(clock.GetUtcNow()).DateTime;
        var today = DateOnly.FromDateTime(local);
        var timeNow = TimeOnly.FromDateTime(local);
        var marked = await db.Set<Appointment>()
            .Where(a => a.Status == AppointmentStatus.Booked && (a.Date < today || (a.Date == today && a.End <= timeNow)))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.NoShow).SetProperty(a => a.RemindAt, (DateTimeOffset?)null), ct);
        if (marked > 0) logger.LogInformation("Marked {Count} appointments as no-shows", marked);
        return marked;
    }
}
