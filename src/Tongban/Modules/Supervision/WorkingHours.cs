using Tongban.Infrastructure.Clock;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Supervision;

/// <summary>
/// Office hours on working days (Asia/Shanghai; 08:30–12:00 and 14:00–17:30 by default). Reminders and
/// escalation clocks run only inside them: a 4-hour window opened at 11:00 ends at 15:00, one opened on a
/// Friday afternoon ends on Monday, and nothing reaches anyone at night, on a weekend or a holiday.
/// Immutable and pure: the same answers on every node.
/// </summary>
internal readonly record struct WorkingHours(TimeSpan MorningStart, TimeSpan MorningEnd, TimeSpan AfternoonStart, TimeSpan AfternoonEnd)
{
    private (TimeSpan Start, TimeSpan End)[] Periods => [(MorningStart, MorningEnd), (AfternoonStart, AfternoonEnd)];

    public bool IsWorkingMoment(BusinessCalendar calendar, DateTimeOffset instant)
    {
        var local = ChinaTime.ToChina(instant);
        if (!calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime))) return false;
        var t = local.TimeOfDay;
        return Periods.Any(p => p.Start <= t && t < p.End);
    }

    /// <summary>The instant itself when it is in office hours, else the start of the next period.</summary>
    public DateTimeOffset NextWorkingMoment(BusinessCalendar calendar, DateTimeOffset instant)
    {
        var local = ChinaTime.ToChina(instant);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = local.TimeOfDay;
        // Holidays last at most a few weeks; a year bounds the search.
        for (var i = 0; i < 400; i++, date = date.AddDays(1), time = TimeSpan.Zero)
        {
            if (!calendar.IsWorkingDay(date)) continue;
            foreach (var (start, end) in Periods)
            {
                if (time < start) return At(date, start);
                if (time < end) return i == 0 ? instant : At(date, time);
            }
        }
        throw new InvalidOperationException("No working day within a year: the business calendar is broken.");
    }

    /// <summary>The start of office hours on <paramref name="date"/>, or on the first working day after it.</summary>
    public DateTimeOffset StartOfWorkingDay(BusinessCalendar calendar, DateOnly date) => NextWorkingMoment(calendar, At(date, TimeSpan.Zero));

    /// <summary><paramref name="amount"/> of office time after <paramref name="from"/> (time outside office hours does not count).</summary>
    public DateTimeOffset AddWorkingTime(BusinessCalendar calendar, DateTimeOffset from, TimeSpan amount)
    {
        var at = NextWorkingMoment(calendar, from);
        var left = amount;
        while (true)
        {
            var local = ChinaTime.ToChina(at);
            var date = DateOnly.FromDateTime(local.DateTime);
            var end = Periods.First(p => p.Start <= local.TimeOfDay && local.TimeOfDay < p.End).End;
            var available = end - local.TimeOfDay;
            // At a period's end exactly, the window closes at the next period's start (never at 12:00 or 17:30 sharp).
            if (left < available) return at + left;
            left -= available;
            at = NextWorkingMoment(calendar, At(date, end));
        }
    }

    private static DateTimeOffset At(DateOnly date, TimeSpan time) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), ChinaTime.Zone.BaseUtcOffset).Add(time).ToUniversalTime();
}
