using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Appointments;

/// <summary>GET /api/appointments/{appointmentNumber}/appointment.ics — the owner's booking as an iCalendar event (RFC 5545), to add to a phone's calendar.</summary>
internal static class AppointmentCalendarFile
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/appointments/{appointmentNumber}/appointment.ics", Handle).RequireAuthorization(Policies.Citizen).AddEndpointFilter(CitizenOnPhone.Filter).WithTags("Appointments")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblem(403).ProducesProblem(404)
            .WithName("GetAppointmentCalendarFile").WithSummary("预约日历文件（.ics）");

    internal static async Task<IResult> Handle(string appointmentNumber, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var a = await CancelAppointment.OwnAsync(http, db, appointmentNumber, ct);
        var (pointName, itemName) = await AppointmentMessages.NamesAsync(db, a, ct);
        var address = await db.ServicePoints.AsNoTracking().Where(p => p.Code == a.ServicePointCode).Select(p => p.Address).FirstOrDefaultAsync(ct);
        return Results.File(Encoding.UTF8.GetBytes(Build(a, pointName, itemName, address, clock.GetUtcNow())), "text/calendar; charset=utf-8", $"{a.Number}.ics");
    }

    internal static string Build(Appointment a, string pointName, string itemName, string? address, DateTimeOffset now)
    {
        static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tongban//Appointments//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{a.Number}@tongban",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(BookAppointment.AtChina(a.Date, a.Start))}",
            $"DTEND:{Utc(BookAppointment.AtChina(a.Date, a.End))}",
            $"SUMMARY:{Escape($"预约办理：{itemName}")}",
            $"LOCATION:{Escape(address is null ? pointName : $"{pointName}（{address}）")}",
            $"DESCRIPTION:{Escape($"预约号 {a.Number}，请按时到{pointName}取号办理。")}",
            a.Status == AppointmentStatus.Cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
            "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", $"DESCRIPTION:{Escape("预约办理提醒")}", "END:VALARM",
            "END:VEVENT", "END:VCALENDAR",
        };
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>RFC 5545 TEXT: backslash, semicolon, comma and newline escaped.</summary>
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
