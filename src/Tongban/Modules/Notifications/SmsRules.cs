using Tongban.Infrastructure.Clock;

namespace Tongban.Modules.Notifications;

/// <summary>
/// The rules a message obeys before it leaves, as pure functions of the event, the time and
/// the options, so they are tested without a database or a clock.
/// </summary>
internal static class SmsRules
{
    /// <summary>1 + 7 retries: 25 s, 100 s, 400 s, 1,600 s, 6,400 s, 25,600 s, 52,000 s — Open Notificaties' schedule, about 24 hours in all.</summary>
    public const int DefaultMaxAttempts = 8;
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(52_000);

    /// <summary>Sent at once, whatever the hour or the count: a login code is useless tomorrow morning.</summary>
    public static bool IsUrgent(string eventName) => PersonalMessages.IsCodeEvent(eventName);

    /// <summary>Courtesy messages a citizen may refuse ("TD"). Stage messages (case.*) are required by the process and never optional.</summary>
    public static bool IsOptional(string eventName) => eventName is "library.opened" or "case.supplementReminder" or "appointment.reminder";

    /// <summary>Wait after the <paramref name="attempts"/>-th failed try: 25 s × 4^(n−1) (another base if configured), at most 52,000 s.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan? baseDelay = null)
    {
        var seconds = (baseDelay ?? DefaultRetryBaseDelay).TotalSeconds * Math.Pow(4, Math.Max(0, attempts - 1));
        return seconds >= BackoffMax.TotalSeconds ? BackoffMax : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// When a non-urgent message may go if <paramref name="now"/> is within quiet hours (Asia/Shanghai), else null.
    /// start &gt; end means the quiet time spans midnight (21:00–08:00).
    /// </summary>
    public static DateTimeOffset? QuietUntil(DateTimeOffset now, TimeOnly start, TimeOnly end)
    {
        if (start == end) return null;
        var local = ChinaTime.ToChina(now);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var spansMidnight = start > end;
        var quiet = spansMidnight ? time >= start || time < end : time >= start && time < end;
        if (!quiet) return null;
        var day = DateOnly.FromDateTime(local.DateTime);
        if (spansMidnight && time >= start) day = day.AddDays(1);
        var until = new DateTimeOffset(day.ToDateTime(end), local.Offset);
        return until.ToUniversalTime();
    }

    /// <summary>UCS-2 length as the gateway counts it: one part holds 70 characters, each part of a long message 67.</summary>
    public static (int Characters, int Parts) Length(string text)
    {
        // A character outside the BMP takes two UCS-2 units, as string.Length already counts.
        var units = text.Length;
        return (units, units == 0 ? 0 : units <= 70 ? 1 : (units + 66) / 67);
    }
}
