using System.Text;
using Tongban.Modules.Calendar;

namespace Tongban.Tests;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();

    public static TheoryData<int, int, int> WorkingDaysPerMonth()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var row in TestCsv.Read("working-days-per-month-2008-2026.csv"))
        {
            data.Add(int.Parse(row["year"]), int.Parse(row["month"]), int.Parse(row["working_days"]));
        }

        return data;
    }

    [Fact]
    public void The_oracle_has_228_months()
    {
        Assert.Equal(228, WorkingDaysPerMonth().Count);
    }

    [Theory]
    [MemberData(nameof(WorkingDaysPerMonth))]
    public void Working_days_per_month_match_the_oracle(int year, int month, int workingDays)
    {
        var first = new DateOnly(year, month, 1);
        Assert.Equal(workingDays, Calendar.CountWorkingDays(first, first.AddMonths(1).AddDays(-1)));
    }

    [Theory]
    [InlineData(2008, 251)]
    [InlineData(2020, 249)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Working_days_per_year(int year, int expected)
    {
        Assert.Equal(expected, Calendar.CountWorkingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)));
    }

    [Fact]
    public void Spring_festival_2026_off_days_and_adjusted_saturday()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)), "Saturday 2026-02-14 is 调休上班");
        for (var day = new DateOnly(2026, 2, 15); day <= new DateOnly(2026, 2, 23); day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day:yyyy-MM-dd} is off");
        }

        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 24)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 28)), "Saturday 2026-02-28 is 调休上班");
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 3, 1)), "an ordinary Sunday");
    }

    [Fact]
    public void National_day_2026_off_days_and_adjusted_saturday()
    {
        for (var day = new DateOnly(2026, 10, 1); day <= new DateOnly(2026, 10, 7); day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day:yyyy-MM-dd} is off");
        }

        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 8)));
        Assert.Equal(DayOfWeek.Saturday, new DateOnly(2026, 10, 10).DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));
    }

    [Fact]
    public void Previous_december_days_listed_in_next_years_file_are_loaded()
    {
        // 2007.json lists Saturday/Sunday 2006-12-30/31 as adjusted working days.
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2006, 12, 30)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2006, 12, 31)));
        Assert.Contains(BusinessCalendar.OfficialEntries, e => e.Date == new DateOnly(2006, 12, 30) && !e.IsOffDay);
    }

    [Fact]
    public void Official_entries_are_sorted_and_cover_2026()
    {
        var entries = BusinessCalendar.OfficialEntries;
        Assert.Equal(entries.OrderBy(e => e.Date), entries);
        var y2026 = entries.Where(e => e.Date.Year == 2026).ToList();
        Assert.Equal(33, y2026.Count(e => e.IsOffDay));
        Assert.Equal(6, y2026.Count(e => !e.IsOffDay));
        Assert.Same(entries, BusinessCalendar.OfficialEntries);
    }

    [Fact]
    public void Due_date_across_spring_festival_2026()
    {
        // Thursday 2026-02-12 + 3: Fri 13 (1), Sat 14 调休 (2), 15–23 off, Tue 24 (3).
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 3));
        Assert.Equal(new DateOnly(2026, 2, 13), Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 1));
        Assert.Equal(new DateOnly(2026, 2, 14), Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 2));
        // A case accepted on a day off still counts from the next day.
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.AddWorkingDays(new DateOnly(2026, 2, 16), 1));
    }

    [Fact]
    public void Twenty_working_days_from_national_day_2026()
    {
        // Accepted Wed 2026-09-30: Oct 1–7 off, Oct 8, 9 (2), Sat 10 调休 (3), then Oct 12–16 (8),
        // 19–23 (13), 26–30 (18), Nov 2 (19), Nov 3 (20).
        Assert.Equal(new DateOnly(2026, 11, 3), Calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 20));
    }

    [Fact]
    public void Zero_days_returns_the_start_even_on_a_day_off()
    {
        Assert.Equal(new DateOnly(2026, 2, 17), Calendar.AddWorkingDays(new DateOnly(2026, 2, 17), 0));
    }

    [Fact]
    public void Negative_days_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), -1));
    }

    [Fact]
    public void Count_is_zero_for_a_reversed_range_and_one_for_a_single_working_day()
    {
        Assert.Equal(0, Calendar.CountWorkingDays(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1)));
        Assert.Equal(1, Calendar.CountWorkingDays(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2)));
        Assert.Equal(0, Calendar.CountWorkingDays(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Fast_count_and_add_agree_with_day_by_day_walk()
    {
        // The O(log n) arithmetic must agree with the plain definition, including across years
        // without data (before 2006, after 2026) where only weekends are off.
        var random = new Random(20260214);
        var origin = new DateOnly(2004, 1, 1);
        for (var i = 0; i < 400; i++)
        {
            var from = origin.AddDays(random.Next(0, 9000));
            var to = from.AddDays(random.Next(-3, 800));
            var expected = 0;
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                if (Calendar.IsWorkingDay(d)) expected++;
            }

            Assert.Equal(expected, Calendar.CountWorkingDays(from, to));

            var days = random.Next(0, 300);
            var walked = from;
            for (var left = days; left > 0;)
            {
                walked = walked.AddDays(1);
                if (Calendar.IsWorkingDay(walked)) left--;
            }

            Assert.Equal(walked, Calendar.AddWorkingDays(from, days));
        }
    }

    [Fact]
    public void Long_ranges_are_supported()
    {
        var start = new DateOnly(2000, 1, 3);
        var due = Calendar.AddWorkingDays(start, 100_000);
        Assert.Equal(100_000, Calendar.CountWorkingDays(start.AddDays(1), due));
        Assert.True(Calendar.IsWorkingDay(due));
    }

    [Fact]
    public void Local_closure_on_a_weekday_is_a_day_off()
    {
        var closure = new DateOnly(2026, 3, 10); // Tuesday
        var calendar = BusinessCalendar.FromOfficialData([new CalendarOverride(closure, true, "台风停工")]);

        Assert.True(Calendar.IsWorkingDay(closure));
        Assert.False(calendar.IsWorkingDay(closure));
        Assert.Equal(Calendar.CountWorkingDays(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)) - 1,
            calendar.CountWorkingDays(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
        Assert.Equal(new DateOnly(2026, 3, 11), calendar.AddWorkingDays(new DateOnly(2026, 3, 9), 1));
        Assert.Equal(new CalendarDayInfo(closure, false, "台风停工"), calendar.Describe(closure));
    }

    [Fact]
    public void Adjusted_working_saturday_counts()
    {
        var saturday = new DateOnly(2026, 3, 14);
        var calendar = BusinessCalendar.FromOfficialData([new CalendarOverride(saturday, false, "补班")]);

        Assert.False(Calendar.IsWorkingDay(saturday));
        Assert.True(calendar.IsWorkingDay(saturday));
        Assert.Equal(6, calendar.CountWorkingDays(new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 15)));
        Assert.Equal(saturday, calendar.AddWorkingDays(new DateOnly(2026, 3, 13), 1));
        Assert.Equal(new CalendarDayInfo(saturday, true, "调休上班"), calendar.Describe(saturday));
    }

    [Fact]
    public void Extra_entries_win_over_official_ones()
    {
        // An admin cancels the official 调休 Saturday 2026-02-14.
        var calendar = BusinessCalendar.FromOfficialData([new CalendarOverride(new DateOnly(2026, 2, 14), true, "春节")]);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.Equal(new DateOnly(2026, 2, 25), calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 3));
    }

    [Fact]
    public void Describe_names_holidays_and_adjusted_days()
    {
        Assert.Equal(new CalendarDayInfo(new DateOnly(2026, 2, 17), false, "春节"), Calendar.Describe(new DateOnly(2026, 2, 17)));
        Assert.Equal(new CalendarDayInfo(new DateOnly(2026, 2, 14), true, "调休上班"), Calendar.Describe(new DateOnly(2026, 2, 14)));
        Assert.Equal(new CalendarDayInfo(new DateOnly(2026, 10, 1), false, "国庆节"), Calendar.Describe(new DateOnly(2026, 10, 1)));
        Assert.Equal(new CalendarDayInfo(new DateOnly(2026, 3, 3), true, null), Calendar.Describe(new DateOnly(2026, 3, 3)));
        Assert.Equal(new CalendarDayInfo(new DateOnly(2026, 3, 7), false, null), Calendar.Describe(new DateOnly(2026, 3, 7)));
    }

    [Fact]
    public void Parses_an_uploaded_holiday_cn_file()
    {
        const string json = """
            {"year": 2027, "papers": [], "days": [
              {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
              {"name": "春节", "date": "2027-02-20", "isOffDay": false}
            ]}
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var entries = BusinessCalendar.ParseHolidayCnJson(stream);

        Assert.Equal(
            [new CalendarOverride(new DateOnly(2027, 1, 1), true, "元旦"), new CalendarOverride(new DateOnly(2027, 2, 20), false, "春节")],
            entries);
        var calendar = BusinessCalendar.FromOfficialData(entries);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 20)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"year": 2027}""")]
    [InlineData("""{"days": [{"name": "元旦", "date": "2027/01/01", "isOffDay": true}]}""")]
    [InlineData("""{"days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": "yes"}]}""")]
    [InlineData("""{"days": [{"date": "2027-01-01", "isOffDay": true}]}""")]
    public void Malformed_holiday_files_are_rejected(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Throws<FormatException>(() => BusinessCalendar.ParseHolidayCnJson(stream));
    }
}
