using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>
/// 补正提醒: after a one-time correction notice the applicant is reminded ahead of the supplement deadline — at 09:00 two
/// working days before it and on its last working day — through the outbox, once each, with quiet hours and opt-out;
/// the reminders stop when the applicant supplements or the case moves on. Time moves only on the fake clock.
/// </summary>
public abstract class SupplementReminderTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : ScriptedSmsApp
{
    private SupplementReminderScanner Scanner => App.Services.GetRequiredService<SupplementReminderScanner>();

    private async Task<(string Code, string[] Required, string Material, string MaterialName)> ItemAsync()
    {
        (string, string[], string, string) found = default;
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind != CaseKind.Immediate && i.Materials.Any(m => m.Necessity == Necessity.Required))
                .OrderBy(i => i.Id).FirstAsync(Ct);
            var required = item.Materials.Where(m => m.Necessity is Necessity.Required or Necessity.Tolerable).OrderBy(m => m.Code).ToList();
            var material = required.First(m => m.Necessity == Necessity.Required);
            found = (item.Code, [.. required.Select(m => m.Code)], material.Code, material.Name);
        });
        return found;
    }

    /// <summary>A case at the clerk's window with a correction notice issued now.</summary>
    private async Task<(HttpClient Clerk, string Number, string Mobile, string Material, string MaterialName)> CorrectionAsync()
    {
        var clerk = await App.LoginAsync("clerk");
        var (code, required, material, name) = await ItemAsync();
        var mobile = ScriptedSmsApp.NewMobile();
        var number = await Scenario.SubmitAsync(clerk, code, required, mobile: mobile);
        var corrected = await Json(await PostJson(clerk, $"/api/cases/{number}/pre-review",
            new { result = "correct", corrections = new[] { new { requirementCode = material, reason = "复印件不清晰" } } }));
        Assert.Equal("correctionRequested", corrected.GetProperty("status").GetString());
        return (clerk, number, mobile, material, name);
    }

    private async Task<SupplementReminder> ReminderAsync(string number)
    {
        SupplementReminder? r = null;
        await App.WithDbAsync(async db => r = await db.SupplementReminders.AsNoTracking().SingleAsync(x => x.CaseNumber == number, Ct));
        return r!;
    }

    private async Task<List<OutboxMessage>> RemindersSentAsync(string number)
    {
        List<OutboxMessage> list = [];
        await App.WithDbAsync(async db => list = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.CaseNumber == number && m.Event == SupplementReminderScanner.Event).OrderBy(m => m.Id).ToListAsync(Ct));
        return list;
    }

    private static DateTimeOffset NineAm(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    private async Task<BusinessCalendar> CalendarAsync() => await App.Services.GetRequiredService<CalendarService>().GetAsync(Ct);

    /// <summary>The n-th working day before <paramref name="date"/>, counted here by hand rather than by the code under test.</summary>
    private static DateOnly WorkingDaysBefore(BusinessCalendar calendar, DateOnly date, int n)
    {
        var d = date;
        while (n > 0)
        {
            d = d.AddDays(-1);
            if (calendar.IsWorkingDay(d)) n--;
        }
        return d;
    }

    [Fact]
    public async Task A_correction_notice_is_reminded_at_nine_two_working_days_before_the_deadline_and_on_its_last_day_once_each()
    {
        App.AdvanceToBeijing(9, 30);
        var issued = App.Clock.GetUtcNow();
        var (_, number, mobile, _, materialName) = await CorrectionAsync();
        var calendar = await CalendarAsync();
        var r = await ReminderAsync(number);
        // The deadline the notice states: 10 working days after the day it was issued.
        Assert.Equal(calendar.AddWorkingDays(DateOnly.FromDateTime(issued.ToOffset(TimeSpan.FromHours(8)).DateTime), 10), r.DueDate);
        var first = NineAm(WorkingDaysBefore(calendar, r.DueDate, 2));
        var last = NineAm(r.DueDate);
        Assert.Equal(first, r.NextReminderAt);

        // Nothing is due yet, and a minute before the slot still nothing.
        Assert.Equal(0, await Scanner.ScanDueAsync(Ct));
        App.Clock.SetUtcNow(first.AddMinutes(-1));
        Assert.Equal(0, await Scanner.ScanDueAsync(Ct));
        Assert.Empty(await RemindersSentAsync(number));

        App.Clock.SetUtcNow(first);
        Assert.True(await Scanner.ScanDueAsync(Ct) >= 1);
        Assert.Equal(0, await Scanner.ScanDueAsync(Ct)); // never twice
        var reminder = Assert.Single(await RemindersSentAsync(number));
        Assert.Contains(number, reminder.Text, StringComparison.Ordinal);
        Assert.Contains(materialName, reminder.Text, StringComparison.Ordinal);
        Assert.Contains($"{r.DueDate.Month}月{r.DueDate.Day}日", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("咨询电话", reminder.Text, StringComparison.Ordinal);
        Assert.Equal(last, (await ReminderAsync(number)).NextReminderAt);

        // It leaves through the gateway like any message.
        await App.Dispatcher.DispatchAllDueAsync(Ct);
        Assert.Equal(1, App.Gateway.Sent.Count(s => s.Request.Mobile == mobile && s.Request.MessageId == reminder.Id));

        App.Clock.SetUtcNow(last.AddHours(1));
        await Scanner.ScanDueAsync(Ct);
        Assert.Equal(0, await Scanner.ScanDueAsync(Ct));
        Assert.Equal(2, (await RemindersSentAsync(number)).Count);
        var done = await ReminderAsync(number);
        Assert.Null(done.NextReminderAt);
        Assert.Equal(2, done.RemindersSent);
    }

    [Fact]
    public async Task Supplementing_or_withdrawing_stops_the_reminders()
    {
        App.AdvanceToBeijing(10);
        var (clerk, number, _, material, _) = await CorrectionAsync();
        var (_, other, _, _, _) = await CorrectionAsync();
        var first = (await ReminderAsync(number)).NextReminderAt!.Value;

        Assert.Equal("submitted", (await Json(await PostJson(clerk, $"/api/cases/{number}/supplement", new { materials = new[] { new { requirementCode = material } } })))
            .GetProperty("status").GetString());
        var closed = await ReminderAsync(number);
        Assert.Null(closed.NextReminderAt);
        Assert.Equal("已补正", closed.ClosedReason);
        await Json(await PostJson(clerk, $"/api/cases/{other}/withdraw", new { reason = "申请人撤回" }));
        Assert.Null((await ReminderAsync(other)).NextReminderAt);

        App.Clock.SetUtcNow(first);
        await Scanner.ScanDueAsync(Ct);
        Assert.Empty(await RemindersSentAsync(number));
        Assert.Empty(await RemindersSentAsync(other));
    }

    [Fact]
    public async Task A_case_that_moved_on_without_the_hook_is_closed_by_the_scan_itself()
    {
        App.AdvanceToBeijing(10, 15);
        var (_, number, _, _, _) = await CorrectionAsync();
        var first = (await ReminderAsync(number)).NextReminderAt!.Value;
        // Changed behind the process's back (an import, an older node): the scan checks the case, not only its own row.
        await App.WithDbAsync(db => db.CorrectionNotices.Where(n => db.Cases.Any(c => c.Id == n.CaseId && c.Number == number))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.SupplementedAt, first), Ct));
        App.Clock.SetUtcNow(first);
        await Scanner.ScanDueAsync(Ct);
        Assert.Empty(await RemindersSentAsync(number));
        var r = await ReminderAsync(number);
        Assert.Null(r.NextReminderAt);
        Assert.Equal("已补正", r.ClosedReason);
    }

    [Fact]
    public async Task Reminders_are_optional_messages_an_opted_out_number_does_not_get_and_they_wait_through_quiet_hours()
    {
        App.AdvanceToBeijing(10, 30);
        var (_, quiet, quietMobile, _, _) = await CorrectionAsync();
        var (_, optedOut, optedOutMobile, _, _) = await CorrectionAsync();
        await App.WithDbAsync(async db =>
        {
            db.SmsOptOuts.Add(new SmsOptOut { RecipientIndex = PersonalData.BlindIndex(optedOutMobile), OptedOutAt = App.Clock.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        });
        var first = (await ReminderAsync(quiet)).NextReminderAt!.Value;
        await App.Dispatcher.DispatchAllDueAsync(Ct); // the stage SMS of both notices

        // The node was down all day: at 22:00 the missed reminder is queued once, and waits for 08:00.
        App.Clock.SetUtcNow(first.AddHours(13));
        await Scanner.ScanDueAsync(Ct);
        var queued = Assert.Single(await RemindersSentAsync(quiet));
        await App.Dispatcher.DispatchAllDueAsync(Ct);
        var held = await App.MessageAsync(queued.Id);
        Assert.Equal(MessageStatus.Created, held.Status);
        Assert.Equal(8, held.NextAttemptAt.ToOffset(TimeSpan.FromHours(8)).Hour);
        Assert.Equal(0, App.Gateway.Sent.Count(s => s.Request.Mobile == quietMobile && s.Request.MessageId == queued.Id));
        App.Clock.SetUtcNow(held.NextAttemptAt);
        await App.Dispatcher.DispatchAllDueAsync(Ct);
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(queued.Id)).Status);

        var dropped = Assert.Single(await RemindersSentAsync(optedOut));
        Assert.Equal(MessageStatus.Suppressed, (await App.MessageAsync(dropped.Id)).Status);
        Assert.Equal(0, App.Gateway.Sent.Count(s => s.Request.MessageId == dropped.Id));
    }

    [Fact]
    public async Task Concurrent_scans_and_a_claim_left_by_a_dead_node_still_remind_exactly_once()
    {
        App.AdvanceToBeijing(11);
        var (_, number, _, _, _) = await CorrectionAsync();
        var first = (await ReminderAsync(number)).NextReminderAt!.Value;
        App.Clock.SetUtcNow(first);
        // A node claimed the row (its lease is in next_reminder_at) and died before queueing anything.
        await App.WithDbAsync(db => db.SupplementReminders.Where(r => r.CaseNumber == number)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.NextReminderAt, first.AddMinutes(5)), Ct));
        await Scanner.ScanDueAsync(Ct);
        Assert.Empty(await RemindersSentAsync(number));

        // The lease runs out: several scans at once (as several nodes would) queue it once.
        App.Clock.SetUtcNow(first.AddMinutes(5));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Scanner.ScanDueAsync(Ct), Ct)));
        Assert.Single(await RemindersSentAsync(number));
        Assert.Equal(1, (await ReminderAsync(number)).RemindersSent);
    }

    [Fact]
    public void The_schedule_follows_the_configured_working_days_and_skips_holidays()
    {
        var calendar = BusinessCalendar.FromOfficialData();
        // 2026-10-08 (Thu) is the first working day after the National Day holiday (10-01 … 10-07): two working days before it is 09-29.
        var schedule = SupplementReminderScanner.Schedule(calendar, new DateOnly(2026, 10, 8), new SupplementReminderOptions { WorkingDaysBefore = "2, 0", SendAt = new TimeOnly(9, 0) });
        Assert.Equal([NineAm(new DateOnly(2026, 9, 29)), NineAm(new DateOnly(2026, 10, 8))], schedule);
        // A deadline on a day off is reminded on the working day before it.
        Assert.Equal([NineAm(new DateOnly(2026, 9, 30))], SupplementReminderScanner.Schedule(calendar, new DateOnly(2026, 10, 3), new SupplementReminderOptions { WorkingDaysBefore = "0" }));
        Assert.NotEmpty(new SupplementReminderOptions { WorkingDaysBefore = "two" }.Validate());
        Assert.NotEmpty(new SupplementReminderOptions { WorkingDaysBefore = "" }.Validate());
        Assert.Empty(new SupplementReminderOptions().Validate());
    }
}

public sealed class SqliteSupplementReminderTests(SqliteScriptedSmsApp app) : SupplementReminderTests<SqliteScriptedSmsApp>(app);

public sealed class PostgresSupplementReminderTests(PostgresScriptedSmsApp app) : SupplementReminderTests<PostgresScriptedSmsApp>(app);
