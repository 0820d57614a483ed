using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>
/// GET /api/public/figures (issue 17: the kiosks' attract screen shows the seed's public boards): anonymous, counts only,
/// from the analytics counters, and kept per node for 60 s.
/// </summary>
public abstract class PublicFiguresTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private HttpClient Anonymous() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private async Task<(JsonElement Figures, string Body)> FiguresAsync()
    {
        var response = await Anonymous().GetAsync("/api/public/figures", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (JsonDocument.Parse(body).RootElement.Clone(), body);
    }

    private static int WindowCount(JsonElement figures, string windowName) =>
        figures.GetProperty("windowRanking").EnumerateArray().Where(w => w.GetProperty("name").GetString() == windowName).Select(w => w.GetProperty("count").GetInt32()).FirstOrDefault();

    /// <summary>Every string value of the answer, unescaped (the raw body may spell Chinese as \u escapes).</summary>
    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public async Task Anyone_sees_todays_counts_and_the_window_ranking_which_follow_a_kiosk_and_a_window_application_after_the_cache_time_and_name_no_person()
    {
        string itemCode = "", requirement = "", windowCode = "", windowName = "";
        await App.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.Include(i => i.Materials).Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons
                && i.Materials.Any()).ToListAsync(Ct);
            var chosen = items.First(i => i.Channels.HasFlag(Tongban.Modules.Catalog.Channels.Kiosk));
            (itemCode, requirement) = (chosen.Code, chosen.Materials.OrderBy(m => m.Code).First().Code);
            var point = (await db.StaffUsers.AsNoTracking().SingleAsync(s => s.Username == "clerk", Ct)).ServicePointCode!;
            var window = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == point).OrderBy(w => w.Code).FirstAsync(Ct);
            (windowCode, windowName) = (window.Code, window.Name);
        });
        var (before, _) = await FiguresAsync();
        Assert.Equal(DateOnly.FromDateTime(Tongban.Infrastructure.Clock.ChinaTime.ToChina(App.Clock.GetUtcNow()).DateTime).ToString("yyyy-MM-dd"), before.GetProperty("date").GetString());
        int Figure(JsonElement f, string name) => f.GetProperty(name).GetInt32();

        // A person applies at a kiosk, and three at a window.
        var token = await Kiosks.EnrolAsync(App, "K07", Ct);
        var kioskPerson = Citizens.NewIdNumber();
        var kiosk = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), kioskPerson, "郑公开", Ct));
        var scan = await Citizens.UploadAsync(kiosk, Citizens.Pdf(), "扫描件.pdf");
        var kioskMobile = Citizens.NewMobile();
        var filed = await PostJson(kiosk, "/api/cases", new { itemCode, channel = "kiosk", applicant = new { mobile = kioskMobile },
            materials = new[] { new { requirementCode = requirement, fileId = scan } } }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var caseNumbers = new List<string> { (await Json(filed)).GetProperty("caseNumber").GetString()! };
        var clerk = await App.LoginAsync("clerk");
        var windowPeople = Enumerable.Range(0, 3).Select(_ => (Id: Citizens.NewIdNumber(), Mobile: Citizens.NewMobile())).ToList();
        foreach (var (id, mobile) in windowPeople)
            caseNumbers.Add(await Scenario.SubmitAsync(clerk, Citizens.SecondItem, [], "黄窗口", id, mobile, windowCode: windowCode));

        // Within the minute the node answers what it read before: an anonymous caller cannot make it read the counters again.
        App.Clock.Advance(TimeSpan.FromSeconds(59));
        var (cached, _) = await FiguresAsync();
        Assert.Equal(Figure(before, "applicationsToday"), Figure(cached, "applicationsToday"));
        Assert.Equal(Figure(before, "kioskApplicationsToday"), Figure(cached, "kioskApplicationsToday"));
        var commands = App.Commands.Count;
        for (var i = 0; i < 20; i++) await FiguresAsync();
        // Uncached, twenty answers would take at least eighty SQL commands; cached, none (a background job may run meanwhile).
        Assert.True(App.Commands.Count - commands < 10, $"{App.Commands.Count - commands} SQL commands for twenty cached answers");

        // After it, the new applications count.
        App.Clock.Advance(TimeSpan.FromSeconds(2));
        var (after, body) = await FiguresAsync();
        Assert.Equal(Figure(before, "applicationsToday") + 4, Figure(after, "applicationsToday"));
        Assert.Equal(Figure(before, "kioskApplicationsToday") + 1, Figure(after, "kioskApplicationsToday"));
        Assert.Equal(Figure(before, "completedToday"), Figure(after, "completedToday"));
        Assert.Equal(WindowCount(before, windowName) + 3, WindowCount(after, windowName));
        Assert.InRange(after.GetProperty("windowRanking").GetArrayLength(), 1, 5);
        var satisfaction = after.GetProperty("satisfaction");
        Assert.True(satisfaction.GetProperty("ratings").GetInt32() >= 0);
        Assert.Contains(satisfaction.GetProperty("goodRate").ValueKind, new[] { JsonValueKind.Null, JsonValueKind.Number });

        // Counts and the names of windows only: no person, number or case.
        var text = body + string.Join("\n", Strings(after));
        foreach (var trace in new[] { "郑公开", "黄窗口", kioskPerson, kioskMobile }.Concat(windowPeople.SelectMany(p => new[] { p.Id, p.Mobile })).Concat(caseNumbers))
            Assert.DoesNotContain(trace, text);
    }
}

public sealed class SqlitePublicFiguresTests(SqliteApp app) : PublicFiguresTests<SqliteApp>(app);

public sealed class PostgresPublicFiguresTests(PostgresApp app) : PublicFiguresTests<PostgresApp>(app);
