using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Modules.Notifications;
using Tongban.Modules.Supervision;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 电子监察 of imported records and of overdue directives over a real timeline (FakeTimeProvider): three cases made
/// through the API (no alert: the API keeps the rules) are then changed the way an import from another system can leave
/// them — a required material missing at acceptance (SV08), a step the state machine would not allow (SV09), a step
/// recorded for another organisation (SV10). Changed at night, they fire the next morning at 08:30 sharp, escalate
/// 4 office hours later, never twice. A 督办 with a Friday 17:00 deadline left unanswered (SV11) reminds the handler at
/// 17:00, stays quiet over the weekend, reaches the supervisor who sent it on Monday at 14:00; the late answer resolves it.
/// </summary>
public abstract class SupervisionIntegrityTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string ClerkMobile = "13805950002";
    private const string SupervisorMobile = "13805950005";

    private static DateTimeOffset Beijing(int month, int day, int hour, int minute) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    private void At(int month, int day, int hour, int minute) => App.Clock.SetUtcNow(Beijing(month, day, hour, minute));

    private Task<WatcherTick> TickAsync() => App.Services.GetRequiredService<SupervisionWatcher>().TickAsync(false, Ct);

    private async Task<List<SupervisionAlert>> AlertsAsync(string caseNumber)
    {
        List<SupervisionAlert> alerts = [];
        await App.WithDbAsync(async db => alerts = await db.SupervisionAlerts.AsNoTracking().Include(a => a.Escalations)
            .Where(a => a.CaseNumber == caseNumber).OrderBy(a => a.Id).ToListAsync(Ct));
        return alerts;
    }

    private async Task<DateTimeOffset?> NextCheckAsync(string caseNumber)
    {
        DateTimeOffset? next = null;
        await App.WithDbAsync(async db => next = await db.Cases.Where(c => c.Number == caseNumber).Select(c => c.NextCheckAt).FirstAsync(Ct));
        return next;
    }

    private Task ImportedChangeAsync(string caseNumber, Func<Tongban.Infrastructure.Data.TongbanDb, long, Task> change) => App.WithDbAsync(async db =>
    {
        var id = await db.Cases.Where(c => c.Number == caseNumber).Select(c => c.Id).FirstAsync(Ct);
        await change(db, id);
        // An import asks supervision to look at what it wrote, as every change of a case does.
        await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct);
    });

    private async Task<int> SmsAsync(string mobile, string containing)
    {
        var sms = await GetJson(App.CreateClient(), $"/api/dev/sms?mobile={mobile}");
        return sms.GetProperty("items").EnumerateArray().Count(m => m.GetProperty("text").GetString()!.Contains(containing, StringComparison.Ordinal));
    }

    private async Task<(string Code, string[] Materials, string FirstRequired)> LicensingItemAsync()
    {
        (string, string[], string) found = default;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.ForPersons
                    && i.PromisedLimitValue == 10 && i.PromisedLimitUnit == LimitUnit.WorkingDay && i.Materials.Any(m => m.Necessity == Necessity.Required))
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = (item.Code, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)],
                item.Materials.Where(m => m.Necessity == Necessity.Required).OrderBy(m => m.SortOrder).First().Code);
        });
        return found;
    }

    [Fact]
    public async Task Imported_records_that_break_the_process_and_an_unanswered_directive_fire_in_office_hours_exactly_once()
    {
        // Thursday 15 October 2026: four cases through the API, three accepted. The API keeps every rule: nothing fires.
        At(10, 15, 9, 0);
        var clerk = await App.LoginAsync("clerk");
        var (item, materials, required) = await LicensingItemAsync();
        var m = await SubmitAsync(clerk, item, materials);
        var o = await SubmitAsync(clerk, item, materials);
        var x = await SubmitAsync(clerk, item, materials);
        var s = await SubmitAsync(clerk, item, materials);
        foreach (var n in new[] { m, o, x })
            await Json(await PostJson(clerk, $"/api/cases/{n}/accept", new { }));
        var clean = await TickAsync();
        Assert.Equal((4, 0), (clean.Checked, clean.Raised));

        // That evening an import rewrites them as another system recorded them.
        At(10, 15, 18, 0);
        // M: the register shows no copy of a required material at acceptance, and no 容缺 commitment.
        await ImportedChangeAsync(m, (db, id) => db.Set<CaseMaterial>().Where(cm => cm.CaseId == id && cm.RequirementCode == required).ExecuteDeleteAsync(Ct));
        // O: "办结" recorded straight after acceptance, no review in between (the case itself is still accepted).
        await ImportedChangeAsync(o, async (db, id) =>
        {
            var last = await db.Set<CaseStep>().Where(st => st.CaseId == id).MaxAsync(st => st.Sequence, Ct);
            var department = await db.Cases.Where(c => c.Id == id).Select(c => c.DepartmentCode).FirstAsync(Ct);
            db.Set<CaseStep>().Add(new CaseStep
            {
                CaseId = id, Sequence = last + 1, Name = "办结", Action = "pass", HandlerName = "旧系统", OrganizationCode = department,
                StartedAt = Beijing(10, 15, 17, 0), EndedAt = Beijing(10, 15, 17, 0),
            });
            await db.SaveChangesAsync(Ct);
        });
        // X: acceptance recorded for another service point than the one that received it.
        await ImportedChangeAsync(x, (db, id) => db.Set<CaseStep>().Where(st => st.CaseId == id && st.Name == "受理")
            .ExecuteUpdateAsync(u => u.SetProperty(st => st.OrganizationCode, "350505999999").SetProperty(st => st.HandlerName, "外单位人员"), Ct));
        // S: its stage SMS failed for good (SV07, yellow: the window calls the applicant).
        await ImportedChangeAsync(s, (db, _) => db.OutboxMessages.Where(om => om.CaseNumber == s).ExecuteUpdateAsync(u => u.SetProperty(om => om.Status, MessageStatus.PermanentFailure), Ct));

        // Evening: looked at, nothing raised; all four wait for Friday 08:30.
        var evening = await TickAsync();
        Assert.Equal((4, 0), (evening.Checked, evening.Raised));
        foreach (var n in new[] { m, o, x, s }) Assert.Equal(Beijing(10, 16, 8, 30), await NextCheckAsync(n));
        At(10, 16, 8, 29);
        Assert.Equal(0, (await TickAsync()).Checked);

        At(10, 16, 8, 30);
        Assert.Equal(4, (await TickAsync()).Raised);
        var sv08 = Assert.Single(await AlertsAsync(m));
        Assert.Equal((SupervisionRules.MaterialMissingAtAcceptance, AlertLevel.Red, Beijing(10, 16, 8, 30), "陈晓燕"), (sv08.RuleCode, sv08.Level, sv08.RaisedAt, sv08.IssuedTo));
        Assert.Contains("受理时缺少必要材料且无容缺承诺", sv08.Message, StringComparison.Ordinal);
        var sv09 = Assert.Single(await AlertsAsync(o));
        Assert.Equal((SupervisionRules.StepsOutOfOrder, AlertLevel.Red, Beijing(10, 16, 8, 30), "黄建明"), (sv09.RuleCode, sv09.Level, sv09.RaisedAt, sv09.IssuedTo));
        Assert.Contains("“办结”", sv09.Message, StringComparison.Ordinal);
        var sv10 = Assert.Single(await AlertsAsync(x));
        Assert.Equal((SupervisionRules.StepByOutsider, AlertLevel.Red, Beijing(10, 16, 8, 30), "step-2"), (sv10.RuleCode, sv10.Level, sv10.RaisedAt, sv10.Subject));
        Assert.Contains("外单位人员（350505999999）", sv10.Message, StringComparison.Ordinal);
        var sv07 = Assert.Single(await AlertsAsync(s));
        Assert.Equal((SupervisionRules.SmsFailed, "陈晓燕"), (sv07.RuleCode, sv07.IssuedTo));

        // 4 office hours later (3.5 h in the morning, 0.5 h after lunch): the window's SV08 to the supervisor (the top),
        // the department's SV09 and SV10 to the approver.
        At(10, 16, 14, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 16, 14, 30);
        Assert.Equal(3, (await TickAsync()).Escalated);
        Assert.Equal("supervisor", Assert.Single(Assert.Single(await AlertsAsync(m)).Escalations).ToRole);
        Assert.Equal(("approver", "郑国华"), Assert.Single(Assert.Single(await AlertsAsync(o)).Escalations) is var e ? (e.ToRole, e.ToNames) : default);

        // 督办 on S with a deadline of Friday 17:00; the case now waits for it.
        var supervisor = await App.LoginAsync("supervisor");
        var revisionBefore = 0;
        await App.WithDbAsync(async db => revisionBefore = await db.Cases.Where(c => c.Number == s).Select(c => c.Revision).FirstAsync(Ct));
        var sent = await Json(await PostJson(supervisor, $"/api/supervision/alerts/{sv07.Id}/directives", new { text = "请今日内电话告知申请人并回复。", deadline = Beijing(10, 16, 17, 0) }));
        var directiveId = sent.GetProperty("id").GetInt64();
        Assert.Equal(Beijing(10, 16, 17, 0), await NextCheckAsync(s));
        // The directive moves the case's revision on, so a watcher that read the case before it (SQLite) cannot overwrite this next check.
        var staleWrite = 0;
        await App.WithDbAsync(async db => staleWrite = await db.Cases.Where(c => c.Number == s && c.Revision == revisionBefore)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, Beijing(10, 23, 8, 30)), Ct));
        Assert.Equal(0, staleWrite);
        Assert.Equal(Beijing(10, 16, 17, 0), await NextCheckAsync(s));
        At(10, 16, 16, 59);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 16, 17, 0);
        var overdueTick = await TickAsync();
        Assert.Equal((1, 1), (overdueTick.Checked, overdueTick.Raised));
        var sv11 = (await AlertsAsync(s)).Single(a => a.RuleCode == SupervisionRules.DirectiveOverdue);
        Assert.Equal((AlertLevel.Red, Beijing(10, 16, 17, 0), "陈晓燕", $"D{directiveId}"), (sv11.Level, sv11.RaisedAt, sv11.IssuedTo, sv11.Subject));
        Assert.Equal(1, await SmsAsync(ClerkMobile, "督办逾期"));
        // SV11 reaches the sender after 4 office hours: 0.5 h on Friday, 3.5 h on Monday morning → Monday 14:00.
        Assert.Equal(Beijing(10, 19, 14, 0), await NextCheckAsync(s));

        // Night and weekend: nothing. Monday 09:30: SV09 and SV10 climb to the supervisor (3 h Friday + 1 h Monday).
        foreach (var (d, h, min) in new[] { (16, 20, 0), (17, 10, 0), (18, 15, 0), (19, 9, 29) })
        {
            At(10, d, h, min);
            Assert.Equal(0, (await TickAsync()).Checked);
        }
        At(10, 19, 9, 30);
        var monday = await TickAsync();
        Assert.Equal((2, 0, 2), (monday.Checked, monday.Raised, monday.Escalated));
        At(10, 19, 13, 59);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 19, 14, 0);
        Assert.Equal(1, (await TickAsync()).Escalated);
        sv11 = (await AlertsAsync(s)).Single(a => a.RuleCode == SupervisionRules.DirectiveOverdue);
        var toSender = Assert.Single(sv11.Escalations);
        Assert.Equal((1, Beijing(10, 19, 14, 0), "sender", "刘文斌"), (toSender.Level, toSender.At, toSender.ToRole, toSender.ToNames));
        Assert.Equal(1, await SmsAsync(SupervisorMobile, "督办逾期"));

        // The late answer resolves the overdue alert (and the alert the directive was about).
        At(10, 19, 15, 0);
        clerk = await App.LoginAsync("clerk");
        await Json(await PostJson(clerk, $"/api/supervision/directives/{directiveId}/answer", new { answer = "已电话告知申请人。" }));
        var afterAnswer = await AlertsAsync(s);
        Assert.All(afterAnswer, a => Assert.Equal(Beijing(10, 19, 15, 0), a.ResolvedAt));
        Assert.StartsWith("逾期后督办已回复（陈晓燕）", afterAnswer.Single(a => a.RuleCode == SupervisionRules.DirectiveOverdue).Result, StringComparison.Ordinal);

        // Nothing fires twice: a forced re-check of all four changes nothing and sends nothing.
        await App.WithDbAsync(db => db.Cases.Where(c => c.Number == m || c.Number == o || c.Number == x || c.Number == s)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct));
        var again = await TickAsync();
        Assert.Equal((4, 0, 0, 0, 0), (again.Checked, again.Raised, again.Resolved, again.Reminded, again.Escalated));
        Assert.Equal((1, 1), (await SmsAsync(ClerkMobile, "督办逾期"), await SmsAsync(SupervisorMobile, "督办逾期")));

        // The case view shows the record with its escalation.
        var view = await GetJson(await App.LoginAsync("supervisor"), $"/api/cases/{s}");
        var record = view.GetProperty("supervision").EnumerateArray().Single(r => r.GetProperty("ruleCode").GetString() == "SV11");
        Assert.Equal("督办逾期未回复", record.GetProperty("ruleName").GetString());
        Assert.Equal("sender", record.GetProperty("escalations")[0].GetProperty("toRole").GetString());

        // A case closed resolves its process alerts.
        clerk = await App.LoginAsync("clerk");
        await Json(await PostJson(clerk, $"/api/cases/{o}/withdraw", new { reason = "申请人撤回申请" }));
        Assert.Equal(1, (await TickAsync()).Resolved);
        Assert.NotNull(Assert.Single(await AlertsAsync(o)).ResolvedAt);
    }
}

public sealed class SqliteSupervisionIntegrityTests(SqliteApp app) : SupervisionIntegrityTests<SqliteApp>(app);

public sealed class PostgresSupervisionIntegrityTests(PostgresApp app) : SupervisionIntegrityTests<PostgresApp>(app);
