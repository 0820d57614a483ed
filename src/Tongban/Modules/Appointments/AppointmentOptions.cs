namespace Tongban.Modules.Appointments;

/// <summary>Tongban:Appointments — the booking rules (docs/configuration.md).</summary>
internal sealed class AppointmentOptions
{
    public const string Section = "Tongban:Appointments";
    /// <summary>Bookable dates: today through the N-th working day after today.</summary>
    public int BookableWorkingDays { get; set; } = 7;
    /// <summary>At most this many open (booked, not yet passed) appointments per person.</summary>
    public int MaxOpenPerPerson { get; set; } = 3;
    /// <summary>No-shows within <see cref="NoShowWindowDays"/> that bar a person …</summary>
    public int NoShowLimit { get; set; } = 3;
    public int NoShowWindowDays { get; set; } = 180;
    /// <summary>… for this many days after the no-show that reached the limit.</summary>
    public int BarDays { get; set; } = 30;
    /// <summary>Slot length and places per window of a service point without its own template.</summary>
    public int DefaultSlotMinutes { get; set; } = 30;
    public int DefaultPlacesPerWindow { get; set; } = 1;
    /// <summary>The reminder SMS goes at this Beijing time on the day before the appointment.</summary>
    public TimeOnly ReminderAt { get; set; } = new(16, 0);
    /// <summary>Off in tests that call <see cref="AppointmentReminderScanner.ScanDueAsync"/> themselves.</summary>
    public bool RemindInBackground { get; set; } = true;
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Off in tests that call <see cref="AppointmentNoShowScanner.MarkDueAsync"/> themselves.</summary>
    public bool MarkNoShowsInBackground { get; set; } = true;
    public TimeSpan NoShowScanInterval { get; set; } = TimeSpan.FromMinutes(5);
}
