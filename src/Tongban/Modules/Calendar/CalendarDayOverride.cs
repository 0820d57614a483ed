namespace Tongban.Modules.Calendar;

/// <summary>
/// A calendar entry loaded by an administrator: a new year's official arrangement (published each
/// November) or a local closure. Wins over the shipped official data for its date.
/// </summary>
internal sealed class CalendarDayOverride
{
    public int Id { get; init; }
    public DateOnly Date { get; init; }
    public bool IsOffDay { get; set; }
    public required string Name { get; set; }
    /// <summary>official (a State Council notice) or local (a local closure).</summary>
    public required string Kind { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
}
