namespace Tongban.Infrastructure.Clock;

/// <summary>Instants are stored in UTC; business dates (due dates, case years) are Beijing dates.</summary>
internal static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToChina(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// An instant cut to what both databases keep: PostgreSQL keeps microseconds, SQLite (DateTimeOffsetToBinaryConverter,
    /// see TongbanDb) units of 100 µs. A case answered from memory right after its save (CaseView.BuildAsync) then shows
    /// the same times as every later read of it.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % StoredTicks));

    private const long StoredTicks = 1000;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToChina(clock.GetUtcNow()).DateTime);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToChina(instant).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // Minimal containers may lack tzdata; China has had no DST since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
