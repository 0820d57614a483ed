using Tongban.Modules.Calendar;

namespace Tongban.Modules.Cases;

internal readonly record struct DueDates(DateOnly Promised, DateOnly Legal, int SuspendedWorkingDays, int ExtensionWorkingDays);

/// <summary>
/// Due dates from clock events and the calendar (行政许可法 §42, §45, §82). Counting starts the day
/// after acceptance; working days spent in a special procedure (between a suspension and its
/// resumption) do not count; an extension adds working days to both the promised and the legal
/// date (an approved extension is the lawful new deadline, and the promise to the applicant moves
/// with it). Suspensions and extensions are sums, so their order never matters.
/// </summary>
internal static class CaseClock
{
    public static DueDates? Compute(BusinessCalendar calendar, int promisedDays, int legalDays, IEnumerable<CaseClockEvent> events, DateOnly today) =>
        Compute(calendar, (promisedDays, Catalog.LimitUnit.WorkingDay), (legalDays, Catalog.LimitUnit.WorkingDay), events, today);

    public static DueDates? Compute(Case c, BusinessCalendar calendar, IEnumerable<CaseClockEvent> events, DateOnly today) =>
        Compute(calendar, (c.PromisedLimitDays, c.PromisedLimitUnit), (c.LegalLimitDays, c.LegalLimitUnit), events, today);

    /// <summary>
    /// Limits in natural days (自然日) count calendar days, and a due date falling on a non-working day moves to
    /// the next working day; suspensions then shift by the calendar days spent, extensions still by working days.
    /// </summary>
    public static DueDates? Compute(BusinessCalendar calendar, (int Days, Catalog.LimitUnit Unit) promised, (int Days, Catalog.LimitUnit Unit) legal,
        IEnumerable<CaseClockEvent> events, DateOnly today)
    {
        DateOnly? start = null;
        DateOnly? suspendedSince = null;
        var suspended = 0;
        var suspendedCalendarDays = 0;
        var extension = 0;
        foreach (var e in events.OrderBy(e => e.At).ThenBy(e => e.Id))
        {
            switch (e.Kind)
            {
                case ClockEventKind.Started:
                    start = e.Date;
                    break;
                case ClockEventKind.Suspended:
                    suspendedSince ??= e.Date;
                    break;
                case ClockEventKind.Resumed when suspendedSince is { } since:
                    suspended += SuspendedDays(calendar, since, e.Date);
                    suspendedCalendarDays += Math.Max(0, e.Date.DayNumber - since.DayNumber);
                    suspendedSince = null;
                    break;
                case ClockEventKind.Extended:
                    extension += e.WorkingDays ?? 0;
                    break;
            }
        }
        if (start is null) return null;
        // While suspended the clock stands still: days up to today do not count.
        if (suspendedSince is { } open)
        {
            suspended += SuspendedDays(calendar, open, today);
            suspendedCalendarDays += Math.Max(0, today.DayNumber - open.DayNumber);
        }
        DateOnly Due((int Days, Catalog.LimitUnit Unit) limit) => limit.Unit == Catalog.LimitUnit.NaturalDay
            ? NaturalDue(calendar, start.Value.AddDays(limit.Days + suspendedCalendarDays), extension)
            : DueDate(calendar, start.Value, limit.Days + suspended + extension);
        return new DueDates(Due(promised), Due(legal), suspended, extension);
    }

    private static DateOnly NaturalDue(BusinessCalendar calendar, DateOnly date, int extensionWorkingDays)
    {
        if (extensionWorkingDays > 0) return calendar.AddWorkingDays(date, extensionWorkingDays);
        return calendar.IsWorkingDay(date) ? date : calendar.AddWorkingDays(date, 1);
    }

    /// <summary>Working days lost to a suspension from <paramref name="from"/> to <paramref name="to"/>: the days after the suspension day up to and including the resumption day.</summary>
    public static int SuspendedDays(BusinessCalendar calendar, DateOnly from, DateOnly to) =>
        to <= from ? 0 : calendar.CountWorkingDays(from.AddDays(1), to);

    /// <summary>The n-th working day after start; for n = 0 (即办件) the start itself, or the next working day if the start is not one.</summary>
    public static DateOnly DueDate(BusinessCalendar calendar, DateOnly start, int workingDays) =>
        workingDays > 0 ? calendar.AddWorkingDays(start, workingDays)
        : calendar.IsWorkingDay(start) ? start : calendar.AddWorkingDays(start, 1);

    /// <summary>Working days left after today up to the due date; negative when overdue.</summary>
    public static int Remaining(BusinessCalendar calendar, DateOnly due, DateOnly today) =>
        due >= today ? calendar.CountWorkingDays(today.AddDays(1), due) : -calendar.CountWorkingDays(due.AddDays(1), today);
}
