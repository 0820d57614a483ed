using Tongban.Infrastructure.Security;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;
using Tongban.Modules.Supervision;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// GET /api/supervision/alerts/live: the stream is read as a browser would. A reviewer's feed gets a snapshot, then the
/// alert the watcher raises in their department and the 督办 a supervisor sends on it, as they happen; a reviewer of
/// another department gets only their own department's alert; the supervisor's snapshot has both.
/// </summary>
public abstract class SupervisionLiveTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string OtherReviewer = "reviewer-other";

    private static DateTimeOffset Beijing(int month, int day, int hour, int minute) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    private Task<WatcherTick> TickAsync() => App.Services.GetRequiredService<SupervisionWatcher>().TickAsync(false, Ct);

    /// <summary>Records acceptance for another service point (as an import can): SV10 on the next tick.</summary>
    private Task AcceptedElsewhereAsync(string caseNumber) => App.WithDbAsync(async db =>
    {
        var id = await db.Cases.Where(c => c.Number == caseNumber).Select(c => c.Id).FirstAsync(Ct);
        await db.CaseSteps.Where(s => s.CaseId == id && s.Name == "受理").ExecuteUpdateAsync(u => u.SetProperty(s => s.OrganizationCode, "350505999999"), Ct);
        await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, App.Clock.GetUtcNow()), Ct);
    });

    private static string CaseOf(JsonElement message, int i = 0) => message.GetProperty("items")[i].GetProperty("alert").GetProperty("caseNumber").GetString()!;

    [Fact]
    public async Task A_handler_sees_alerts_and_directives_of_their_department_arrive_live_and_nothing_of_another()
    {
        App.Clock.SetUtcNow(Beijing(11, 2, 9, 0)); // Monday 2 November 2026, office hours
        // Two items of two departments (the demo reviewer's and another), and a reviewer for the other one.
        (string Code, string[] Materials) mine = ("", []), theirs = ("", []);
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var items = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised)
                .OrderBy(i => i.Id).Take(400).ToListAsync(Ct);
            var a = items.First(i => i.DepartmentCode == department);
            var b = items.First(i => i.DepartmentCode != department);
            mine = (a.Code, [.. a.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
            theirs = (b.Code, [.. b.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
            if (!await db.StaffUsers.AnyAsync(u => u.Username == OtherReviewer, Ct))
            {
                var user = new StaffUser { Username = OtherReviewer, Name = "林志强", Roles = [StaffRoles.Reviewer], DepartmentCode = b.DepartmentCode };
                user.PasswordHash = StaffLogin.HashPassword(user, "Demo#2026");
                db.StaffUsers.Add(user);
                await db.SaveChangesAsync(Ct);
            }
        });
        var clerk = await App.LoginAsync("clerk");
        var a1 = await SubmitAndAcceptAsync(clerk, mine.Code, mine.Materials);
        var b1 = await SubmitAndAcceptAsync(clerk, theirs.Code, theirs.Materials);
        Assert.Equal(0, (await TickAsync()).Raised);

        await using var reviewer = await SupervisionFeed.OpenAsync(await App.LoginAsync("reviewer"));
        await using var other = await SupervisionFeed.OpenAsync(await App.LoginAsync(OtherReviewer));
        var (type, snapshot) = await reviewer.NextAsync();
        Assert.Equal(("snapshot", 0, 0), (type, snapshot.GetProperty("open").GetInt32(), snapshot.GetProperty("items").GetArrayLength()));
        Assert.Equal("snapshot", (await other.NextAsync()).Type);

        // The watcher raises an alert on the reviewer's department's case: it arrives on the reviewer's feed.
        await AcceptedElsewhereAsync(a1);
        Assert.Equal(1, (await TickAsync()).Raised);
        var (t1, raised) = await reviewer.NextAsync();
        Assert.Equal(("changes", a1, "raised", "SV10", 1), (t1, CaseOf(raised), raised.GetProperty("items")[0].GetProperty("change").GetString(),
            raised.GetProperty("items")[0].GetProperty("alert").GetProperty("ruleCode").GetString(), raised.GetProperty("open").GetInt32()));

        // Then one on the other department's case: the other reviewer's first change is that one (a1 never reached them).
        await AcceptedElsewhereAsync(b1);
        Assert.Equal(1, (await TickAsync()).Raised);
        var (t2, theirsRaised) = await other.NextAsync();
        Assert.Equal(("changes", b1, 1, 1), (t2, CaseOf(theirsRaised), theirsRaised.GetProperty("items").GetArrayLength(), theirsRaised.GetProperty("open").GetInt32()));

        // The supervisor sends a 督办 on a1's alert: the reviewer sees it arrive (and nothing of b1 before it).
        var supervisor = await App.LoginAsync("supervisor");
        await using (var board = await SupervisionFeed.OpenAsync(supervisor))
        {
            var (_, all) = await board.NextAsync();
            Assert.Equal(2, all.GetProperty("open").GetInt32());
            Assert.Equal([a1, b1], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert").GetProperty("caseNumber").GetString()).Order());
        }
        var alertId = raised.GetProperty("items")[0].GetProperty("alert").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await PostJson(supervisor, $"/api/supervision/alerts/{alertId}/directives", new { text = "请核查受理记录并回复。", deadline = (DateTimeOffset?)null })).StatusCode);
        var (t3, directive) = await reviewer.NextAsync();
        var item = directive.GetProperty("items")[0];
        Assert.Equal(("changes", a1, "directive", "请核查受理记录并回复。", 1), (t3, CaseOf(directive), item.GetProperty("change").GetString(),
            item.GetProperty("directives")[0].GetProperty("text").GetString(), directive.GetProperty("openDirectives").GetInt32()));

        // The reviewer answers (through the API): the feed reports it resolved.
        var directiveId = item.GetProperty("directives")[0].GetProperty("id").GetInt64();
        await Json(await PostJson(await App.LoginAsync("reviewer"), $"/api/supervision/directives/{directiveId}/answer", new { answer = "已核查，系导入错误。" }));
        var (_, answered) = await reviewer.NextAsync();
        var answeredItem = answered.GetProperty("items")[0];
        Assert.Equal(("answered", 0, 0), (answeredItem.GetProperty("change").GetString(), answered.GetProperty("open").GetInt32(), answered.GetProperty("openDirectives").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, answeredItem.GetProperty("alert").GetProperty("resolvedAt").ValueKind);

        // The list agrees on scope: the other reviewer sees only their department's alert.
        var list = await GetJson(await App.LoginAsync(OtherReviewer), "/api/supervision/alerts?status=all");
        Assert.Equal([b1], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseNumber").GetString()));
    }
}

public sealed class SqliteSupervisionLiveTests(SqliteApp app) : SupervisionLiveTests<SqliteApp>(app);

public sealed class PostgresSupervisionLiveTests(PostgresApp app) : SupervisionLiveTests<PostgresApp>(app);
