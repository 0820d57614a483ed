using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;
using Tongban.Modules.Supervision;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 差评整改 (issue 20): every bad rating, on the portal or by SMS reply, opens one work order for the handling department with
/// 回访 and 整改 deadlines in working days; the department calls back, resolves or appeals, a supervisor decides appeals;
/// overdue orders raise supervision alerts; the satisfaction figures carry 回访率 and 整改率. Time moves only on the fake clock.
/// </summary>
public abstract class RectificationTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : ScriptedSmsApp
{
    private const string OtherReviewer = "rect-other-reviewer";

    /// <summary>A 即办件 completed at the district center's window for a fresh applicant, and that applicant logged in.</summary>
    private async Task<(HttpClient Citizen, string Number, string Department)> CompletedCaseAsync()
    {
        var clerk = await App.LoginAsync("clerk");
        var (mobile, id) = (ScriptedSmsApp.NewMobile(), Citizens.NewIdNumber());
        var number = await SubmitImmediateAsync(App, clerk, mobile, id);
        await CompleteForPickupAsync(clerk, number);
        var department = "";
        await App.WithDbAsync(async db => department = await db.Cases.Where(c => c.Number == number).Select(c => c.DepartmentCode).FirstAsync(Ct));
        return (await Citizens.LoggedInAsync(App, mobile, id, ApplicantName), number, department);
    }

    private static Task<HttpResponseMessage> Rate(HttpClient citizen, string number, int level) =>
        PostJson(citizen, $"/api/me/cases/{number}/evaluation", level <= 2 ? new { level, reasons = new[] { "longWait" } } : new { level });

    /// <summary>A case rated <paramref name="level"/> on the portal; the work order's id (0 when none).</summary>
    private async Task<(string Number, long OrderId)> RatedAsync(int level)
    {
        var (citizen, number, _) = await CompletedCaseAsync();
        Assert.Equal(HttpStatusCode.Created, (await Rate(citizen, number, level)).StatusCode);
        return (number, await OrderIdAsync(number));
    }

    private async Task<long> OrderIdAsync(string number)
    {
        long id = 0;
        await App.WithDbAsync(async db => id = await db.RectificationOrders.Where(o => o.CaseNumber == number).Select(o => o.Id).FirstOrDefaultAsync(Ct));
        return id;
    }

    private async Task<int> OrdersOfAsync(string number)
    {
        var n = 0;
        await App.WithDbAsync(async db => n = await db.RectificationOrders.CountAsync(o => o.CaseNumber == number, Ct));
        return n;
    }

    private static Task<HttpResponseMessage> Step(HttpClient staff, long id, string verb, string note = "已电话联系申请人") =>
        PostJson(staff, $"/api/rectifications/{id}/{verb}", new { note });

    private static Task<HttpResponseMessage> Decide(HttpClient staff, long id, bool upheld) =>
        PostJson(staff, $"/api/rectifications/{id}/appeal/decide", new { upheld, note = upheld ? "经核实系误评" : "理由不足，请整改" });

    private async Task<HttpResponseMessage> Inbound(string from, string text) =>
        await App.CreateClient().GetAsync($"/api/sms/kannel/inbound?token={ScriptedSmsApp.InboundToken}&from={from}&text={Uri.EscapeDataString(text)}", Ct);

    private async Task<string> EnsureStaffAsync(string username, string role, string? department)
    {
        await App.WithDbAsync(async db =>
        {
            if (await db.StaffUsers.AnyAsync(u => u.Username == username, Ct)) return;
            var user = new StaffUser { Username = username, Name = "林志强", Roles = [role], DepartmentCode = department };
            user.PasswordHash = StaffLogin.HashPassword(user, "Demo#2026");
            db.StaffUsers.Add(user);
            await db.SaveChangesAsync(Ct);
        });
        return username;
    }

    private static string Status(JsonElement detail) => detail.GetProperty("order").GetProperty("status").GetString()!;

    [Fact]
    public async Task A_bad_rating_on_the_portal_or_by_SMS_opens_exactly_one_order_and_a_good_one_none()
    {
        App.AdvanceToBeijing(9, 30);
        var (bad, badOrder) = await RatedAsync(2);
        Assert.NotEqual(0, badOrder);
        Assert.Equal(1, await OrdersOfAsync(bad));
        var (good, _) = await RatedAsync(3);
        Assert.Equal(0, await OrdersOfAsync(good));

        // SMS: a fresh number, the completion SMS sent, then a reply of 1 (非常不满意) and a correction to 2.
        var clerk = await App.LoginAsync("clerk");
        var mobile = ScriptedSmsApp.NewMobile();
        var bySms = await SubmitImmediateAsync(App, clerk, mobile);
        await CompleteForPickupAsync(clerk, bySms);
        await App.Dispatcher.DispatchAllDueAsync(Ct);
        Assert.Contains("感谢", await (await Inbound(mobile, "1")).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await Inbound(mobile, "2");
        Assert.Equal(1, await OrdersOfAsync(bySms));
        // An SMS 5 opens none; a correction of it to 1 opens one.
        var mobile2 = ScriptedSmsApp.NewMobile();
        var corrected = await SubmitImmediateAsync(App, clerk, mobile2);
        await CompleteForPickupAsync(clerk, corrected);
        await App.Dispatcher.DispatchAllDueAsync(Ct);
        await Inbound(mobile2, "5");
        Assert.Equal(0, await OrdersOfAsync(corrected));
        await Inbound(mobile2, "1");
        Assert.Equal(1, await OrdersOfAsync(corrected));

        var supervisor = await App.LoginAsync("supervisor");
        var detail = await GetJson(supervisor, $"/api/rectifications/{await OrderIdAsync(bySms)}");
        Assert.Equal("open", Status(detail));
        Assert.Equal("sms", detail.GetProperty("order").GetProperty("channel").GetString());
        Assert.Equal(1, detail.GetProperty("order").GetProperty("level").GetInt32());
        Assert.Equal(bySms, detail.GetProperty("order").GetProperty("caseNumber").GetString());
        var audit = (await GetJson(supervisor, $"/api/cases/{bad}/audit")).ToString();
        Assert.Contains("rectification.open", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadlines_count_working_days_across_the_National_Day_holiday()
    {
        // Wednesday 30 September 2026, the day before 国庆 (1–7 October off; 10 October, a Saturday, worked).
        var target = new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8));
        Assert.SkipWhen(App.Clock.GetUtcNow() > target, "the shared clock is already past 30 September 2026");
        App.Clock.SetUtcNow(target.ToUniversalTime());
        var (_, id) = await RatedAsync(1);
        var order = (await GetJson(await App.LoginAsync("supervisor"), $"/api/rectifications/{id}")).GetProperty("order");
        // 回访: 1 working day after 30 Sep → Thu 8 Oct. 整改: 15 → 8, 9, 10 (Sat, worked), 12–16, 19–23, 26, 27 → Tue 27 Oct.
        Assert.Equal("2026-10-08", order.GetProperty("callbackDueDate").GetString());
        Assert.Equal("2026-10-27", order.GetProperty("rectifyDueDate").GetString());
        Assert.False(order.GetProperty("callbackOverdue").GetBoolean());
    }

    [Fact]
    public async Task Steps_follow_the_order_out_of_order_ones_are_409s_and_each_is_audited()
    {
        App.AdvanceToBeijing(10);
        var (number, id) = await RatedAsync(2);
        var clerk = await App.LoginAsync("clerk");
        var supervisor = await App.LoginAsync("supervisor");

        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/rectifications/{id}/callback", new { note = "  " }), "note");
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/rectifications/{id}/callback", new { note = new string('好', 1001) }), "note");
        var early = await ProblemAssert.IsProblem(await Step(clerk, id, "resolve"), HttpStatusCode.Conflict, "rectification.not_called_back");
        Assert.Contains("待回访", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblem(await Decide(supervisor, id, true), HttpStatusCode.Conflict, "rectification.no_appeal");

        var calledBack = await Json(await Step(clerk, id, "callback"));
        Assert.Equal("calledBack", Status(calledBack));
        Assert.True(calledBack.GetProperty("calledBackInTime").GetBoolean());
        Assert.Equal("陈晓燕", calledBack.GetProperty("calledBackBy").GetString());
        await ProblemAssert.IsProblem(await Step(clerk, id, "callback"), HttpStatusCode.Conflict, "rectification.not_open");

        // 申诉 → the supervisor rejects it → back to 已回访; a second appeal is refused.
        Assert.Equal("appealed", Status(await Json(await Step(clerk, id, "appeal", "申请人误操作"))));
        await ProblemAssert.IsProblem(await Step(clerk, id, "resolve"), HttpStatusCode.Conflict, "rectification.not_resolvable");
        await ProblemAssert.IsProblem(await Decide(clerk, id, true), HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostJson(supervisor, $"/api/rectifications/{id}/appeal/decide", new { note = "x" })).StatusCode);
        var rejected = await Json(await Decide(supervisor, id, false));
        Assert.Equal("calledBack", Status(rejected));
        Assert.False(rejected.GetProperty("appealUpheld").GetBoolean());
        await ProblemAssert.IsProblem(await Step(clerk, id, "appeal"), HttpStatusCode.Conflict, "rectification.appealed_before");

        var resolved = await Json(await Step(clerk, id, "resolve", "已优化取号分流"));
        Assert.Equal("resolved", Status(resolved));
        Assert.True(resolved.GetProperty("resolvedInTime").GetBoolean());
        Assert.False(resolved.GetProperty("actions").GetProperty("resolve").GetBoolean());
        await ProblemAssert.IsProblem(await Step(clerk, id, "appeal"), HttpStatusCode.Conflict, "rectification.appealed_before");

        // An appeal upheld closes another order.
        var (_, other) = await RatedAsync(1);
        await Step(clerk, other, "appeal", "恶意差评");
        Assert.Equal("appealUpheld", Status(await Json(await Decide(supervisor, other, true))));
        await ProblemAssert.IsProblem(await Step(clerk, other, "callback"), HttpStatusCode.Conflict, "rectification.not_open");

        var trail = (await GetJson(supervisor, $"/api/cases/{number}/audit")).ToString();
        foreach (var action in new[] { "rectification.open", "rectification.callback", "rectification.appeal", "rectification.appeal_decide", "rectification.resolve" })
            Assert.Contains(action, trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_and_act_on_their_own_department_or_point_only()
    {
        App.AdvanceToBeijing(11);
        var (number, id) = await RatedAsync(2);
        var department = "";
        await App.WithDbAsync(async db => department = await db.Cases.Where(c => c.Number == number).Select(c => c.DepartmentCode).FirstAsync(Ct));
        var otherDepartment = "";
        await App.WithDbAsync(async db => otherDepartment = await db.Departments.Where(d => d.Code != department).OrderBy(d => d.Code).Select(d => d.Code).FirstAsync(Ct));
        var other = await App.LoginAsync(await EnsureStaffAsync(OtherReviewer + "-" + otherDepartment, StaffRoles.Reviewer, otherDepartment));
        var mine = await App.LoginAsync(await EnsureStaffAsync("rect-reviewer-" + department, StaffRoles.Reviewer, department));

        var theirs = await GetJson(other, $"/api/rectifications?caseNumber={number}");
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/rectifications/{id}", Ct), HttpStatusCode.NotFound, "rectification.not_found");
        await ProblemAssert.IsProblem(await Step(other, id, "callback"), HttpStatusCode.NotFound, "rectification.not_found");
        // Every order the other department lists is its own.
        var list = await GetJson(other, "/api/rectifications?pageSize=100");
        Assert.All(list.GetProperty("items").EnumerateArray(), o => Assert.Equal(otherDepartment, o.GetProperty("departmentCode").GetString()));

        var own = await GetJson(mine, $"/api/rectifications?caseNumber={number}");
        Assert.Equal(id, own.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await Step(mine, id, "callback")).StatusCode);
        // Supervisors see all but do not call back; analysts see figures, not orders.
        var supervisor = await App.LoginAsync("supervisor");
        Assert.Equal(1, (await GetJson(supervisor, $"/api/rectifications?caseNumber={number}")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await Step(supervisor, id, "resolve")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.LoginAsync("analyst")).GetAsync("/api/rectifications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/rectifications", Ct)).StatusCode);
        await ProblemAssert.IsValidation(await supervisor.GetAsync("/api/rectifications?status=closed&reason=bad", Ct), "status", "reason");
    }

    [Fact]
    public async Task An_order_past_its_callback_deadline_raises_a_supervision_alert_that_the_callback_resolves()
    {
        App.AdvanceToBeijing(9, 15);
        var (number, id) = await RatedAsync(1);
        var watcher = App.Services.GetRequiredService<RectificationWatcher>();
        await watcher.TickAsync(Ct);
        var supervisor = await App.LoginAsync("supervisor");
        Assert.Equal(0, (await GetJson(supervisor, $"/api/supervision/alerts?caseNumber={number}")).GetProperty("total").GetInt32());

        string due = (await GetJson(supervisor, $"/api/rectifications/{id}")).GetProperty("order").GetProperty("callbackDueDate").GetString()!;
        // Past the deadline at night: nothing is raised outside office hours. The first working morning after it: raised.
        var calendar = await App.Services.GetRequiredService<Tongban.Modules.Calendar.CalendarService>().GetAsync(Ct);
        var after = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        App.Clock.SetUtcNow(new DateTimeOffset(after.ToDateTime(new TimeOnly(0, 30)), TimeSpan.FromHours(8)).ToUniversalTime());
        Assert.Equal(0, (await watcher.TickAsync(Ct)).Raised);
        while (!calendar.IsWorkingDay(after)) after = after.AddDays(1);
        App.Clock.SetUtcNow(new DateTimeOffset(after.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        Assert.True((await watcher.TickAsync(Ct)).Raised >= 1);
        Assert.Equal(0, (await watcher.TickAsync(Ct)).Raised);
        supervisor = await App.LoginAsync("supervisor");
        var alerts = await GetJson(supervisor, $"/api/supervision/alerts?caseNumber={number}");
        var alert = alerts.GetProperty("items")[0];
        Assert.Equal("SV12", alert.GetProperty("ruleCode").GetString());
        Assert.Equal("red", alert.GetProperty("level").GetString());
        var overdue = await GetJson(supervisor, $"/api/rectifications?overdue=true&caseNumber={number}");
        Assert.True(overdue.GetProperty("items")[0].GetProperty("callbackOverdue").GetBoolean());

        var late = await Json(await Step(await App.LoginAsync("clerk"), id, "callback"));
        Assert.False(late.GetProperty("calledBackInTime").GetBoolean());
        Assert.True((await watcher.TickAsync(Ct)).Resolved >= 1);
        Assert.Equal(0, (await GetJson(supervisor, $"/api/supervision/alerts?caseNumber={number}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJson(supervisor, $"/api/supervision/alerts?caseNumber={number}&status=resolved")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_satisfaction_figures_give_the_hand_computed_callback_and_rectification_rates()
    {
        // A day of its own: nothing else in this class happens on it.
        App.Clock.Advance(TimeSpan.FromDays(1));
        App.AdvanceToBeijing(9, 0);
        var day = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var clerk = await App.LoginAsync("clerk");
        var supervisor = await App.LoginAsync("supervisor");
        var (_, a) = await RatedAsync(2); // called back and resolved
        var (_, b) = await RatedAsync(1); // called back only
        var (_, c) = await RatedAsync(2); // appeal upheld: not counted
        var (_, d) = await RatedAsync(1); // open
        var (_, e) = await RatedAsync(2); // called back late
        await RatedAsync(5);
        await Step(clerk, a, "callback");
        await Step(clerk, a, "resolve");
        await Step(clerk, b, "callback");
        await Step(clerk, c, "appeal");
        await Decide(supervisor, c, true);
        // The day after e's 回访 deadline (whatever holidays lie between).
        var eDue = DateOnly.Parse((await GetJson(supervisor, $"/api/rectifications/{e}")).GetProperty("order").GetProperty("callbackDueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        App.Clock.SetUtcNow(new DateTimeOffset(eDue.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        clerk = await App.LoginAsync("clerk");
        Assert.False((await Json(await Step(clerk, e, "callback"))).GetProperty("calledBackInTime").GetBoolean());

        // By hand: 5 bad, 1 upheld → 4 counted; in time 2 (a, b) → 0.5; resolved 1 → 0.25; d waits, overdue for its call back by now.
        var analyst = await App.LoginAsync("analyst");
        var s = await GetJson(analyst, $"/api/stats/satisfaction?from={day}&to={day}");
        var r = s.GetProperty("rectification");
        Assert.Equal([5, 1, 4, 3, 2, 1, 3, 1], new[] { "badRatings", "appealUpheld", "counted", "calledBack", "calledBackInTime", "resolved", "open", "overdue" }.Select(n => r.GetProperty(n).GetInt32()));
        Assert.Equal(0.5, r.GetProperty("callbackRate").GetDouble());
        Assert.Equal(0.25, r.GetProperty("rectificationRate").GetDouble());
        Assert.Equal(5, s.GetProperty("dissatisfied").GetInt32());
        var byDepartment = s.GetProperty("rectificationByDepartment");
        Assert.Equal(5, byDepartment.EnumerateArray().Sum(x => x.GetProperty("badRatings").GetInt32()));

        // The 差评原因 list links to the orders of that reason and period.
        supervisor = await App.LoginAsync("supervisor");
        var linked = await GetJson(supervisor, $"/api/rectifications?reason=longWait&from={day}&to={day}");
        Assert.Equal(5, linked.GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJson(supervisor, $"/api/rectifications?reason=poorAttitude&from={day}&to={day}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJson(supervisor, $"/api/rectifications?status=open&from={day}&to={day}")).GetProperty("total").GetInt32());
        // A period without bad ratings has no rates.
        var empty = (await GetJson(analyst, "/api/stats/satisfaction?from=2026-01-01&to=2026-01-01")).GetProperty("rectification");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("callbackRate").ValueKind);
    }
}

public sealed class SqliteRectificationTests(SqliteScriptedSmsApp app) : RectificationTests<SqliteScriptedSmsApp>(app);

public sealed class PostgresRectificationTests(PostgresScriptedSmsApp app) : RectificationTests<PostgresScriptedSmsApp>(app);
