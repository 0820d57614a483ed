using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Tongban.Infrastructure.Clock;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.Tests;

/// <summary>
/// Properties of the case clock (issue 3, item 6), checked on thousands of generated cases over
/// the real 2008–2026 holiday calendar.
/// </summary>
public class CaseClockPropertyTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();
    private static readonly DateOnly First = new(2008, 1, 1);

    /// <summary>A start date in 2008–2026 and a limit of 0–60 working days.</summary>
    private static readonly Gen<(DateOnly Start, int Days)> StartAndLimit =
        Gen.Select(Gen.Int[0, 365 * 19 - 100], Gen.Int[0, 60], (offset, days) => (First.AddDays(offset), days));

    private static CaseClockEvent Event(ClockEventKind kind, DateOnly date, int order, int? days = null) => new()
    {
        Kind = kind, Date = date, WorkingDays = days, ActorName = "test",
        // Events are ordered by instant: a later date, or the same date later in the day.
        At = new DateTimeOffset(date.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero).AddMinutes(order),
    };

    [Fact]
    public void A_due_date_is_never_a_non_working_day() =>
        StartAndLimit.Sample(x =>
        {
            var due = CaseClock.DueDate(Calendar, x.Start, x.Days);
            Assert.True(Calendar.IsWorkingDay(due), $"{x.Start} + {x.Days} → {due}");
            Assert.True(due >= x.Start);
            if (x.Days > 0) Assert.Equal(x.Days, Calendar.CountWorkingDays(x.Start.AddDays(1), due));
        });

    [Fact]
    public void A_suspension_of_k_working_days_moves_the_due_date_by_exactly_k() =>
        Gen.Select(StartAndLimit, Gen.Int[0, 30], Gen.Int[0, 40]).Sample((x, suspendAfter, length) =>
        {
            // One corner is excluded on purpose: a same-day (0-day) limit accepted on a non-working day is
            // already due on the next working day, which is also where a 1-day limit falls — so a later
            // suspension moves it by k − 1 from that rounded date. Legally right; not a clock error.
            if (x.Days == 0 && !Calendar.IsWorkingDay(x.Start)) return;
            var suspended = x.Start.AddDays(suspendAfter);
            var resumed = suspended.AddDays(length);
            var k = CaseClock.SuspendedDays(Calendar, suspended, resumed);
            var plain = CaseClock.Compute(Calendar, x.Days, x.Days + 10, [Event(ClockEventKind.Started, x.Start, 0)], resumed)!.Value;
            var moved = CaseClock.Compute(Calendar, x.Days, x.Days + 10,
                [Event(ClockEventKind.Started, x.Start, 0), Event(ClockEventKind.Suspended, suspended, 1), Event(ClockEventKind.Resumed, resumed, 2)], resumed)!.Value;
            Assert.Equal(k, moved.SuspendedWorkingDays);
            Assert.Equal(k, ShiftInWorkingDays(plain.Promised, moved.Promised));
            Assert.Equal(k, ShiftInWorkingDays(plain.Legal, moved.Legal));
        });

    [Fact]
    public void Extensions_and_suspensions_commute() =>
        Gen.Select(StartAndLimit, Gen.Int[1, 20], Gen.Int[0, 20], Gen.Int[1, 30]).Sample((x, extension, suspendAfter, length) =>
        {
            var suspended = x.Start.AddDays(suspendAfter);
            var resumed = suspended.AddDays(length);
            var started = Event(ClockEventKind.Started, x.Start, 0);
            // Extension before the suspension, or after the resumption: same due dates.
            var extendFirst = CaseClock.Compute(Calendar, x.Days, x.Days + 10,
                [started, Event(ClockEventKind.Extended, x.Start, 1, extension), Event(ClockEventKind.Suspended, suspended, 2), Event(ClockEventKind.Resumed, resumed, 3)], resumed);
            var extendLast = CaseClock.Compute(Calendar, x.Days, x.Days + 10,
                [started, Event(ClockEventKind.Suspended, suspended, 1), Event(ClockEventKind.Resumed, resumed, 2), Event(ClockEventKind.Extended, resumed, 3, extension)], resumed);
            Assert.Equal(extendFirst, extendLast);
        });

    [Fact]
    public void Through_the_case_methods_with_a_fake_clock_the_stored_due_dates_follow_the_same_rules() =>
        Gen.Select(Gen.Int[0, 300], Gen.Int[1, 20], Gen.Int[0, 10], Gen.Int[0, 15]).Sample((startOffset, promised, suspendAfter, length) =>
        {
            // Morning in Beijing on some day of 2026.
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.Zero).AddDays(startOffset));
            var item = Item(promised);
            var c = NewCase(item, clock.GetUtcNow());
            var actor = new CaseActor("测试", 1, "350505-C");
            c.Accept(actor, clock.GetUtcNow(), Calendar, item, null, null);
            var accepted = ChinaTime.DateOf(clock.GetUtcNow());
            Assert.Equal(CaseClock.DueDate(Calendar, accepted, promised), c.PromisedDueDate);
            Assert.True(Calendar.IsWorkingDay(c.PromisedDueDate!.Value) && Calendar.IsWorkingDay(c.LegalDueDate!.Value));

            clock.Advance(TimeSpan.FromDays(suspendAfter));
            c.Suspend(actor, clock.GetUtcNow(), Calendar, "testing", "检测");
            var suspendedOn = ChinaTime.DateOf(clock.GetUtcNow());
            clock.Advance(TimeSpan.FromDays(length));
            c.Resume(actor, clock.GetUtcNow(), Calendar, "检测完成");
            var k = CaseClock.SuspendedDays(Calendar, suspendedOn, ChinaTime.DateOf(clock.GetUtcNow()));
            Assert.Equal(CaseClock.DueDate(Calendar, accepted, promised + k), c.PromisedDueDate);
            Assert.Equal(CaseClock.DueDate(Calendar, accepted, 20 + k), c.LegalDueDate);
            Assert.Equal(CaseStatus.Accepted, c.Status);
        }, iter: 300);

    private static int ShiftInWorkingDays(DateOnly from, DateOnly to) => to <= from ? 0 : Calendar.CountWorkingDays(from.AddDays(1), to);

    private static ServiceItemVersion Item(int promised)
    {
        var item = ServiceItemVersion.NewDraft("ITEM", 1, "B", "测试事项", "D01", "350505", DateTimeOffset.UnixEpoch);
        item.CaseKind = CaseKind.Promised;
        item.PromisedLimitValue = promised;
        item.LegalLimitValue = 20;
        item.ProcessSteps = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Complete];
        return item;
    }

    private static Case NewCase(ServiceItemVersion item, DateTimeOffset now) => new()
    {
        Number = "350505-2026-000001", RegionCode = "350505", ItemCode = item.Code, ItemName = item.Name,
        ApplicantName = "测试", ApplicantIdNumber = "11010519491231002X", ApplicantMobile = "13800138000",
        ServicePointCode = "350505-C", DepartmentCode = "D01", SubmittedAt = now, UpdatedAt = now,
        ReviewSteps = [ProcessStep.Review], PromisedLimitDays = item.PromisedLimitValue, LegalLimitDays = item.LegalLimitValue,
    };
}

public class NaturalDayLimitTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();

    private static CaseClockEvent Event(ClockEventKind kind, DateOnly date, int order, int? days = null) => new()
    {
        Kind = kind, Date = date, WorkingDays = days, ActorName = "test",
        At = new DateTimeOffset(date.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero).AddMinutes(order),
    };

    [Fact]
    public void A_natural_day_limit_counts_calendar_days_and_moves_off_a_holiday()
    {
        // Accepted Friday 2026-09-25; 5 natural days → Wednesday 2026-09-30 (a working day).
        var started = Event(ClockEventKind.Started, new DateOnly(2026, 9, 25), 0);
        var due = CaseClock.Compute(Calendar, (5, LimitUnit.NaturalDay), (7, LimitUnit.NaturalDay), [started], new DateOnly(2026, 9, 25))!.Value;
        Assert.Equal(new DateOnly(2026, 9, 30), due.Promised);
        // 7 natural days → Friday 2026-10-02, inside the National Day holiday: the next working day instead.
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 10, 2)));
        Assert.Equal(Calendar.AddWorkingDays(new DateOnly(2026, 10, 2), 1), due.Legal);
        Assert.True(Calendar.IsWorkingDay(due.Legal));
    }

    [Fact]
    public void A_suspension_shifts_a_natural_day_limit_by_the_calendar_days_spent()
    {
        var start = new DateOnly(2026, 3, 2);
        var events = new[] { Event(ClockEventKind.Started, start, 0), Event(ClockEventKind.Suspended, new DateOnly(2026, 3, 4), 1), Event(ClockEventKind.Resumed, new DateOnly(2026, 3, 11), 2) };
        var due = CaseClock.Compute(Calendar, (30, LimitUnit.NaturalDay), (60, LimitUnit.NaturalDay), events, new DateOnly(2026, 3, 11))!.Value;
        var expected = start.AddDays(30 + 7);
        Assert.Equal(Calendar.IsWorkingDay(expected) ? expected : Calendar.AddWorkingDays(expected, 1), due.Promised);
    }
}
