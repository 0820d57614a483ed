namespace Tongban.Modules.Appointments;

/// <summary>
/// The opening periods of one day of the week at a service point (星期一 = 1 … 星期日 = 7), e.g. "09:00-12:00,13:30-17:00".
/// A day of the week without a row is closed. A 调休 working Saturday or Sunday keeps Monday's periods.
/// </summary>
internal sealed class WeeklyOpeningDay
{
    public required string ServicePointCode { get; init; }
    public int DayOfWeek { get; init; }
    public required string Periods { get; set; }
}

/// <summary>
/// 周末轮值: a Saturday or Sunday on which some windows of a service point open; only those windows take bookings.
/// </summary>
internal sealed class WeekendRotationDay
{
    public required string ServicePointCode { get; init; }
    public DateOnly Date { get; init; }
    /// <summary>The windows on duty, comma-separated window codes.</summary>
    public required string WindowCodes { get; set; }
    public required string Periods { get; set; }
    public string? Note { get; set; }
}

/// <summary>A special day at a service point: closed (停电、搬迁) or open at other hours, with a note shown to the public.</summary>
internal sealed class SpecialOpeningDay
{
    public required string ServicePointCode { get; init; }
    public DateOnly Date { get; init; }
    public bool Open { get; set; }
    /// <summary>Periods when open; empty when closed.</summary>
    public string Periods { get; set; } = "";
    public required string Note { get; set; }
}

/// <summary>The booking capacity template of a service point: slot length, and places per slot per window serving the item.</summary>
internal sealed class AppointmentTemplate
{
    public required string ServicePointCode { get; init; }
    public int SlotMinutes { get; set; }
    public int PlacesPerWindow { get; set; }
}

/// <summary>
/// The counter of one bookable slot (service point × item × date × start). Made on the first booking of the slot; a booking
/// takes a place with one conditional UPDATE (booked = booked + 1 WHERE booked &lt; capacity), so concurrent requests for
/// the last places cannot overbook on either database.
/// </summary>
internal sealed class AppointmentSlot
{
    public long Id { get; init; }
    public required string ServicePointCode { get; init; }
    public required string ItemCode { get; init; }
    public DateOnly Date { get; init; }
    public TimeOnly Start { get; init; }
    public TimeOnly End { get; init; }
    public int Capacity { get; set; }
    public int Booked { get; set; }
}

internal enum AppointmentStatus
{
    Booked,
    Cancelled,
    /// <summary>爽约: not checked in by the end of the slot (set by <see cref="AppointmentNoShowScanner"/>).</summary>
    NoShow,
    CheckedIn,
}

/// <summary>One citizen's booking of one slot (预约).</summary>
internal sealed class Appointment
{
    public long Id { get; init; }
    public required string Number { get; init; }
    public int CitizenId { get; init; }
    public required string ServicePointCode { get; init; }
    public required string ItemCode { get; init; }
    public DateOnly Date { get; init; }
    public TimeOnly Start { get; init; }
    public TimeOnly End { get; init; }
    public AppointmentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>签到: when a ticket was taken with it at the service point's ticket machine.</summary>
    public DateTimeOffset? CheckedInAt { get; set; }
    /// <summary>When the reminder SMS is due (the afternoon before); null once sent, cancelled, or when there is none.</summary>
    public DateTimeOffset? RemindAt { get; set; }
}
