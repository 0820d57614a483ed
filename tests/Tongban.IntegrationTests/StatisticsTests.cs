using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Analytics;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>Daily counters kept in the case transactions, the statistics API over them, and `stats rebuild` (issue 7, items 1–2).</summary>
public abstract class StatisticsTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<(string Code, string Department, string[] Requirements)> ItemAsync(CaseKind kind)
    {
        (string, string, string[]) found = default;
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == kind && (i.Channels & Channels.Window) != 0 && i.Materials.Count > 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = (item.Code, item.DepartmentCode, [.. item.Materials.OrderBy(m => m.SortOrder).Select(m => m.Code)]);
        });
        return found;
    }

    /// <summary>A window case with every material handed in on paper.</summary>
    private static Task<string> FileAsync(HttpClient clerk, string item, string[] requirements, string? windowCode = null, (string Id, string Mobile)? applicant = null) =>
        SubmitAsync(clerk, item, requirements, "统计测试", applicant?.Id ?? Citizens.NewIdNumber(), applicant?.Mobile ?? Citizens.NewMobile(), windowCode: windowCode);

    private static int N(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    [Fact]
    public async Task Scripted_cases_give_the_hand_computed_numbers_at_once_and_a_rebuild_agrees()
    {
        var clerk = await App.LoginAsync("clerk");
        var analyst = await App.LoginAsync("analyst");
        var (promised, department, requirements) = await ItemAsync(CaseKind.Promised);
        var (immediate, _, immediateRequirements) = await ItemAsync(CaseKind.Immediate);
        var today = $"from={DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime):yyyy-MM-dd}&to={DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime):yyyy-MM-dd}";
        var before = await GetJson(analyst, "/api/stats/overview?" + today);

        // A: a correction notice. B: accepted. C: an immediate case completed on the spot (accepted and completed, on time).
        var a = await FileAsync(clerk, promised, requirements);
        await Json(await PostJson(clerk, $"/api/cases/{a}/pre-review", new { result = "correct", corrections = new[] { new { requirementCode = requirements[0], reason = "复印件不清晰" } } }));
        var b = await FileAsync(clerk, promised, requirements);
        var submittedOnly = await GetJson(analyst, "/api/stats/overview?" + today);
        Assert.Equal(N(before, "submitted") + 2, N(submittedOnly, "submitted")); // a new case shows at once
        await Json(await PostJson(clerk, $"/api/cases/{b}/pre-review", new { result = "pass" }));
        await Json(await PostJson(clerk, $"/api/cases/{b}/accept", new { }));
        string window = "";
        await App.WithDbAsync(async db => window = await db.Windows.Where(w => w.ServicePointCode == "350505-C").OrderBy(w => w.Code).Select(w => w.Code).FirstAsync(Ct));
        int Handled(JsonElement ranking) => ranking.EnumerateArray().Single(w => w.GetProperty("windowCode").GetString() == window).GetProperty("handled").GetInt32();
        var rankingBefore = await GetJson(analyst, "/api/stats/windows/ranking?" + today);
        var person = (Id: Citizens.NewIdNumber(), Mobile: Citizens.NewMobile());
        var c = await FileAsync(clerk, immediate, immediateRequirements, window, person);
        await Json(await PostJson(clerk, $"/api/cases/{c}/complete", new { delivery = new { method = "pickup" } }));
        // The applicant rates C 差评 (好差评): counted at once, and the rebuild below must agree.
        var citizen = await Citizens.LoggedInAsync(App, person.Mobile, person.Id);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await PostJson(citizen, $"/api/me/cases/{c}/evaluation", new { level = 2, reasons = new[] { "longWait" } })).StatusCode);
        var satisfaction = await GetJson(analyst, "/api/stats/satisfaction?" + today);
        Assert.Equal(1, satisfaction.GetProperty("levels")[3].GetProperty("count").GetInt32());

        var after = await GetJson(analyst, "/api/stats/overview?" + today);
        Assert.Equal(3, N(after, "submitted") - N(before, "submitted"));
        Assert.Equal(3, N(after, "window") - N(before, "window"));
        Assert.Equal(1, N(after, "corrections") - N(before, "corrections"));
        Assert.Equal(2, N(after, "accepted") - N(before, "accepted"));
        Assert.Equal(1, N(after, "completed") - N(before, "completed"));
        Assert.Equal(1, N(after, "onTime") - N(before, "onTime"));
        Assert.Equal(0, N(after, "overdue") - N(before, "overdue"));

        var ranking = await GetJson(analyst, "/api/stats/windows/ranking?" + today);
        Assert.Equal(Handled(rankingBefore) + 1, Handled(ranking));
        Assert.Equal(1, ranking[0].GetProperty("rank").GetInt32());
        Assert.True(ranking[0].GetProperty("handled").GetInt32() >= Handled(ranking));
        Assert.Equal(13, (await GetJson(analyst, "/api/stats/kiosks?" + today)).GetArrayLength());

        // Per department figures add up to the overview.
        var departments = await GetJson(analyst, "/api/stats/departments?" + today);
        Assert.Equal(N(after, "submitted"), departments.EnumerateArray().Sum(d => N(d, "submitted")));
        Assert.Equal(N(after, "completed"), departments.EnumerateArray().Sum(d => N(d, "completed")));
        var mine = departments.EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == department);
        Assert.True(N(mine, "oneVisitItems") >= N(mine, "zeroVisitItems"));
        var trend = await GetJson(analyst, "/api/stats/trends?metric=submitted&" + today);
        Assert.Equal(N(after, "submitted"), trend.GetProperty("points")[0].GetProperty("value").GetInt32());

        // Rebuild from the cases gives exactly the incremental table.
        List<string> incremental = [], rebuilt = [];
        await App.WithDbAsync(async db => incremental = await StatRows.ReadAsync(db));
        await App.WithDbAsync(async db => await CaseStatistics.RebuildAsync(db, Ct));
        await App.WithDbAsync(async db => rebuilt = await StatRows.ReadAsync(db));
        Assert.NotEmpty(incremental);
        Assert.Contains(incremental, r => r.EndsWith("|0|0|0|1|0", StringComparison.Ordinal)); // C's 不满意
        Assert.Equal(incremental, rebuilt);
    }

    [Fact]
    public async Task A_department_member_sees_only_their_department_and_bad_periods_are_named()
    {
        var reviewer = await App.LoginAsync("reviewer");
        var own = await GetJson(reviewer, "/api/stats/departments");
        Assert.Single(own.EnumerateArray());
        await ProblemAssert.IsProblem(await reviewer.GetAsync("/api/stats/overview?department=NOT-MINE", Ct), System.Net.HttpStatusCode.Forbidden, "stats.forbidden");
        var analyst = await App.LoginAsync("analyst");
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/overview?from=2026-03-10&to=2026-03-01", Ct), "to");
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/trends?metric=profit", Ct), "metric");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/stats/overview", Ct)).StatusCode);
    }
}

public sealed class SqliteStatisticsTests(SqliteApp app) : StatisticsTests<SqliteApp>(app);

public sealed class PostgresStatisticsTests(PostgresApp app) : StatisticsTests<PostgresApp>(app);


/// <summary>The big screen's live feed: server-sent events carrying today's overview.</summary>
public sealed class StatsLiveTests(SqliteApp app) : ApiTestBase<SqliteApp>(app)
{
    [Fact]
    public async Task The_live_feed_sends_todays_overview_as_an_event_stream()
    {
        var analyst = await App.LoginAsync("analyst");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/live");
        using var response = await analyst.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("event: overview", await reader.ReadLineAsync(Ct));
        var data = await reader.ReadLineAsync(Ct);
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        var overview = JsonDocument.Parse(data!["data: ".Length..]).RootElement;
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today, overview.GetProperty("from").GetString());
        Assert.True(overview.TryGetProperty("submitted", out _));
        var clerk = await App.LoginAsync("clerk");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/stats/live", Ct)).StatusCode);
    }
}
