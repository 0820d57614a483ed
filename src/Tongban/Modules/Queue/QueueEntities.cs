namespace Tongban.Modules.Queue;

/// <summary>Where a ticket is in its day: taken, called to a window, being served, done, or skipped (过号).</summary>
internal enum TicketStatus
{
    Waiting,
    Called,
    Serving,
    Finished,
    Skipped,
}

/// <summary>
/// 排队号: one person's place in a service point's queue for a business category, on one day. The timestamps give the
/// waiting time (taken → first called) and the service time (called → finished) for the statistics.
/// </summary>
internal sealed class QueueTicket
{
    public long Id { get; init; }
    public required string ServicePointCode { get; init; }
    /// <summary>The China date it was taken: numbers start again at 001 every day.</summary>
    public DateOnly Day { get; init; }
    /// <summary>The category's letter (A 综合, B …), the prefix of the number.</summary>
    public required string Category { get; init; }
    public int Number { get; init; }
    /// <summary>"A023": the letter and the number as called aloud.</summary>
    public required string TicketNumber { get; init; }
    public string? ItemCode { get; init; }
    /// <summary>签到: the appointment this ticket was taken with (its number starts with Y), else null.</summary>
    public string? AppointmentNumber { get; init; }
    /// <summary>The start of that appointment's slot: from then on the ticket is called before the others of its category.</summary>
    public DateTimeOffset? SlotStartsAt { get; init; }
    /// <summary>绿色通道: elderly | disabled | military, called before the others of its category; null for everyone else.</summary>
    public string? Priority { get; init; }
    /// <summary>0 for a priority ticket, 1 otherwise: the first key of the calling order.</summary>
    public int PriorityRank { get; init; }
    public TicketStatus Status { get; set; }
    /// <summary>The window it was called to (kept once finished, for the per-window statistics).</summary>
    public string? WindowCode { get; set; }
    /// <summary>Set by a transfer (转窗): waiting again, for this window only, ahead of its other tickets.</summary>
    public string? TransferredToWindowCode { get; set; }
    public DateTimeOffset IssuedAt { get; init; }
    /// <summary>The first call: the end of the waiting time.</summary>
    public DateTimeOffset? CalledAt { get; set; }
    /// <summary>The latest call (a recall or a call after a transfer): what the hall display shows.</summary>
    public DateTimeOffset? LastCalledAt { get; set; }
    public int CallCount { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? SkippedAt { get; set; }
    /// <summary>The taker's network (an IPv6 /64 is one), for the per-address limit; null for an enrolled ticket machine.</summary>
    public string? TakenFrom { get; init; }
}

/// <summary>The last number given out per service point, category and day; raised by one atomic upsert per ticket.</summary>
internal sealed class QueueNumberCounter
{
    public required string ServicePointCode { get; init; }
    public DateOnly Day { get; init; }
    public required string Category { get; init; }
    public int LastNumber { get; set; }
}
