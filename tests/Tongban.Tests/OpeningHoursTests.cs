using Tongban.Modules.Appointments;
using Tongban.Modules.Calendar;

namespace Tongban.Tests;

/// <summary>How a day's hours are resolved: special day, then the calendar's holidays, then 周末轮值, then the weekly schedule.</summary>
public sealed class OpeningHoursTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();

    private static readonly Dictionary<int, string> Weekly = new()
    {
        [1] = "09:00-12:00,13:30-17:00", [2] = "09:00-12:00,13:30-17:00", [3] = "09:00-12:00,13:30-17:00",
        [4] = "09:00-12:00,13:30-17:00", [5] = "09:00-11:30",
    };

    private static OpeningDay Resolve(DateOnly date, WeekendRotationDay? rotation = null, SpecialOpeningDay? special = null) =>
        OpeningHours.Resolve(date, Calendar, Weekly, rotation, special);

    [Fact]
    public void A_holiday_is_closed_and_named_even_on_a_weekday()
    {
        var day = Resolve(new DateOnly(2026, 10, 1));
        Assert.False(day.Open);
        Assert.Equal("国庆节", day.Note);
    }

    [Fact]
    public void A_point_without_any_weekly_hours_says_they_are_not_set_on_a_working_day()
    {
        var day = OpeningHours.Resolve(new DateOnly(2026, 12, 8), Calendar, new Dictionary<int, string>(), null, null);
        Assert.False(day.Open);
        Assert.Equal(OpeningHours.NotSetNote, day.Note);
        Assert.Equal("国庆节", OpeningHours.Resolve(new DateOnly(2026, 10, 1), Calendar, new Dictionary<int, string>(), null, null).Note);
    }

    [Fact]
    public void A_tiaoxiu_Saturday_keeps_Mondays_periods_and_says_so()
    {
        var day = Resolve(new DateOnly(2026, 2, 28));
        Assert.True(day.Open);
        Assert.Equal("调休上班", day.Note);
        Assert.Equal(new OpeningPeriod("13:30", "17:00"), day.Periods[1]);
    }

    [Fact]
    public void A_rotation_opens_a_weekend_day_for_its_windows_only_but_not_a_holiday()
    {
        var saturday = new DateOnly(2026, 3, 7);
        Assert.False(Resolve(saturday).Open);
        var rotation = new WeekendRotationDay { ServicePointCode = "P", Date = saturday, WindowCodes = "P-W07,P-W08", Periods = "09:00-12:00" };
        var day = Resolve(saturday, rotation);
        Assert.True(day.Open);
        Assert.Equal(["P-W07", "P-W08"], day.WindowCodes!);
        // 2026-10-03 is a Saturday inside National Day: a rotation set there does not open it.
        Assert.False(Resolve(new DateOnly(2026, 10, 3), new WeekendRotationDay { ServicePointCode = "P", Date = new DateOnly(2026, 10, 3), WindowCodes = "P-W07", Periods = "09:00-12:00" }).Open);
    }

    [Fact]
    public void A_special_day_wins_over_everything_open_or_closed()
    {
        var holiday = new DateOnly(2026, 10, 2);
        var open = Resolve(holiday, special: new SpecialOpeningDay { ServicePointCode = "P", Date = holiday, Open = true, Periods = "09:00-11:00", Note = "国庆值班" });
        Assert.True(open.Open);
        Assert.Equal("国庆值班", open.Note);
        var monday = new DateOnly(2026, 3, 9);
        Assert.False(Resolve(monday, special: new SpecialOpeningDay { ServicePointCode = "P", Date = monday, Open = false, Note = "停电" }).Open);
    }

    [Theory]
    [InlineData("09:00", "12:00", "13:30", "17:00", "09:00-12:00,13:30-17:00")]
    [InlineData("12:00", "09:00", null, null, null)]
    [InlineData("09:00", "12:00", "11:00", "17:00", null)]
    [InlineData("9点", "12:00", null, null, null)]
    public void Periods_are_checked_before_they_are_kept(string s1, string e1, string? s2, string? e2, string? expected)
    {
        var periods = new List<OpeningPeriod> { new(s1, e1) };
        if (s2 is not null) periods.Add(new OpeningPeriod(s2, e2!));
        Assert.Equal(expected, OpeningHours.TryFormat(periods, out var error));
        Assert.Equal(expected is null, error is not null);
    }
}
