using System.Globalization;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>
/// Messages to a person that are not a case stage: the login code (urgent: it must not wait for
/// quiet hours) and the notice that their material library was opened at a window (optional: the
/// owner may opt out with "TD"). Queued in the caller's unit of work, like every message; the text
/// comes from the event's template (<see cref="SmsTemplateCatalog"/>), version 1 being the built-in wording.
/// </summary>
internal static class PersonalMessages
{
    public const string LoginCodeEvent = "auth.otp";
    public const string ConsultationCodeEvent = "consultation.otp";
    public const string ComplaintCodeEvent = "complaint.otp";

    /// <summary>The SMS event of a code's purpose (login, consultation, complaint), or null for an unknown purpose.</summary>
    public static string? CodeEventOf(string purpose) => purpose switch
    {
        "login" => LoginCodeEvent,
        "consultation" => ConsultationCodeEvent,
        "complaint" => ComplaintCodeEvent,
        _ => null,
    };

    public static bool IsCodeEvent(string eventCode) => eventCode is LoginCodeEvent or ConsultationCodeEvent or ComplaintCodeEvent;
    public const string LibraryOpenedEvent = "library.opened";
    public const string AppointmentBookedEvent = "appointment.booked";
    public const string AppointmentReminderEvent = "appointment.reminder";
    public const string AppointmentCancelledEvent = "appointment.cancelled";
    public const string ConsultationAnsweredEvent = "consultation.answered";
    public const string ComplaintRepliedEvent = "complaint.replied";

    /// <summary>
    /// A message of an event that is no case stage (an appointment's confirmation, reminder, cancellation), rendered from
    /// the event's template in force with <paramref name="values"/>, queued in the caller's unit of work.
    /// </summary>
    public static async Task QueueAsync(TongbanDb db, string eventCode, string mobile, IReadOnlyDictionary<string, string?> values, DateTimeOffset now, CancellationToken ct)
    {
        var body = await SmsTemplateCatalog.InForceAsync(db, eventCode, ct);
        db.OutboxMessages.Add(new OutboxMessage { Recipient = mobile, Event = eventCode, CreatedAt = now, NextAttemptAt = now, Text = CaseMessages.Signature + SmsTemplateCatalog.Render(body, values) });
    }

    /// <summary>The hotline in the library notice (no department is involved in a lookup).</summary>
    private const string GeneralHotline = "12345";

    /// <summary>A one-use SMS code; <paramref name="eventCode"/> picks the wording (login, anonymous consultation or complaint).</summary>
    public static async Task QueueLoginCodeAsync(TongbanDb db, string mobile, string code, TimeSpan validity, DateTimeOffset now, CancellationToken ct,
        string eventCode = LoginCodeEvent)
    {
        var body = await SmsTemplateCatalog.InForceAsync(db, eventCode, ct);
        var text = SmsTemplateCatalog.Render(body, new Dictionary<string, string?>
        {
            ["code"] = code, ["minutes"] = ((int)validity.TotalMinutes).ToString(CultureInfo.InvariantCulture),
        });
        db.OutboxMessages.Add(new OutboxMessage { Recipient = mobile, Event = eventCode, CreatedAt = now, NextAttemptAt = now, Text = CaseMessages.Signature + text });
    }

    public static async Task QueueLibraryOpenedAsync(TongbanDb db, string mobile, string servicePointName, string? windowCode, DateTimeOffset now, CancellationToken ct)
    {
        var body = await SmsTemplateCatalog.InForceAsync(db, LibraryOpenedEvent, ct);
        var text = SmsTemplateCatalog.Render(body, new Dictionary<string, string?>
        {
            ["time"] = ChinaTime.ToChina(now).ToString("M月d日HH:mm", CultureInfo.InvariantCulture),
            ["servicePoint"] = servicePointName,
            ["windowNote"] = windowCode is null ? "" : $"（{windowCode}号窗口）",
            ["hotline"] = GeneralHotline,
        });
        db.OutboxMessages.Add(new OutboxMessage { Recipient = mobile, Event = LibraryOpenedEvent, CreatedAt = now, NextAttemptAt = now, Text = CaseMessages.Signature + text });
    }
}
