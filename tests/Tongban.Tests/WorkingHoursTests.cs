using CsCheck;
using Tongban.Modules.Calendar;
using Tongban.Modules.Supervision;

namespace Tongban.Tests;

/// <summary>Office-hours arithmetic of the supervision clocks (reminders and escalation never run at night, on weekends or holidays).</summary>
public class WorkingHoursTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();
    private static readonly WorkingHours Hours = new SupervisionOptions().Hours;

    private static DateTimeOffset Beijing(int month, int day, int hour, int minute) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    [Theory]
    // Inside the morning: plain addition. Across lunch: 12:00–14:00 does not count.
    [InlineData(9, 29, 9, 0, 2, 9, 29, 11, 0)]
    [InlineData(9, 29, 11, 0, 4, 9, 29, 17, 0)]
    // Exactly at the end of the morning the window closes after lunch, never at 12:00 sharp.
    [InlineData(10, 8, 8, 30, 4, 10, 8, 14, 30)]
    [InlineData(9, 29, 8, 30, 3.5, 9, 29, 14, 0)]
    // Friday afternoon → Monday (the weekend does not count).
    [InlineData(9, 11, 16, 30, 4, 9, 14, 11, 30)]
    // Before National Day → after it (1–7 October off); Saturday 10 October is a 调休 working day.
    [InlineData(9, 30, 16, 0, 4, 10, 8, 11, 0)]
    [InlineData(10, 9, 17, 0, 1, 10, 10, 9, 0)]
    // Started at night or on a holiday: counts from the next opening.
    [InlineData(10, 3, 22, 0, 1, 10, 8, 9, 30)]
    [InlineData(9, 29, 12, 30, 0.5, 9, 29, 14, 30)]
    public void Working_time_is_added_in_office_hours_only(int m, int d, int h, int min, double hours, int em, int ed, int eh, int emin) =>
        Assert.Equal(Beijing(em, ed, eh, emin), Hours.AddWorkingTime(Calendar, Beijing(m, d, h, min), TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData(9, 29, 7, 0, 9, 29, 8, 30)]
    [InlineData(9, 29, 12, 0, 9, 29, 14, 0)]
    [InlineData(9, 29, 17, 30, 9, 30, 8, 30)]
    [InlineData(9, 30, 18, 0, 10, 8, 8, 30)]
    [InlineData(9, 19, 10, 0, 9, 20, 8, 30)] // Saturday → the 调休 Sunday
    [InlineData(9, 29, 10, 15, 9, 29, 10, 15)]
    public void The_next_working_moment_is_now_in_office_hours_else_the_next_opening(int m, int d, int h, int min, int em, int ed, int eh, int emin) =>
        Assert.Equal(Beijing(em, ed, eh, emin), Hours.NextWorkingMoment(Calendar, Beijing(m, d, h, min)));

    [Fact]
    public void Yellow_starts_on_the_last_working_day_before_the_due_date()
    {
        Assert.Equal(new DateOnly(2026, 9, 29), SupervisionRules.YellowFrom(Calendar, new DateOnly(2026, 9, 30), 1));
        // Due Thursday 8 October after the holiday: the day before with one day left is Wednesday 30 September.
        Assert.Equal(new DateOnly(2026, 9, 30), SupervisionRules.YellowFrom(Calendar, new DateOnly(2026, 10, 8), 1));
        Assert.Equal(new DateOnly(2026, 10, 8), SupervisionRules.YellowFrom(Calendar, new DateOnly(2026, 10, 8), 0));
    }

    [Fact]
    public void Added_working_time_always_ends_in_office_hours_and_splits_additively() =>
        Gen.Select(Gen.Int[0, 365 * 24 * 4], Gen.Int[1, 40 * 4], Gen.Int[1, 40 * 4]).Sample((start, a, b) =>
        {
            var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(start * 15);
            var x = TimeSpan.FromMinutes(a * 15);
            var y = TimeSpan.FromMinutes(b * 15);
            var end = Hours.AddWorkingTime(Calendar, from, x + y);
            return Hours.IsWorkingMoment(Calendar, end)
                && end == Hours.AddWorkingTime(Calendar, Hours.AddWorkingTime(Calendar, from, x), y);
        });
}
