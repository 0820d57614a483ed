using CsCheck;
using Tongban.Modules.Notifications;

namespace Tongban.Tests;

public sealed class SmsRulesTests
{
    private static readonly TimeOnly Start = new(21, 0), End = new(8, 0);

    private static DateTimeOffset Beijing(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    [Fact]
    public void Backoff_follows_open_notificaties_and_the_retries_span_about_a_day()
    {
        var waits = Enumerable.Range(1, SmsRules.DefaultMaxAttempts - 1).Select(n => SmsRules.Backoff(n).TotalSeconds).ToList();
        Assert.Equal([25, 100, 400, 1_600, 6_400, 25_600, 52_000], waits);
        Assert.Equal(52_000, SmsRules.Backoff(20).TotalSeconds);
        Assert.InRange(waits.Sum() / 3600, 23.5, 24);
    }

    [Theory]
    [InlineData(20, 59, null)]
    [InlineData(21, 0, "2026-03-03 08:00")]
    [InlineData(23, 30, "2026-03-03 08:00")]
    [InlineData(0, 0, "2026-03-02 08:00")]
    [InlineData(7, 59, "2026-03-02 08:00")]
    [InlineData(8, 0, null)]
    [InlineData(13, 0, null)]
    public void Quiet_hours_run_from_21_to_8_beijing_time(int hour, int minute, string? until)
    {
        var result = SmsRules.QuietUntil(Beijing(2026, 3, 2, hour, minute), Start, End);
        Assert.Equal(until, result?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_deferred_message_always_goes_at_the_next_8_oclock_within_11_hours() =>
        Gen.Long[0, 365L * 24 * 3600 * 5].Sample(offset =>
        {
            var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(offset);
            var local = now.ToOffset(TimeSpan.FromHours(8));
            var until = SmsRules.QuietUntil(now, Start, End);
            var quiet = local.Hour >= 21 || local.Hour < 8;
            if (!quiet) return until is null;
            if (until is not { } u) return false;
            var l = u.ToOffset(TimeSpan.FromHours(8));
            return u > now && u - now <= TimeSpan.FromHours(11) && l.Hour == 8 && l.Minute == 0 && l.Second == 0 && SmsRules.QuietUntil(u, Start, End) is null;
        });

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Length_is_counted_in_ucs2_parts_of_70_or_67(int characters, int parts) =>
        Assert.Equal((characters, parts), SmsRules.Length(new string('办', characters)));

    [Fact]
    public void Only_login_codes_are_urgent_and_stage_messages_are_never_optional()
    {
        Assert.True(SmsRules.IsUrgent("auth.otp"));
        Assert.False(SmsRules.IsUrgent("case.accepted"));
        Assert.True(SmsRules.IsOptional("library.opened"));
        foreach (var e in new[] { "case.submitted", "case.correctionRequested", "case.accepted", "case.completed", "case.delivered", "auth.otp" })
            Assert.False(SmsRules.IsOptional(e));
    }
}
