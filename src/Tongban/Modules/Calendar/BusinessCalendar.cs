using System.Collections.Frozen;
using System.Text.Json;
using Tongban.Infrastructure.Reference;

namespace Tongban.Modules.Calendar;

/// <summary>One listed day: a day off (放假, also a local closure) or an adjusted working day (调休上班).</summary>
internal readonly record struct CalendarOverride(DateOnly Date, bool IsOffDay, string Name);

/// <summary>What the calendar says about one day, for display (e.g. name "春节" or "调休上班").</summary>
internal sealed record CalendarDayInfo(DateOnly Date, bool IsWorkingDay, string? Name);

/// <summary>
/// Working-day calendar (行政许可法 §82: time limits count working days, excluding statutory
/// holidays; 调休 weekends count). A day is a working day iff (Mon–Fri and not listed off) or it is
/// listed as an adjusted working day. Immutable, so one instance can be shared by all threads.
/// </summary>
internal sealed class BusinessCalendar
{
    private const string AdjustedWorkingDayName = "调休上班";

    private static readonly Lazy<IReadOnlyList<CalendarOverride>> Official =
        new(LoadOfficialEntries, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<DateOnly, CalendarOverride> _entries;

    // Only listed days that actually change the weekday rule matter for counting: weekdays that are
    // off and weekend days that are worked. Kept as sorted day numbers so a count over any range is
    // a weekday formula plus two binary searches — O(log n), no allocation, no range limit.
    private readonly int[] _offWeekdays;
    private readonly int[] _workedWeekendDays;

    /// <param name="entries">Listed days; when a date appears more than once the last entry wins.</param>
    public BusinessCalendar(IEnumerable<CalendarOverride> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byDate = new Dictionary<DateOnly, CalendarOverride>();
        foreach (var entry in entries)
        {
            byDate[entry.Date] = entry;
        }

        _entries = byDate.ToFrozenDictionary();
        _offWeekdays = [.. byDate.Values.Where(e => e.IsOffDay && !IsWeekend(e.Date)).Select(e => e.Date.DayNumber).Order()];
        _workedWeekendDays = [.. byDate.Values.Where(e => !e.IsOffDay && IsWeekend(e.Date)).Select(e => e.Date.DayNumber).Order()];
    }

    /// <summary>Every official entry from the shipped holiday-cn files (2007–2026), sorted by date; parsed once.</summary>
    public static IReadOnlyList<CalendarOverride> OfficialEntries => Official.Value;

    /// <summary>
    /// The shipped official calendar, with <paramref name="extra"/> entries (admin-loaded new years,
    /// local closures) winning over official ones on the same date.
    /// </summary>
    public static BusinessCalendar FromOfficialData(IEnumerable<CalendarOverride>? extra = null) =>
        new(extra is null ? OfficialEntries : OfficialEntries.Concat(extra));

    /// <summary>
    /// Parses one file in the NateScarlet/holiday-cn format (<c>{"year", "papers", "days": [{"name", "date", "isOffDay"}]}</c>),
    /// the format administrators upload when the State Council publishes a new year (each November).
    /// </summary>
    /// <exception cref="FormatException">The document is not in that format.</exception>
    public static IReadOnlyList<CalendarOverride> ParseHolidayCnJson(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("节假日文件不是有效的 JSON。", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("days", out var days)
                || days.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("节假日文件缺少 days 数组。");
            }

            var result = new List<CalendarOverride>(days.GetArrayLength());
            foreach (var day in days.EnumerateArray())
            {
                if (day.ValueKind != JsonValueKind.Object
                    || !day.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !day.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String
                    || !day.TryGetProperty("isOffDay", out var isOffDay) || isOffDay.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                    || !DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsedDate))
                {
                    throw new FormatException($"节假日文件第 {result.Count + 1} 条记录格式错误（需要 name、date(yyyy-MM-dd)、isOffDay）。");
                }

                result.Add(new CalendarOverride(parsedDate, isOffDay.GetBoolean(), name.GetString()!));
            }

            return result;
        }
    }

    public bool IsWorkingDay(DateOnly date) =>
        _entries.TryGetValue(date, out var entry) ? !entry.IsOffDay : !IsWeekend(date);

    /// <summary>Working days in [<paramref name="from"/>, <paramref name="to"/>], both ends included; 0 when to &lt; from.</summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        if (to < from) return 0;
        var start = from.DayNumber;
        var endExclusive = to.DayNumber + 1;
        return WeekdaysBefore(endExclusive) - WeekdaysBefore(start)
            - CountInRange(_offWeekdays, start, endExclusive)
            + CountInRange(_workedWeekendDays, start, endExclusive);
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="start"/> (counting starts the
    /// day after, as 行政许可法 time limits do); <paramref name="start"/> itself when days is 0.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0) return start;

        var first = start.AddDays(1);
        // Five working days per seven calendar days, plus slack for holidays; widen until enough.
        var high = (int)Math.Min(start.DayNumber + ((long)days * 7 / 5) + 14, DateOnly.MaxValue.DayNumber);
        int missing;
        while ((missing = days - CountWorkingDays(first, ToDate(high))) > 0)
        {
            if (high >= DateOnly.MaxValue.DayNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(days), days, "The due date falls after DateOnly.MaxValue.");
            }

            high = (int)Math.Min((long)high + ((long)missing * 2) + 14, DateOnly.MaxValue.DayNumber);
        }

        // Smallest date whose count from `first` reaches `days` — necessarily a working day.
        var low = first.DayNumber;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (CountWorkingDays(first, ToDate(mid)) >= days) high = mid;
            else low = mid + 1;
        }

        return ToDate(low);
    }

    /// <summary>
    /// Name is the holiday name for a listed day off, "调休上班" for a listed working weekend day,
    /// null for an ordinary day.
    /// </summary>
    public CalendarDayInfo Describe(DateOnly date)
    {
        if (!_entries.TryGetValue(date, out var entry))
        {
            return new CalendarDayInfo(date, !IsWeekend(date), null);
        }

        if (entry.IsOffDay) return new CalendarDayInfo(date, false, entry.Name);
        // A weekday "listed" as working (e.g. 2020-02-03, marking the end of the COVID extension) is
        // an ordinary working day; calling it 调休 would mislead.
        return new CalendarDayInfo(date, true, IsWeekend(date) ? AdjustedWorkingDayName : null);
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    // DayNumber 0 (0001-01-01) is a Monday, so DayNumber % 7 is 0 for Monday … 6 for Sunday.
    private static int WeekdaysBefore(int dayNumber) => (dayNumber / 7 * 5) + Math.Min(dayNumber % 7, 5);

    private static DateOnly ToDate(int dayNumber) =>
        DateOnly.FromDayNumber(Math.Min(dayNumber, DateOnly.MaxValue.DayNumber));

    private static int CountInRange(int[] sorted, int start, int endExclusive) =>
        LowerBound(sorted, endExclusive) - LowerBound(sorted, start);

    private static int LowerBound(int[] sorted, int value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }

    // Only YYYY.json: upstream also ships schema.json, which is no calendar.
    private static bool IsYearFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length == 9 && name.EndsWith(".json", StringComparison.Ordinal) && name[..4].All(char.IsAsciiDigit);
    }

    private static IReadOnlyList<CalendarOverride> LoadOfficialEntries()
    {
        // A year's notice can list days of the previous December (2007.json holds 2006-12-30/31),
        // so every file is loaded; files are read in year order, a later notice wins on a clash.
        var byDate = new Dictionary<DateOnly, CalendarOverride>();
        foreach (var file in ReferenceData.List("holiday-cn").Where(IsYearFile))
        {
            using var stream = ReferenceData.Open(file);
            foreach (var entry in ParseHolidayCnJson(stream))
            {
                byDate[entry.Date] = entry;
            }
        }

        return [.. byDate.Values.OrderBy(e => e.Date)];
    }
}
