using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Notifications;

namespace Tongban.Modules.Appointments;

/// <summary>The SMS of a booking (confirmation, the reminder the afternoon before, cancellation), queued through the outbox in the change's unit of work.</summary>
internal static class AppointmentMessages
{
    public const string Booked = PersonalMessages.AppointmentBookedEvent;
    public const string Reminder = PersonalMessages.AppointmentReminderEvent;
    public const string Cancelled = PersonalMessages.AppointmentCancelledEvent;

    private static readonly string[] WeekdayNames = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    /// <summary>"3月3日（周二）09:00-09:30".</summary>
    public static string Slot(Appointment a) =>
        $"{a.Date.Month}月{a.Date.Day}日（{WeekdayNames[(int)a.Date.DayOfWeek]}）{AppointmentSlots.Hm(a.Start)}-{AppointmentSlots.Hm(a.End)}";

    public static async Task QueueAsync(TongbanDb db, string eventCode, Appointment a, string pointName, string itemName, DateTimeOffset now, CancellationToken ct)
    {
        var mobile = await db.Citizens.AsNoTracking().Where(c => c.Id == a.CitizenId).Select(c => c.Mobile).FirstOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(mobile)) return;
        var address = await db.ServicePoints.AsNoTracking().Where(p => p.Code == a.ServicePointCode).Select(p => p.Address).FirstOrDefaultAsync(ct);
        await PersonalMessages.QueueAsync(db, eventCode, mobile, new Dictionary<string, string?>
        {
            ["slot"] = Slot(a), ["servicePoint"] = pointName, ["item"] = itemName, ["appointmentNumber"] = a.Number, ["servicePointAddress"] = address ?? pointName,
        }, now, ct);
    }

    public static async Task<(string PointName, string ItemName)> NamesAsync(TongbanDb db, Appointment a, CancellationToken ct)
    {
        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == a.ServicePointCode).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? a.ServicePointCode;
        var item = await db.ItemVersions.AsNoTracking().Where(i => i.Code == a.ItemCode).OrderByDescending(i => i.Version).Select(i => i.Name).FirstOrDefaultAsync(ct) ?? a.ItemCode;
        return (point, item);
    }
}
