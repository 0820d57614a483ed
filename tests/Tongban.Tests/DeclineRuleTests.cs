using Tongban.Modules.Analytics;

namespace Tongban.Tests;

/// <summary>The decline test of issue 7 item 3 on hand-made weekly figures: what it flags, and the ordinary ups and downs it must not.</summary>
public sealed class DeclineRuleTests
{
    private static WeekFigures Week(int submitted, int workingDays = 5, int? accepted = null, int? completed = null) =>
        new(submitted, accepted ?? submitted, completed ?? accepted ?? submitted, workingDays);

    private static List<WeekFigures> Weeks(params int[] submitted) => [.. submitted.Select(s => Week(s))];

    [Fact]
    public void A_steady_item_raises_nothing()
    {
        Assert.Empty(DeclineRule.Test(Weeks(20, 22, 19, 21, 20, 23, 18, 20), Weeks(21, 19)));
    }

    [Fact]
    public void Applications_falling_to_a_third_are_a_decline_with_the_expected_and_actual_counts()
    {
        var finding = DeclineRule.Applications(Weeks(20, 22, 19, 21, 20, 23, 18, 20), Weeks(7, 6));
        Assert.NotNull(finding);
        // Median weekly count 20, so 4 a working day × 10 recent working days = 40 expected; 13 came (1.3 a day).
        Assert.Equal(40, finding.Baseline);
        Assert.Equal(13, finding.Recent);
        Assert.Equal(0.675, finding.DropRatio);
        Assert.True(finding.Score <= -DeclineRule.Sigmas);
    }

    [Fact]
    public void A_holiday_fortnight_with_fewer_working_days_is_not_a_decline()
    {
        // National Day: 3 working days in each recent week instead of 5, and applications in proportion.
        var recent = new List<WeekFigures> { Week(12, workingDays: 3), Week(13, workingDays: 3) };
        Assert.Null(DeclineRule.Applications(Weeks(20, 22, 19, 21, 20, 23, 18, 20), recent));
    }

    [Fact]
    public void One_unusual_baseline_week_does_not_make_a_normal_fortnight_look_like_a_decline()
    {
        // A campaign week of 90 would lift a mean to 29; the median stays at 20.
        Assert.Null(DeclineRule.Applications(Weeks(20, 22, 19, 90, 20, 23, 18, 20), Weeks(19, 20)));
    }

    [Fact]
    public void A_quiet_item_is_never_flagged_whatever_it_does()
    {
        // One or two a week: ten expected at least before any verdict; zero is not news for an item this quiet.
        Assert.Null(DeclineRule.Applications(Weeks(2, 1, 2, 2, 1, 2, 2, 1), Weeks(0, 0)));
    }

    [Fact]
    public void A_drop_within_the_items_own_week_to_week_swings_is_not_flagged()
    {
        // Weekly swings of ±10 around 30: a fortnight of 22 a week is 27 % down and inside the noise.
        Assert.Null(DeclineRule.Applications(Weeks(20, 40, 22, 38, 30, 25, 35, 30), Weeks(22, 22)));
    }

    [Fact]
    public void Too_few_baseline_weeks_give_no_verdict()
    {
        // A new item: four of the eight baseline weeks had no working day on record (weeks with 0 days are not comparable).
        var baseline = Weeks(20, 20, 20).Concat(Enumerable.Repeat(Week(0, workingDays: 0), 5)).ToList();
        Assert.Null(DeclineRule.Applications(baseline, Weeks(2, 2)));
    }

    [Fact]
    public void A_completion_ratio_falling_from_all_to_less_than_half_is_a_decline()
    {
        var baseline = Enumerable.Repeat(Week(25, accepted: 25, completed: 25), 8).ToList();
        var recent = new List<WeekFigures> { Week(25, accepted: 25, completed: 10), Week(25, accepted: 25, completed: 12) };
        var finding = DeclineRule.CompletionRate(baseline, recent);
        Assert.NotNull(finding);
        Assert.Equal(1.0, finding.Baseline);
        Assert.Equal(0.44, finding.Recent);
        Assert.Equal(0.56, finding.DropRatio);
    }

    [Fact]
    public void A_completion_ratio_on_a_handful_of_cases_is_not_judged()
    {
        var baseline = Enumerable.Repeat(Week(5, accepted: 5, completed: 5), 8).ToList();
        var recent = new List<WeekFigures> { Week(3, accepted: 3, completed: 0), Week(3, accepted: 3, completed: 1) };
        Assert.Null(DeclineRule.CompletionRate(baseline, recent));
    }

    [Fact]
    public void A_small_dip_in_the_completion_ratio_is_not_a_decline()
    {
        var baseline = Enumerable.Repeat(Week(40, accepted: 40, completed: 38), 8).ToList();
        var recent = new List<WeekFigures> { Week(40, accepted: 40, completed: 34), Week(40, accepted: 40, completed: 35) };
        Assert.Null(DeclineRule.CompletionRate(baseline, recent));
    }
}
