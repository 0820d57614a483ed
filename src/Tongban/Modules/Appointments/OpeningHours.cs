using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Appointments;

/// <summary>One opening period, "HH:mm" to "HH:mm" (Beijing time).</summary>
internal sealed record OpeningPeriod(string Start, string End);

/// <summary>
/// A service point's hours on one date. <c>windowCodes</c> is set on a 周末轮值 day: only those windows are open.
/// </summary>
internal sealed record OpeningDay(DateOnly Date, bool Open, IReadOnlyList<OpeningPeriod> Periods, string? Note, IReadOnlyList<string>? WindowCodes = null);

/// <summary>
/// The hours of a service point by date, from four sources, the first that speaks winning: a special day; a day off of
/// the business calendar (holidays closed); a 周末轮值 day (only its windows open); the weekly schedule (a 调休 working
/// Saturday or Sunday keeps Monday's periods, as the working day it replaces).
/// </summary>
internal static class OpeningHours
{
    public const string NotSetNote = "办公时间尚未设置，请致电服务点咨询";

    public static async Task<List<OpeningDay>> ForRangeAsync(TongbanDb db, BusinessCalendar calendar, string servicePointCode, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var weekly = await db.Set<WeeklyOpeningDay>().AsNoTracking().Where(w => w.ServicePointCode == servicePointCode).ToDictionaryAsync(w => w.DayOfWeek, w => w.Periods, ct);
        var rotation = await db.Set<WeekendRotationDay>().AsNoTracking().Where(r => r.ServicePointCode == servicePointCode && r.Date >= from && r.Date <= to).ToDictionaryAsync(r => r.Date, ct);
        var special = await db.Set<SpecialOpeningDay>().AsNoTracking().Where(s => s.ServicePointCode == servicePointCode && s.Date >= from && s.Date <= to).ToDictionaryAsync(s => s.Date, ct);
        var days = new List<OpeningDay>();
        for (var d = from; d <= to; d = d.AddDays(1))
            days.Add(Resolve(d, calendar, weekly, rotation.GetValueOrDefault(d), special.GetValueOrDefault(d)));
        return days;
    }

    public static async Task<OpeningDay> ForDayAsync(TongbanDb db, BusinessCalendar calendar, string servicePointCode, DateOnly date, CancellationToken ct) =>
        (await ForRangeAsync(db, calendar, servicePointCode, date, date, ct))[0];

    internal static OpeningDay Resolve(DateOnly date, BusinessCalendar calendar, IReadOnlyDictionary<int, string> weekly, WeekendRotationDay? rotation, SpecialOpeningDay? special)
    {
        if (special is not null)
        {
            var periods = Parse(special.Periods);
            return new OpeningDay(date, special.Open && periods.Count > 0, special.Open ? periods : [], special.Note);
        }
        var info = calendar.Describe(date);
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (!info.IsWorkingDay && !weekend) return Closed(date, info.Name ?? "休息日");
        if (!info.IsWorkingDay && info.Name is not null) return Closed(date, info.Name); // a holiday falling on a weekend
        if (!info.IsWorkingDay)
        {
            if (rotation is null) return weekly.TryGetValue(IsoDay(date), out var weekendPeriods) ? Open(date, weekendPeriods, null) : Closed(date, "周末休息");
            var windows = rotation.WindowCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var periods = Parse(rotation.Periods);
            return new OpeningDay(date, periods.Count > 0 && windows.Length > 0, periods, rotation.Note ?? "周末轮值，仅部分窗口开放", windows);
        }
        // A point whose hours nobody has entered yet (a database from before opening hours) is not "closed on working
        // days": it says so, and takes no bookings until an admin saves its hours.
        if (weekly.Count == 0) return Closed(date, NotSetNote);
        // A working day: a weekday, or a 调休 Saturday/Sunday working as the Monday it replaces.
        var day = weekend ? 1 : IsoDay(date);
        return weekly.TryGetValue(day, out var p) ? Open(date, p, weekend ? info.Name : null) : Closed(date, "不对外办公");
    }

    private static OpeningDay Open(DateOnly date, string periods, string? note)
    {
        var parsed = Parse(periods);
        return new OpeningDay(date, parsed.Count > 0, parsed, note);
    }

    private static OpeningDay Closed(DateOnly date, string note) => new(date, false, [], note);

    /// <summary>Monday = 1 … Sunday = 7.</summary>
    public static int IsoDay(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;

    /// <summary>"09:00-12:00,13:30-17:00" → the periods; the stored text is checked when saved (<see cref="TryFormat"/>).</summary>
    public static List<OpeningPeriod> Parse(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? []
        : [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('-')).Where(p => p.Length == 2).Select(p => new OpeningPeriod(p[0], p[1]))];

    public static (TimeOnly Start, TimeOnly End) Times(OpeningPeriod period) =>
        (TimeOnly.ParseExact(period.Start, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(period.End, "HH:mm", CultureInfo.InvariantCulture));

    /// <summary>Checks periods (HH:mm, start before end, in order, not overlapping, at most 4) and stores them as text; null with a message when wrong.</summary>
    public static string? TryFormat(IReadOnlyList<OpeningPeriod>? periods, out string? error)
    {
        error = null;
        periods ??= [];
        if (periods.Count > 4) { error = "每天最多 4 个时段"; return null; }
        var last = TimeOnly.MinValue;
        var first = true;
        foreach (var period in periods)
        {
            if (period is null
                || !TimeOnly.TryParseExact(period.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(period.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                error = "时段格式应为 HH:mm，如 09:00"; return null;
            }
            if (end <= start) { error = $"时段 {period.Start}-{period.End} 的结束时间须晚于开始时间"; return null; }
            if (!first && start < last) { error = "时段须按时间先后排列且不能重叠"; return null; }
            last = end;
            first = false;
        }
        return string.Join(',', periods.Select(p => $"{p.Start}-{p.End}"));
    }
}
