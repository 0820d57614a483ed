using System.Net;
using System.Text;
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
/// Issue 16 points 2 and 19 (ADR 0011). 督办 is the supervisor's: an administrator or the department's approver may not
/// send one; its answer comes from the addressed department's handling staff and never from its sender, even a sender
/// who also holds a role there. The directive reaches exactly those who must answer it (SMS and the live feed's "yours
/// to answer"), not the clerk of the window that received the case. Analysts see figures, not people: no case, no
/// trail, no notice, no alert — statistics and exports, which name no applicant.
/// </summary>
public abstract class SeparationOfDutiesTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    /// <summary>A supervisor who is also a reviewer of the demo reviewer's department (D01).</summary>
    private const string SupervisingReviewer = "supervisor-reviewer";
    private const string ReviewerMobile = "13805950003";
    private const string ApproverMobile = "13805950004";
    private const string ClerkMobile = "13805950002";
    private const string SupervisingReviewerMobile = "13900000016";

    private Task<WatcherTick> TickAsync() => App.Services.GetRequiredService<SupervisionWatcher>().TickAsync(false, Ct);

    /// <summary>An item of the reviewer's department, and a supervisor who is also a reviewer there.</summary>
    private async Task<(string Code, string[] Materials)> ReviewerDepartmentItemAsync()
    {
        var item = await Scenario.ReviewerDepartmentItemAsync(App);
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            if (!await db.StaffUsers.AnyAsync(u => u.Username == SupervisingReviewer, Ct))
            {
                var user = new StaffUser { Username = SupervisingReviewer, Name = "吴卫东", Roles = [StaffRoles.Supervisor, StaffRoles.Reviewer], DepartmentCode = department, Mobile = SupervisingReviewerMobile };
                user.PasswordHash = StaffLogin.HashPassword(user, TestData.Password);
                db.StaffUsers.Add(user);
                await db.SaveChangesAsync(Ct);
            }
        });
        return item;
    }

    /// <summary>
    /// A case of D01 received by the demo clerk at the district center whose acceptance is then recorded for another
    /// point (SV10, a department rule): the watcher raises its alert, in the department's scope and the center clerk's.
    /// </summary>
    private async Task<(string CaseNumber, long AlertId)> AlertedCaseAsync()
    {
        var item = await ReviewerDepartmentItemAsync();
        var number = await SubmitAndAcceptAsync(await App.LoginAsync("clerk"), item.Code, item.Materials);
        await App.WithDbAsync(async db =>
        {
            var id = await db.Cases.Where(c => c.Number == number).Select(c => c.Id).FirstAsync(Ct);
            await db.CaseSteps.Where(s => s.CaseId == id && s.Name == "受理").ExecuteUpdateAsync(u => u.SetProperty(s => s.OrganizationCode, "350505999999"), Ct);
            await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct);
        });
        await TickAsync();
        long alertId = 0;
        await App.WithDbAsync(async db => alertId = await db.SupervisionAlerts.Where(a => a.CaseNumber == number && a.RuleCode == SupervisionRules.StepByOutsider).Select(a => a.Id).FirstAsync(Ct));
        return (number, alertId);
    }

    private async Task<int> DirectiveTextsToAsync(string mobile, string caseNumber)
    {
        var count = 0;
        var index = PersonalData.BlindIndex(mobile);
        await App.WithDbAsync(async db => count = await db.OutboxMessages.CountAsync(m => m.RecipientIndex == index && m.Event == "supervision.directive" && m.Text.Contains(caseNumber), Ct));
        return count;
    }

    [Fact]
    public async Task Only_a_supervisor_sends_a_directive_its_sender_never_answers_it_and_only_the_handling_side_is_texted()
    {
        var (number, alertId) = await AlertedCaseAsync();
        var url = $"/api/supervision/alerts/{alertId}/directives";
        var body = new { text = "请核查受理记录并回复。", deadline = (DateTimeOffset?)null };

        // Not the administrator's, not the department approver's (who is escalated to, and would then judge their own department).
        foreach (var user in new[] { "admin", "approver", "reviewer", "clerk", "analyst" })
            Assert.Equal(HttpStatusCode.Forbidden, (await PostJson(await App.LoginAsync(user), url, body)).StatusCode);

        // A supervisor who is also a reviewer of that department sends it; the SMS goes to the department's handling staff, not to them.
        var sender = await App.LoginAsync(SupervisingReviewer);
        var directive = await Json(await PostJson(sender, url, body));
        var directiveId = directive.GetProperty("id").GetInt64();
        Assert.Equal((1, 0, 0), (await DirectiveTextsToAsync(ReviewerMobile, number), await DirectiveTextsToAsync(SupervisingReviewerMobile, number),
            await DirectiveTextsToAsync(ClerkMobile, number)));

        // The sender may not answer their own directive, though they hold a reviewer's role there; the clerk of the window may not either.
        var answerUrl = $"/api/supervision/directives/{directiveId}/answer";
        await ProblemAssert.IsProblem(await PostJson(sender, answerUrl, new { answer = "已核查。" }), HttpStatusCode.Forbidden, "supervision.own_directive");
        await ProblemAssert.IsProblem(await PostJson(await App.LoginAsync("clerk"), answerUrl, new { answer = "已核查。" }), HttpStatusCode.Forbidden, "supervision.forbidden");
        var answered = await Json(await PostJson(await App.LoginAsync("reviewer"), answerUrl, new { answer = "已核查，系导入错误。" }));
        Assert.Equal("黄建明", answered.GetProperty("answeredBy").GetString());
    }

    [Fact]
    public async Task A_directive_is_announced_to_the_addressed_reviewer_and_not_to_the_clerk_who_received_the_case()
    {
        var (number, alertId) = await AlertedCaseAsync();
        // The center's clerk sees the alert (the case was received at their window); the directive is the department's.
        await using var clerk = await SupervisionFeed.OpenAsync(await App.LoginAsync("clerk"));
        await using var reviewer = await SupervisionFeed.OpenAsync(await App.LoginAsync("reviewer"));
        static JsonElement Item(JsonElement message, string number) =>
            message.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("alert").GetProperty("caseNumber").GetString() == number);
        Assert.False(Item((await clerk.NextAsync()).Data, number).GetProperty("toAnswer").GetBoolean());
        Assert.False(Item((await reviewer.NextAsync()).Data, number).GetProperty("toAnswer").GetBoolean());

        Assert.Equal(HttpStatusCode.Created, (await PostJson(await App.LoginAsync("supervisor"), $"/api/supervision/alerts/{alertId}/directives", new { text = "请今日内回复。", deadline = (DateTimeOffset?)null })).StatusCode);
        var (_, toReviewer) = await reviewer.NextAsync();
        var (_, toClerk) = await clerk.NextAsync();
        Assert.Equal(("directive", true), (Item(toReviewer, number).GetProperty("change").GetString(), Item(toReviewer, number).GetProperty("toAnswer").GetBoolean()));
        Assert.Equal(("directive", false), (Item(toClerk, number).GetProperty("change").GetString(), Item(toClerk, number).GetProperty("toAnswer").GetBoolean()));
        Assert.Equal(0, await DirectiveTextsToAsync(ClerkMobile, number));
    }

    [Fact]
    public async Task An_analyst_sees_figures_not_people()
    {
        var item = await ReviewerDepartmentItemAsync();
        var number = await SubmitAndAcceptAsync(await App.LoginAsync("clerk"), item.Code, item.Materials);
        var analyst = await App.LoginAsync("analyst");

        foreach (var url in new[] { "/api/cases", "/api/cases/counts", $"/api/cases/{number}", $"/api/cases/{number}/audit", $"/api/cases/{number}/acceptance-notice/pdf",
            "/api/supervision/alerts", "/api/supervision/alerts/live", $"/api/people/{TestData.ValidIdNumber}/materials" })
        {
            using var response = await analyst.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJson(analyst, $"/api/cases/{number}/review", new { decision = "pass" })).StatusCode);

        // Figures: the overview counts the case, the supervision summary counts alerts center-wide (the big screen's);
        // no export names its applicant or shows the ID number.
        Assert.Equal(JsonValueKind.Number, (await GetJson(analyst, "/api/supervision/summary")).GetProperty("red").ValueKind);
        var today = Infrastructure.Clock.ChinaTime.Today(App.Clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await GetJson(analyst, $"/api/stats/overview?from={today}&to={today}")).GetProperty("submitted").GetInt32() >= 1);
        foreach (var table in new[] { "overview", "departments", "windows/ranking", "kiosks", "trends", "satisfaction", "declines", "certificates" })
        {
            var response = await analyst.GetAsync($"/api/stats/{table}/export?format=csv&from={today}&to={today}", Ct);
            var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
            Assert.True(response.IsSuccessStatusCode, $"{table}: {(int)response.StatusCode} {csv}");
            Assert.DoesNotContain(ApplicantName, csv, StringComparison.Ordinal);
            Assert.DoesNotContain(TestData.ValidIdNumber, csv, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteSeparationOfDutiesTests(SqliteApp app) : SeparationOfDutiesTests<SqliteApp>(app);

public sealed class PostgresSeparationOfDutiesTests(PostgresApp app) : SeparationOfDutiesTests<PostgresApp>(app);
