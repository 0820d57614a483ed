using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// The statistics filters (period, department, item, channel, service point) on every endpoint, and the CSV/XLSX
/// exports of every table (issue 7, item 5). Each test works on a day of its own (the clock moves a day ahead first),
/// so its scripted cases are the only ones in the period and every number is computed by hand.
/// </summary>
public abstract class StatisticsFilterTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private sealed record Item(string Code, string Department, int Visits, string[] Requirements);

    /// <summary>A: window and online, for persons; B: window, for persons, another department.</summary>
    private async Task<(Item A, Item B)> ItemsAsync()
    {
        Item a = null!, b = null!;
        await App.WithDbAsync(async db =>
        {
            var published = db.ItemVersions.AsNoTracking().Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && (i.Channels & Channels.Window) != 0);
            var first = await published.Include(i => i.Materials).Where(i => (i.Channels & Channels.Online) != 0 && i.Materials.Count > 0).OrderBy(i => i.Id).FirstAsync(Ct);
            var second = await published.Where(i => i.DepartmentCode != first.DepartmentCode).OrderBy(i => i.Id).FirstAsync(Ct);
            a = new Item(first.Code, first.DepartmentCode, first.VisitsRequired, [.. first.Materials.OrderBy(m => m.SortOrder).Select(m => m.Code)]);
            b = new Item(second.Code, second.DepartmentCode, second.VisitsRequired, []);
        });
        return (a, b);
    }

    /// <summary>Moves the clock to 10:00 (China) of the next day: the test's own day.</summary>
    private string NextDay()
    {
        var china = App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var next = new DateTimeOffset(china.Date.AddDays(1).AddHours(10), TimeSpan.FromHours(8));
        App.Clock.Advance(next - china);
        var day = next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"from={day}&to={day}";
    }

    /// <summary>A case with nothing handed in, or (paper) every listed requirement.</summary>
    private static Task<string> FileAsync(HttpClient clerk, string item, string channel = "window", string? windowCode = null, string[]? requirements = null) =>
        SubmitAsync(clerk, item, requirements ?? [], "统计筛选", Citizens.NewIdNumber(), Citizens.NewMobile(), channel, windowCode);

    private static int N(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private async Task<(string Window, string Town, string TownClerk)> PlacesAsync()
    {
        (string, string, string) found = default;
        await App.WithDbAsync(async db =>
        {
            var window = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == "350505-C").OrderBy(w => w.Code).Select(w => w.Code).FirstAsync(Ct);
            var clerk = await db.StaffUsers.AsNoTracking().Where(u => u.Username.StartsWith("clerk-") && u.Username != "clerk-village").OrderBy(u => u.Username).FirstAsync(Ct);
            found = (window, clerk.ServicePointCode!, clerk.Username);
        });
        return found;
    }

    [Fact]
    public async Task Each_filter_narrows_every_table_to_the_hand_computed_numbers()
    {
        var (a, b) = await ItemsAsync();
        var (window, town, townClerkName) = await PlacesAsync();
        var period = NextDay();
        var clerk = await App.LoginAsync("clerk");
        var townClerk = await App.LoginAsync(townClerkName);
        var analyst = await App.LoginAsync("analyst");

        // 1: A at window W of the district center, accepted. 2: A online (received by the center). 3: B at the center. 4: A at a town center.
        var first = await FileAsync(clerk, a.Code, windowCode: window, requirements: a.Requirements);
        await Json(await PostJson(clerk, $"/api/cases/{first}/pre-review", new { result = "pass" }));
        await Json(await PostJson(clerk, $"/api/cases/{first}/accept", new { }));
        await FileAsync(clerk, a.Code, "online");
        await FileAsync(clerk, b.Code);
        await FileAsync(townClerk, a.Code);

        async Task<JsonElement> Overview(string filter) => await GetJson(analyst, $"/api/stats/overview?{period}{filter}");
        var all = await Overview("");
        Assert.Equal((4, 3, 1), (N(all, "submitted"), N(all, "window"), N(all, "online")));
        Assert.Equal(3, N(await Overview($"&department={a.Department}"), "submitted"));
        Assert.Equal(1, N(await Overview($"&department={b.Department}"), "submitted"));
        Assert.Equal(3, N(await Overview($"&item={a.Code}"), "submitted"));
        Assert.Equal(1, N(await Overview($"&item={b.Code}"), "submitted"));
        var online = await Overview("&channel=online");
        Assert.Equal((1, 1, 0), (N(online, "submitted"), N(online, "online"), N(online, "window")));
        Assert.Equal(3, N(await Overview("&channel=WINDOW"), "submitted")); // the JSON name, in any case
        Assert.Equal(0, N(await Overview("&channel=kiosk"), "submitted"));
        Assert.Equal(3, N(await Overview("&servicePoint=350505-C"), "submitted"));
        Assert.Equal(1, N(await Overview($"&servicePoint={town}"), "submitted"));
        Assert.Equal(1, N(await Overview($"&department={a.Department}&channel=window&servicePoint=350505-C"), "submitted"));
        Assert.Equal(0, N(await Overview($"&item={b.Code}&servicePoint={town}"), "submitted"));

        // Departments: the filter narrows the case volumes and, for an item, the catalog counts too.
        var byItem = await GetJson(analyst, $"/api/stats/departments?{period}&item={b.Code}");
        var rowB = byItem.EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == b.Department);
        var rowA = byItem.EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == a.Department);
        Assert.Equal((1, 1, 0), (N(rowB, "submitted"), N(rowB, "window"), N(rowA, "submitted")));
        Assert.Equal((b.Visits <= 1 ? 1 : 0, b.Visits <= 1 ? 1 : 0), (N(rowB, "oneVisitItems"), N(rowB, "oneVisitCases")));
        Assert.Equal((b.Visits == 0 ? 1 : 0, b.Visits == 0 ? 1 : 0), (N(rowB, "zeroVisitItems"), N(rowB, "zeroVisitCases")));
        Assert.Equal((0, 0), (N(rowA, "oneVisitItems"), N(rowA, "zeroVisitItems")));
        var onlyA = await GetJson(analyst, $"/api/stats/departments?{period}&department={a.Department}&channel=online");
        Assert.Equal((1, 1, 0), (onlyA.GetArrayLength(), N(onlyA[0], "online"), N(onlyA[0], "window")));

        // Window ranking: W handled one case; at the town center W is not listed; online cases are nobody's window.
        int Handled(JsonElement ranking) => N(ranking.EnumerateArray().Single(w => w.GetProperty("windowCode").GetString() == window), "handled");
        Assert.Equal(1, Handled(await GetJson(analyst, $"/api/stats/windows/ranking?{period}&servicePoint=350505-C")));
        Assert.Equal(1, N((await GetJson(analyst, $"/api/stats/windows/ranking?{period}&servicePoint=350505-C"))[0], "handled"));
        Assert.Equal(0, Handled(await GetJson(analyst, $"/api/stats/windows/ranking?{period}&channel=online")));
        Assert.Equal(0, Handled(await GetJson(analyst, $"/api/stats/windows/ranking?{period}&item={b.Code}")));
        var townWindows = await GetJson(analyst, $"/api/stats/windows/ranking?{period}&servicePoint={town}");
        Assert.All(townWindows.EnumerateArray(), w => Assert.Equal(town, w.GetProperty("servicePointCode").GetString()));

        // Kiosks: none took a case; at a service point only the kiosks placed there.
        var kiosks = await GetJson(analyst, $"/api/stats/kiosks?{period}&servicePoint=350505-C");
        Assert.All(kiosks.EnumerateArray(), k => Assert.Equal(("350505-C", 0), (k.GetProperty("servicePointCode").GetString(), N(k, "applications"))));

        // Trends follow every filter too.
        async Task<int> Trend(string filter) => (await GetJson(analyst, $"/api/stats/trends?metric=submitted&{period}{filter}")).GetProperty("points")[0].GetProperty("value").GetInt32();
        Assert.Equal(4, await Trend(""));
        Assert.Equal(1, await Trend("&channel=online"));
        Assert.Equal(2, await Trend($"&item={a.Code}&servicePoint=350505-C"));
        Assert.Equal(1, (await GetJson(analyst, $"/api/stats/trends?metric=accepted&{period}&department={a.Department}")).GetProperty("points")[0].GetProperty("value").GetInt32());

        // Department staff keep to their department whatever else they filter.
        var reviewer = await App.LoginAsync("reviewer");
        string own = "";
        await App.WithDbAsync(async db => own = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode!).FirstAsync(Ct));
        var expected = (a.Department == own ? 3 : 0) + (b.Department == own ? 1 : 0);
        Assert.Equal(expected, N(await GetJson(reviewer, $"/api/stats/overview?{period}"), "submitted"));
        Assert.Equal(own, (await GetJson(reviewer, $"/api/stats/overview?{period}&channel=window")).GetProperty("departmentCode").GetString());
    }

    [Fact]
    public async Task Unknown_filters_are_400_naming_the_field_and_another_department_is_403()
    {
        var analyst = await App.LoginAsync("analyst");
        foreach (var path in new[] { "overview", "departments", "windows/ranking", "kiosks", "trends" })
        {
            var problem = await ProblemAssert.IsValidation(await analyst.GetAsync($"/api/stats/{path}?channel=fax", Ct), "channel");
            Assert.Contains("渠道", problem.GetProperty("errors").GetProperty("channel")[0].GetString(), StringComparison.Ordinal);
        }
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/overview?item=NO-SUCH-ITEM&servicePoint=NOWHERE&department=NONE", Ct), "item", "servicePoint", "department");
        var reviewer = await App.LoginAsync("reviewer");
        await ProblemAssert.IsProblem(await reviewer.GetAsync("/api/stats/kiosks?department=NOT-MINE", Ct), HttpStatusCode.Forbidden, "stats.forbidden");
        var clerk = await App.LoginAsync("clerk"); // bound to a service point, not a department
        await ProblemAssert.IsProblem(await clerk.GetAsync("/api/stats/departments/export?format=csv", Ct), HttpStatusCode.Forbidden, "stats.forbidden");
    }

    /// <summary>A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF rows.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); i++; }
            else field.Append(c);
        }
        return rows;
    }

    /// <summary>Every row of the first sheet as strings (numbers in invariant culture), the header row first.</summary>
    private static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v switch { null => "", double d => d.ToString(CultureInfo.InvariantCulture), _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" }).ToArray())];
    }

    private static async Task<(byte[] Body, HttpResponseMessage Response)> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        return (body, response);
    }

    [Fact]
    public async Task Departments_export_as_csv_with_a_bom_and_as_xlsx_with_the_same_figures()
    {
        var (a, _) = await ItemsAsync();
        var (window, _, _) = await PlacesAsync();
        var period = NextDay();
        var day = period[5..15];
        var clerk = await App.LoginAsync("clerk");
        await FileAsync(clerk, a.Code, windowCode: window);
        await FileAsync(clerk, a.Code, "online");
        var analyst = await App.LoginAsync("analyst");
        var json = (await GetJson(analyst, $"/api/stats/departments?{period}&department={a.Department}"))[0];
        string[] headers = ["部门编码", "部门名称", "申办量", "受理量", "办结量", "按时办结", "超期办结", "网上申办(含掌上)", "自助终端申办", "窗口申办", "材料复用",
            "最多跑一次事项数", "最多跑一次办件量", "一趟不用跑事项数", "一趟不用跑办件量"];
        string[] expected = [a.Department, json.GetProperty("departmentName").GetString()!, "2", "0", "0", "0", "0", "1", "0", "1", "0",
            N(json, "oneVisitItems").ToString(CultureInfo.InvariantCulture), a.Visits <= 1 ? "2" : "0", N(json, "zeroVisitItems").ToString(CultureInfo.InvariantCulture), a.Visits == 0 ? "2" : "0"];

        var (csv, csvResponse) = await DownloadAsync(analyst, $"/api/stats/departments/export?format=csv&{period}&department={a.Department}");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]); // UTF-8 BOM: Excel reads the Chinese
        var disposition = csvResponse.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"部门统计_{day}_{day}.csv", Uri.UnescapeDataString(disposition.FileNameStar!));
        Assert.Equal($"stats-departments_{day}_{day}.csv", disposition.FileName!.Trim('"'));
        var rows = ParseCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
        Assert.Equal(2, rows.Count);
        Assert.Equal(headers, rows[0]);
        Assert.Equal(expected, rows[1]);

        var (xlsx, xlsxResponse) = await DownloadAsync(analyst, $"/api/stats/departments/export?format=xlsx&{period}&department={a.Department}");
        Assert.Equal(ExportMediaTypes.Xlsx, xlsxResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"部门统计_{day}_{day}.xlsx", Uri.UnescapeDataString(xlsxResponse.Content.Headers.ContentDisposition!.FileNameStar!));
        var sheet = ReadXlsx(xlsx);
        Assert.Equal(2, sheet.Count);
        Assert.Equal(headers, sheet[0]);
        Assert.Equal(expected, sheet[1]);

        // The export is audited as a read: who, which table, which filters.
        var entries = new List<string>();
        await App.WithDbAsync(async db => entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "stats.export" && e.ActorName == "王丽娟")
            .OrderBy(e => e.Id).Select(e => e.Summary).ToListAsync(Ct));
        Assert.Equal(2, entries.Count(s => s.Contains("部门统计", StringComparison.Ordinal) && s.Contains($"部门 {a.Department}", StringComparison.Ordinal) && s.Contains(day, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_table_exports_in_both_formats_with_chinese_headers_and_the_json_figures()
    {
        var (a, _) = await ItemsAsync();
        var (window, _, _) = await PlacesAsync();
        var period = NextDay();
        var clerk = await App.LoginAsync("clerk");
        await FileAsync(clerk, a.Code, windowCode: window);
        var analyst = await App.LoginAsync("analyst");
        var tables = new (string Path, string Filter, string Title, string FirstHeader, Func<string[], bool> Check)[]
        {
            ("overview", "&servicePoint=350505-C", "办件统计总览", "开始日期", row => row[2] == "1" && row[14] == "1"),
            ("windows/ranking", "&servicePoint=350505-C", "窗口排行", "排名", row => row[0] == "1" && row[1] == window && row[5] == "1"),
            ("kiosks", "", "自助终端统计", "终端编码", row => row[4] == "0"),
            ("trends", $"&item={a.Code}", "每日趋势", "日期", row => row[0] == period[5..15] && row[1] == "1"),
        };
        foreach (var (path, filter, title, firstHeader, check) in tables)
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var (body, response) = await DownloadAsync(analyst, $"/api/stats/{path}/export?format={format}&{period}{filter}");
                Assert.StartsWith(title + "_", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar!), StringComparison.Ordinal);
                var rows = format == "csv" ? ParseCsv(Encoding.UTF8.GetString(body, 3, body.Length - 3)) : ReadXlsx(body);
                Assert.Equal(firstHeader, rows[0][0]);
                Assert.True(rows.Count > 1 && check(rows[1]), $"{path} {format}: {string.Join(" | ", rows.Select(r => string.Join(",", r)))}");
            }
    }

    [Fact]
    public async Task Cells_that_look_like_formulas_are_defused_and_a_bad_format_is_400()
    {
        NextDay();
        await App.WithDbAsync(async db =>
        {
            var kiosk = await db.Kiosks.OrderBy(k => k.Code).FirstAsync(Ct);
            kiosk.Name = "=HYPERLINK(\"http://evil.example\",\"点我\")";
            kiosk.LocationName = "@SUM(1+1)";
            await db.SaveChangesAsync(Ct);
        });
        var analyst = await App.LoginAsync("analyst");
        var (csv, _) = await DownloadAsync(analyst, "/api/stats/kiosks/export?format=csv");
        var rows = ParseCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
        var evil = rows.Single(r => r[1].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(("'=HYPERLINK(\"http://evil.example\",\"点我\")", "'@SUM(1+1)"), (evil[1], evil[2]));
        var (xlsx, _) = await DownloadAsync(analyst, "/api/stats/kiosks/export?format=xlsx");
        var cells = ReadXlsx(xlsx).Single(r => r[1].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(("'=HYPERLINK(\"http://evil.example\",\"点我\")", "'@SUM(1+1)"), (cells[1], cells[2]));

        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/kiosks/export?format=pdf", Ct), "format");
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/overview/export", Ct), "format");
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/trends/export?format=csv&channel=fax", Ct), "channel");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/stats/kiosks/export?format=csv", Ct)).StatusCode);
    }

    [Fact]
    public async Task Department_staff_export_their_own_department_only()
    {
        var period = NextDay();
        var reviewer = await App.LoginAsync("reviewer");
        string own = "", other = "";
        await App.WithDbAsync(async db =>
        {
            own = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode!).FirstAsync(Ct);
            other = await db.Departments.Where(d => d.Code != own).OrderBy(d => d.Code).Select(d => d.Code).FirstAsync(Ct);
        });
        foreach (var path in new[] { "overview", "departments", "windows/ranking", "kiosks", "trends" })
            await ProblemAssert.IsProblem(await reviewer.GetAsync($"/api/stats/{path}/export?format=xlsx&{period}&department={other}", Ct), HttpStatusCode.Forbidden, "stats.forbidden");
        var (csv, _) = await DownloadAsync(reviewer, $"/api/stats/departments/export?format=csv&{period}");
        var rows = ParseCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
        Assert.Equal(2, rows.Count);
        Assert.Equal(own, rows[1][0]);
    }
}

internal static class ExportMediaTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

public sealed class SqliteStatisticsFilterTests(SqliteApp app) : StatisticsFilterTests<SqliteApp>(app);

public sealed class PostgresStatisticsFilterTests(PostgresApp app) : StatisticsFilterTests<PostgresApp>(app);
