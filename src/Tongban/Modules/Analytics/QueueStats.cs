using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Appointments;
using Tongban.Modules.Queue;

namespace Tongban.Modules.Analytics;

/// <param name="AverageWaitSeconds">Ticket taken → first called, over the called tickets; null when none was called.</param>
/// <param name="AverageServiceSeconds">First called → finished, over the finished tickets; null when none finished.</param>
internal sealed record QueueFiguresDto(int Tickets, int Called, int Finished, int Skipped, int? AverageWaitSeconds, int? AverageServiceSeconds);

internal sealed record QueueWindowStatsDto(string WindowCode, string WindowName, QueueFiguresDto Figures);

internal sealed record QueueCategoryStatsDto(string Category, QueueFiguresDto Figures);

internal sealed record QueueDayStatsDto(DateOnly Date, QueueFiguresDto Figures);

/// <summary>The bookings of the period at the point (预约): what became of them, and how much of the offered capacity they used.</summary>
/// <param name="Booked">Every booking of a day in the period that was not cancelled (still booked, checked in or no-show).</param>
/// <param name="NoShowRate">爽约率: no-shows over the bookings whose slot has ended (checked in + no-show); null when none ended.</param>
/// <param name="Capacity">Places offered in the period's slots that anyone looked at (slots are made when first listed).</param>
/// <param name="UseRate">预约使用率: places booked over the places offered; null when no slot was offered.</param>
internal sealed record AppointmentFiguresDto(int Booked, int Cancelled, int CheckedIn, int NoShows, double? NoShowRate, int Capacity, int BookedPlaces, double? UseRate);

/// <param name="WaitingNow">Tickets of today still waiting (the people in the hall now); 0 for a period that ends before today.</param>
internal sealed record QueueStatsDto(string ServicePointCode, DateOnly From, DateOnly To, QueueFiguresDto Total, int WaitingNow,
    IReadOnlyList<QueueWindowStatsDto> ByWindow, IReadOnlyList<QueueCategoryStatsDto> ByCategory, IReadOnlyList<QueueDayStatsDto> ByDay,
    AppointmentFiguresDto Appointments);

/// <summary>
/// GET /api/stats/queue?servicePoint=&amp;from=&amp;to= — waiting time (取号 → 叫号) and service time (叫号 → 办结) per window,
/// category and day at one service point (the district center unless named). Read from that point's tickets of the period
/// by the (point, day) index: a hall issues hundreds of tickets a day, and the averages need the two instants of each.
/// </summary>
internal static class QueueStats
{
    public const int MaxDays = 92;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics")
            .MapGet("/queue", Handle).Produces<QueueStatsDto>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsQueue").WithSummary("排队叫号统计：等候时长、办理时长（按窗口、类别、日期）");

    internal static async Task<IResult> Handle(TongbanDb db, TimeProvider clock, string? servicePoint, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var (start, end) = (from ?? today, to ?? today);
        var errors = new FieldErrors();
        if (end < start) errors.Add("to", "结束日期不能早于开始日期");
        else if (end.DayNumber - start.DayNumber >= MaxDays) errors.Add("to", $"排队统计区间不能超过 {MaxDays} 天");
        var point = string.IsNullOrWhiteSpace(servicePoint)
            ? await db.ServicePoints.AsNoTracking().Where(p => p.Level == Organization.ServicePointLevel.District).OrderBy(p => p.Code).Select(p => p.Code).FirstOrDefaultAsync(ct)
            : servicePoint.Trim();
        if (point is null || !await db.ServicePoints.AnyAsync(p => p.Code == point, ct)) errors.Add("servicePoint", "服务点不存在");
        if (errors.Any) return errors.ToResult();

        var tickets = await db.Set<QueueTicket>().AsNoTracking().Where(t => t.ServicePointCode == point && t.Day >= start && t.Day <= end)
            .Select(t => new TicketTimes(t.Day, t.Category, t.WindowCode, t.Status, t.IssuedAt, t.CalledAt, t.FinishedAt)).ToListAsync(ct);
        var windows = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == point).ToDictionaryAsync(w => w.Code, w => w.Name, ct);
        var appointments = await AppointmentFiguresAsync(db, point!, start, end, ct);
        return TypedResults.Ok(new QueueStatsDto(point!, start, end, Figures(tickets),
            tickets.Count(t => t.Day == today && t.Status == TicketStatus.Waiting),
            [.. tickets.Where(t => t.WindowCode is not null).GroupBy(t => t.WindowCode!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new QueueWindowStatsDto(g.Key, windows.GetValueOrDefault(g.Key, g.Key), Figures([.. g])))],
            [.. tickets.GroupBy(t => t.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new QueueCategoryStatsDto(g.Key, Figures([.. g])))],
            [.. tickets.GroupBy(t => t.Day).OrderBy(g => g.Key).Select(g => new QueueDayStatsDto(g.Key, Figures([.. g])))],
            appointments));
    }

    /// <summary>A count by status and two sums over the (point, day) indexes: the bookings, and the slots' places.</summary>
    private static async Task<AppointmentFiguresDto> AppointmentFiguresAsync(TongbanDb db, string point, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var byStatus = await db.Set<Appointment>().AsNoTracking().Where(a => a.ServicePointCode == point && a.Date >= start && a.Date <= end)
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        var slots = db.Set<AppointmentSlot>().AsNoTracking().Where(s => s.ServicePointCode == point && s.Date >= start && s.Date <= end);
        var capacity = await slots.SumAsync(s => s.Capacity, ct);
        var bookedPlaces = await slots.SumAsync(s => s.Booked, ct);
        int Count(AppointmentStatus status) => byStatus.GetValueOrDefault(status);
        var (checkedIn, noShows) = (Count(AppointmentStatus.CheckedIn), Count(AppointmentStatus.NoShow));
        return new AppointmentFiguresDto(Count(AppointmentStatus.Booked) + checkedIn + noShows, Count(AppointmentStatus.Cancelled), checkedIn, noShows,
            checkedIn + noShows == 0 ? null : Math.Round((double)noShows / (checkedIn + noShows), 4),
            capacity, bookedPlaces, capacity == 0 ? null : Math.Round((double)bookedPlaces / capacity, 4));
    }

    private sealed record TicketTimes(DateOnly Day, string Category, string? WindowCode, TicketStatus Status, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt, DateTimeOffset? FinishedAt);

    private static QueueFiguresDto Figures(IReadOnlyCollection<TicketTimes> tickets)
    {
        var waits = tickets.Where(t => t.CalledAt is not null).Select(t => (t.CalledAt!.Value - t.IssuedAt).TotalSeconds).ToList();
        var services = tickets.Where(t => t.CalledAt is not null && t.FinishedAt is not null).Select(t => (t.FinishedAt!.Value - t.CalledAt!.Value).TotalSeconds).ToList();
        return new QueueFiguresDto(tickets.Count, waits.Count, services.Count, tickets.Count(t => t.Status == TicketStatus.Skipped),
            waits.Count == 0 ? null : (int)Math.Round(waits.Average()), services.Count == 0 ? null : (int)Math.Round(services.Average()));
    }
}
