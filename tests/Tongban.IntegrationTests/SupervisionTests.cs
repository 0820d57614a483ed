using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Catalog;
using Tongban.Modules.Supervision;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 电子监察 over a real timeline (FakeTimeProvider): two cases walked across nights, a weekend with a 调休
/// Sunday (2026-09-20), the Mid-Autumn break (09-25..27) and the National Day holiday (10-01..07), asserting
/// the minute each warning, reminder and escalation fires, that ticks in between do nothing, and that
/// nothing fires twice. Then the API: scoping, 督办 and its answer, the case view, the audit trail.
/// </summary>
public abstract class SupervisionTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string ClerkMobile = "13805950002";
    private const string ReviewerMobile = "13805950003";
    private const string ApproverMobile = "13805950004";
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

    private async Task<int> SupervisionSmsAsync(string mobile)
    {
        var sms = await GetJson(App.CreateClient(), $"/api/dev/sms?mobile={mobile}");
        return sms.GetProperty("items").EnumerateArray().Count(m => m.GetProperty("text").GetString()!.Contains("电子监察", StringComparison.Ordinal));
    }

    private async Task<(string Code, string[] Materials)> LicensingItemAsync()
    {
        (string, string[]) found = default;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.ForPersons
                    && i.PromisedLimitValue == 10 && i.LegalLimitValue == 20 && i.PromisedLimitUnit == LimitUnit.WorkingDay)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = (item.Code, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return found;
    }

    [Fact]
    public async Task Warnings_reminders_and_escalations_fire_in_office_hours_across_weekends_and_National_Day_exactly_once_and_directives_resolve_them()
    {
        // Wednesday 16 September 2026. Accepted today, a 10-working-day promise is due on 30 September
        // (the 调休 Sunday 20 September counts, the Mid-Autumn 25–27 do not); the 20-day legal limit on 20 October.
        At(9, 16, 9, 0);
        var clerk = await App.LoginAsync("clerk");
        var (item, materials) = await LicensingItemAsync();
        var a = await SubmitAsync(clerk, item, materials);
        var accepted = await Act(clerk, a, "accept", new { });
        Assert.Equal("2026-09-30", accepted.GetProperty("promisedDueDate").GetString());
        Assert.Equal("2026-10-20", accepted.GetProperty("legalDueDate").GetString());
        // B is never pre-reviewed: §32's five working days end on 22 September (17, 18, 20, 21, 22).
        var b = await SubmitAsync(clerk, item, materials);

        var first = await TickAsync();
        Assert.Equal(2, first.Checked);
        Assert.Equal(0, first.Raised);
        Assert.Equal(Beijing(9, 29, 8, 30), await NextCheckAsync(a)); // yellow: one working day left
        Assert.Equal(Beijing(9, 23, 8, 30), await NextCheckAsync(b));

        // Nothing is due in between: a tick reads nothing.
        At(9, 19, 10, 0);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(9, 23, 8, 29);
        Assert.Equal(0, (await TickAsync()).Checked);

        // B: red at 08:30 sharp, to the clerk who has it; escalated 4 office hours later (3.5 h in the morning, 0.5 h after lunch).
        At(9, 23, 8, 30);
        Assert.Equal(1, (await TickAsync()).Raised);
        var late = Assert.Single(await AlertsAsync(b));
        Assert.Equal((SupervisionRules.PreReviewLate, AlertLevel.Red, Beijing(9, 23, 8, 30), "陈晓燕"), (late.RuleCode, late.Level, late.RaisedAt, late.IssuedTo));
        Assert.Equal(1, await SupervisionSmsAsync(ClerkMobile));
        Assert.Equal(Beijing(9, 23, 14, 30), await NextCheckAsync(b));
        At(9, 23, 14, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(9, 23, 14, 30);
        Assert.Equal(1, (await TickAsync()).Escalated);
        late = Assert.Single(await AlertsAsync(b));
        // A window rule goes straight to the center's supervisor, and that is the top: no more checks.
        Assert.Equal((1, Beijing(9, 23, 14, 30), "supervisor", "刘文斌"), (late.EscalationLevel, late.EscalatedAt, late.Escalations.Single().ToRole, late.Escalations.Single().ToNames));
        Assert.Equal(1, await SupervisionSmsAsync(SupervisorMobile));
        Assert.Null(await NextCheckAsync(b));

        // The clerk pre-reviews B the next morning: the alert resolves on the next tick.
        At(9, 24, 10, 0);
        clerk = await App.LoginAsync("clerk");
        await Act(clerk, b, "pre-review", new { result = "pass" });
        Assert.Equal(1, (await TickAsync()).Resolved);
        late = Assert.Single(await AlertsAsync(b));
        Assert.Equal((Beijing(9, 24, 10, 0), "已预审"), (late.ResolvedAt, late.Result));

        // A: the evening before and the small hours of the yellow day are quiet.
        At(9, 28, 17, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(9, 29, 8, 30);
        Assert.Equal(1, (await TickAsync()).Raised);
        var yellow = Assert.Single(await AlertsAsync(a));
        Assert.Equal((SupervisionRules.DueSoon, AlertLevel.Yellow, Beijing(9, 29, 8, 30), "黄建明", 1), (yellow.RuleCode, yellow.Level, yellow.RaisedAt, yellow.IssuedTo, yellow.Reminders));
        Assert.Equal(1, await SupervisionSmsAsync(ReviewerMobile));
        // The last working day's morning reminds once more.
        Assert.Equal(Beijing(9, 30, 8, 30), await NextCheckAsync(a));
        At(9, 30, 8, 30);
        Assert.Equal(1, (await TickAsync()).Reminded);
        Assert.Equal(2, await SupervisionSmsAsync(ReviewerMobile));

        // Overdue from 1 October, but that is National Day: red waits for Thursday 8 October, 08:30.
        Assert.Equal(Beijing(10, 8, 8, 30), await NextCheckAsync(a));
        foreach (var (m, d, h) in new[] { (9, 30, 20), (10, 1, 9), (10, 3, 10), (10, 7, 16) })
        {
            At(m, d, h, 0);
            Assert.Equal(0, (await TickAsync()).Checked);
        }
        At(10, 8, 8, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 8, 8, 30);
        var redTick = await TickAsync();
        Assert.Equal((1, 1), (redTick.Raised, redTick.Resolved));
        var alerts = await AlertsAsync(a);
        Assert.Equal((Beijing(10, 8, 8, 30), "已超过承诺时限，转红灯超期"), (alerts[0].ResolvedAt, alerts[0].Result));
        var red = alerts[1];
        Assert.Equal((SupervisionRules.Overdue, AlertLevel.Red, Beijing(10, 8, 8, 30)), (red.RuleCode, red.Level, red.RaisedAt));
        Assert.Equal(3, await SupervisionSmsAsync(ReviewerMobile));

        // Escalation 1 to the department's approver at 14:30, escalation 2 to the supervisor the next morning at 09:30.
        Assert.Equal(Beijing(10, 8, 14, 30), await NextCheckAsync(a));
        At(10, 8, 14, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 8, 14, 30);
        Assert.Equal(1, (await TickAsync()).Escalated);
        Assert.Equal(1, await SupervisionSmsAsync(ApproverMobile));
        Assert.Equal(Beijing(10, 9, 9, 30), await NextCheckAsync(a));
        At(10, 9, 9, 29);
        Assert.Equal(0, (await TickAsync()).Checked);
        At(10, 9, 9, 30);
        Assert.Equal(1, (await TickAsync()).Escalated);
        red = (await AlertsAsync(a))[1];
        Assert.Equal([(1, Beijing(10, 8, 14, 30), "approver", "郑国华"), (2, Beijing(10, 9, 9, 30), "supervisor", "刘文斌")],
            red.Escalations.OrderBy(e => e.Level).Select(e => (e.Level, e.At, e.ToRole, e.ToNames)));
        Assert.Equal(Beijing(10, 8, 14, 30), red.EscalatedAt);
        Assert.Equal(2, await SupervisionSmsAsync(SupervisorMobile));

        // Nothing fires twice: a forced re-check changes nothing and sends nothing.
        await App.WithDbAsync(db => db.Cases.Where(c => c.Number == a).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct));
        var again = await TickAsync();
        Assert.Equal((1, 0, 0, 0, 0), (again.Checked, again.Raised, again.Resolved, again.Reminded, again.Escalated));
        Assert.Equal(2, (await AlertsAsync(a)).Count);
        Assert.Equal((3, 1, 2), (await SupervisionSmsAsync(ReviewerMobile), await SupervisionSmsAsync(ApproverMobile), await SupervisionSmsAsync(SupervisorMobile)));
        // Next: the legal limit (20 October) passes on the 21st.
        Assert.Equal(Beijing(10, 21, 8, 30), await NextCheckAsync(a));

        // The API: the supervisor sees the red alert on the board; the reviewer (its department) too; a town clerk does not.
        var supervisor = await App.LoginAsync("supervisor");
        var board = await GetJson(supervisor, "/api/supervision/alerts?level=red&status=open");
        var row = board.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("caseNumber").GetString() == a);
        Assert.Equal(("SV02", "red", 1), (row.GetProperty("ruleCode").GetString(), row.GetProperty("level").GetString(), board.GetProperty("total").GetInt32()));
        Assert.Equal(Beijing(10, 8, 14, 30), row.GetProperty("escalatedAt").GetDateTimeOffset());
        var summary = await GetJson(supervisor, "/api/supervision/summary");
        Assert.Equal((0, 1, 0, 1), (summary.GetProperty("yellow").GetInt32(), summary.GetProperty("red").GetInt32(), summary.GetProperty("critical").GetInt32(), summary.GetProperty("escalated").GetInt32()));
        // Who reads the summary: the analyst (the big screen's user) center-wide, like the supervisor; a town clerk only
        // the alerts of its point and department (none here); nobody without a login.
        var analystSummary = await GetJson(await App.LoginAsync("analyst"), "/api/supervision/summary");
        Assert.Equal((1, 0), (analystSummary.GetProperty("red").GetInt32(), analystSummary.GetProperty("critical").GetInt32()));
        Assert.Equal(summary.ToString(), analystSummary.ToString());
        var townSummary = await GetJson(await App.LoginAsync("clerk-nanpu"), "/api/supervision/summary");
        Assert.Equal((0, 0), (townSummary.GetProperty("red").GetInt32(), townSummary.GetProperty("departments").GetArrayLength()));
        await ProblemAssert.IsProblem(await App.CreateClient().GetAsync("/api/supervision/summary", Ct), HttpStatusCode.Unauthorized, "auth.required");
        var reviewer = await App.LoginAsync("reviewer");
        Assert.Equal(1, (await GetJson(reviewer, "/api/supervision/alerts")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJson(await App.LoginAsync("clerk-nanpu"), "/api/supervision/alerts?status=all")).GetProperty("total").GetInt32());
        await ProblemAssert.IsValidation(await supervisor.GetAsync("/api/supervision/alerts?level=green", Ct), "level");

        // 督办: the reviewer may not send one (only supervisors: SeparationOfDutiesTests); a directive needs text; the supervisor sends it.
        var alertId = row.GetProperty("id").GetInt64();
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/supervision/alerts/{alertId}/directives", new { text = "请尽快", deadline = (DateTimeOffset?)null }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsValidation(await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives", new { text = " ", deadline = (DateTimeOffset?)null }), "text");
        // Issue 16, point 8: the deadline is required (null: the default answer time) and lies within a year.
        await ProblemAssert.IsValidation(await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives", new { text = "请尽快" }), "deadline");
        await ProblemAssert.IsValidation(await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives",
            new { text = "请尽快", deadline = App.Clock.GetUtcNow().AddYears(1).AddDays(1) }), "deadline");
        var sent = await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives", new { text = "该件已超期，请今日内办结并说明原因。", deadline = (DateTimeOffset?)null });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var directive = await Json(sent);
        // Default deadline: 8 office hours later (09:30 + 2.5 h + 3.5 h + 2 h on Saturday 10 October, a 调休 working day).
        Assert.Equal(Beijing(10, 10, 10, 30), directive.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(4, await SupervisionSmsAsync(ReviewerMobile));

        // The handler sees it on the case and answers; the alert resolves and does not come back.
        var view = await GetJson(reviewer, $"/api/cases/{a}");
        var records = view.GetProperty("supervision").EnumerateArray().ToList();
        Assert.Equal(["SV01", "SV02"], records.Select(r => r.GetProperty("ruleCode").GetString()));
        Assert.Equal("该件已超期，请今日内办结并说明原因。", records[1].GetProperty("directives")[0].GetProperty("text").GetString());
        Assert.Equal(2, records[1].GetProperty("escalations").GetArrayLength());
        var directiveId = directive.GetProperty("id").GetInt64();
        await ProblemAssert.IsProblem(await PostJson(await App.LoginAsync("clerk-nanpu"), $"/api/supervision/directives/{directiveId}/answer", new { answer = "x" }), HttpStatusCode.NotFound, "supervision.directive_not_found");
        var answered = await Json(await PostJson(reviewer, $"/api/supervision/directives/{directiveId}/answer", new { answer = "已组织审核，今日报审批。" }));
        Assert.Equal("黄建明", answered.GetProperty("answeredBy").GetString());
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/supervision/directives/{directiveId}/answer", new { answer = "again" }), HttpStatusCode.Conflict, "supervision.directive_answered");
        await ProblemAssert.IsProblem(await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives", new { text = "再次督办", deadline = (DateTimeOffset?)null }), HttpStatusCode.Conflict, "supervision.alert_resolved");
        red = (await AlertsAsync(a))[1];
        Assert.Equal((Beijing(10, 9, 9, 30), "督办已回复（黄建明）：已组织审核，今日报审批。"), (red.ResolvedAt, red.Result));
        await App.WithDbAsync(db => db.Cases.Where(c => c.Number == a).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct));
        Assert.Equal(0, (await TickAsync()).Raised);
        var audit = await GetJson(supervisor, $"/api/cases/{a}/audit");
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("supervision.directive", actions);
        Assert.Contains("supervision.directive_answer", actions);

        // Past the legal limit: critical on 21 October at 08:30. Withdrawn that night: resolved at once, nothing left to check.
        At(10, 21, 8, 30);
        var critical = await TickAsync();
        Assert.Equal(1, critical.Raised);
        Assert.Equal(AlertLevel.Critical, (await AlertsAsync(a)).Last().Level);
        At(10, 21, 21, 0);
        clerk = await App.LoginAsync("clerk");
        await Act(clerk, a, "withdraw", new { reason = "申请人撤回申请" });
        Assert.Equal(1, (await TickAsync()).Resolved);
        Assert.All(await AlertsAsync(a), x => Assert.NotNull(x.ResolvedAt));
        Assert.Equal("办件已撤回", (await AlertsAsync(a)).Last().Result);
        Assert.Null(await NextCheckAsync(a));
        Assert.Equal(0, (await GetJson(await App.LoginAsync("supervisor"), "/api/supervision/alerts")).GetProperty("total").GetInt32());
    }
}

public sealed class SqliteSupervisionTests(SqliteApp app) : SupervisionTests<SqliteApp>(app);

public sealed class PostgresSupervisionTests(PostgresApp app) : SupervisionTests<PostgresApp>(app);
