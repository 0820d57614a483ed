using System.Globalization;

namespace Tongban.Modules.Notifications;

/// <summary>
/// 补正提醒: the reminders owed for one correction notice (一次性告知). Written with the notice's stage SMS, in the
/// same transaction; <see cref="NextReminderAt"/> (indexed) is when the scan next has to look at it, null when
/// nothing more is owed (all sent, the applicant supplemented, or the case moved on).
/// </summary>
internal sealed class SupplementReminder
{
    public long Id { get; init; }
    public required string CaseNumber { get; init; }
    /// <summary>The notice (its sequence on the case) whose supplement is awaited.</summary>
    public int NoticeSequence { get; init; }
    /// <summary>The supplement deadline the notice states (Beijing date).</summary>
    public DateOnly DueDate { get; init; }
    public DateTimeOffset? NextReminderAt { get; set; }
    /// <summary>Reminders queued so far; also the guard that a re-claimed row is not reminded twice.</summary>
    public int RemindersSent { get; set; }
    /// <summary>The scheduled moment of the last reminder handled: the next one is the first slot after it.</summary>
    public DateTimeOffset? LastSlotAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Why no more reminders follow (补正完成, 办件状态已变化, 提醒已发完).</summary>
    public string? ClosedReason { get; set; }
}

/// <summary>Tongban:Sms:SupplementReminders — when applicants are reminded of a correction notice's supplement deadline.</summary>
internal sealed class SupplementReminderOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Working days before the deadline on which a reminder goes, comma-separated; 0 is the deadline's own (last working) day.</summary>
    public string WorkingDaysBefore { get; set; } = "2,0";
    /// <summary>The time of day (Asia/Shanghai) of each reminder.</summary>
    public TimeOnly SendAt { get; set; } = new(9, 0);
    /// <summary>How often the background scan looks for due reminders.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<int> Offsets() =>
        [.. WorkingDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct().OrderDescending()];

    public IEnumerable<string> Validate()
    {
        var parts = WorkingDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 30))
            yield return "Tongban:Sms:SupplementReminders:WorkingDaysBefore must be a comma-separated list of working days 0–30 (e.g. \"2,0\").";
        if (Interval < TimeSpan.FromSeconds(1)) yield return "Tongban:Sms:SupplementReminders:Interval must be at least 00:00:01.";
    }
}
