using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Tongban.Modules.Analytics;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 电子证照生成情况及存量转化情况统计、电子证照调用情况统计 (issue 7): the statistics seam the e-certificate module will feed.
/// Each test works on a day of its own (the clock moves a day ahead first), so its scripted cases are the only ones in the
/// period and every number is computed by hand.
/// </summary>
public abstract class CertificateStatisticsTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private sealed record Item(string Code, string Department, string[] Materials);

    /// <summary>A 行政许可 item of the reviewer's department that issues an e-certificate (the demo licensing items carry one).</summary>
    private async Task<Item> CertificateItemAsync()
    {
        Item found = null!;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.CertificateTypeCode != null
                    && i.ForPersons && (i.Channels & Channels.Window) != 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = new Item(item.Code, item.DepartmentCode, [.. item.Materials.OrderBy(m => m.SortOrder).Select(m => m.Code)]);
        });
        return found;
    }

    /// <summary>A 即办件 (completed on the spot, approved) whose result is no e-certificate.</summary>
    private async Task<Item> PlainImmediateItemAsync()
    {
        Item found = null!;
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.CaseKind == CaseKind.Immediate && i.CertificateTypeCode == null && i.ForPersons && (i.Channels & Channels.Window) != 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = new Item(item.Code, item.DepartmentCode, [.. item.Materials.OrderBy(m => m.SortOrder).Select(m => m.Code)]);
        });
        return found;
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

    private static Task<string> FileAsync(HttpClient clerk, Item item) =>
        SubmitAsync(clerk, item.Code, item.Materials, "证照统计", Citizens.NewIdNumber(), Citizens.NewMobile());

    /// <summary>受理, 审核 (and 审批 when the item has it) with the given decision, then 办结 for pickup.</summary>
    private static async Task<JsonElement> DecideAndCompleteAsync(HttpClient clerk, HttpClient reviewer, HttpClient approver, string number, string decision)
    {
        await Act(clerk, number, "accept", new { });
        var c = await Act(reviewer, number, "review", new { decision, opinion = decision == "approve" ? "同意" : "不符合法定条件" });
        while (c.GetProperty("status").GetString() == "inReview")
            c = await Act(approver, number, "review", new { decision, opinion = "准予许可" });
        return await Act(reviewer, number, "complete", new { delivery = new { method = "pickup" } });
    }

    private static int N(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static JsonElement Row(JsonElement stats, string department) =>
        stats.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == department);

    [Fact]
    public async Task Only_an_approved_completion_of_an_item_with_a_certificate_type_counts_as_issued()
    {
        var item = await CertificateItemAsync();
        var plain = await PlainImmediateItemAsync();
        var period = NextDay();
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var analyst = await App.LoginAsync("analyst");
        async Task<JsonElement> Stats(string filter = "") => await GetJson(analyst, $"/api/stats/certificates?{period}{filter}");

        // Approved and completed: one e-certificate generated, at once.
        var approved = await FileAsync(clerk, item);
        var done = await DecideAndCompleteAsync(clerk, reviewer, approver, approved, "approve");
        Assert.Equal("approve", done.GetProperty("result").GetProperty("decision").GetString());
        var afterOne = await Stats();
        Assert.Equal((1, 0, 0), (N(afterOne.GetProperty("totals"), "issued"), N(afterOne.GetProperty("totals"), "converted"), N(afterOne.GetProperty("totals"), "used")));
        Assert.True(afterOne.GetProperty("libraryConnected").GetBoolean());

        // Rejected (不予许可): completed, no certificate. An approved 即办件 of an item without a certificate type: none either.
        var rejected = await FileAsync(clerk, item);
        Assert.Equal("reject", (await DecideAndCompleteAsync(clerk, reviewer, approver, rejected, "reject")).GetProperty("result").GetProperty("decision").GetString());
        var immediate = await FileAsync(clerk, plain);
        Assert.Equal("approve", (await Act(clerk, immediate, "complete", new { delivery = new { method = "pickup" } })).GetProperty("result").GetProperty("decision").GetString());
        // Handing the licence over (送达) does not count it again.
        await Act(clerk, approved, "deliver", new { pickupCode = done.GetProperty("result").GetProperty("pickupCode").GetString() });

        var stats = await Stats();
        var totals = stats.GetProperty("totals");
        Assert.Equal((1, 0, 0), (N(totals, "issued"), N(totals, "converted"), N(totals, "used")));
        var overview = await GetJson(analyst, $"/api/stats/overview?{period}");
        Assert.Equal((3, 1, 0), (N(overview, "completed"), N(overview, "certificatesIssued"), N(overview, "certificatesUsed")));

        // Per department rows add up to the totals; the issuing department has it; the catalog count is the published items with a type.
        var rows = stats.GetProperty("departments").EnumerateArray().ToList();
        Assert.Equal(N(totals, "issued"), rows.Sum(d => N(d, "issued")));
        Assert.Equal(N(totals, "converted"), rows.Sum(d => N(d, "converted")));
        Assert.Equal(N(totals, "used"), rows.Sum(d => N(d, "used")));
        Assert.Equal(1, N(Row(stats, item.Department), "issued"));
        var (certificateItems, departmentCount) = (0, 0);
        await App.WithDbAsync(async db =>
        {
            certificateItems = await db.ItemVersions.CountAsync(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == item.Department && i.CertificateTypeCode != null, Ct);
            departmentCount = await db.Departments.CountAsync(Ct);
        });
        Assert.Equal(departmentCount, rows.Count);
        Assert.True(certificateItems > 0);
        Assert.Equal(certificateItems, N(Row(stats, item.Department), "certificateItems"));

        // Filters: item, channel and service point narrow issued/used; conversions have none of those (null, not 0).
        Assert.Equal(1, N((await Stats($"&item={item.Code}")).GetProperty("totals"), "issued"));
        var byPlainItem = await Stats($"&item={plain.Code}");
        Assert.Equal(0, N(byPlainItem.GetProperty("totals"), "issued"));
        Assert.Equal(0, N(Row(byPlainItem, item.Department), "certificateItems"));
        Assert.Equal(1, N((await Stats("&channel=window")).GetProperty("totals"), "issued"));
        var online = await Stats("&channel=online");
        Assert.Equal(0, N(online.GetProperty("totals"), "issued"));
        Assert.Equal(JsonValueKind.Null, online.GetProperty("totals").GetProperty("converted").ValueKind);
        Assert.Equal(JsonValueKind.Null, Row(online, item.Department).GetProperty("converted").ValueKind);
        Assert.Equal(1, N((await Stats("&servicePoint=350505-C")).GetProperty("totals"), "issued"));
        var mine = await Stats($"&department={item.Department}");
        Assert.Equal((1, 1), (mine.GetProperty("departments").GetArrayLength(), N(mine.GetProperty("totals"), "issued")));
        Assert.Equal(0, N((await GetJson(analyst, "/api/stats/certificates?from=2026-01-01&to=2026-01-31")).GetProperty("totals"), "issued"));
    }

    [Fact]
    public async Task A_certificate_material_counts_as_used_through_the_save_and_a_rebuild_agrees()
    {
        var item = await CertificateItemAsync();
        var period = NextDay();
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var analyst = await App.LoginAsync("analyst");

        // A certificateId that names no certificate in the library is refused (CertificateTests covers real ones) …
        var refused = await PostJson(clerk, "/api/cases", new
        {
            itemCode = item.Code, channel = "window", materials = new[] { new { requirementCode = item.Materials[0], certificateId = "demo-licence:350505:000001" } },
            applicant = new { kind = "person", name = "证照统计", idNumber = Citizens.NewIdNumber(), mobile = Citizens.NewMobile() },
        }, Guid.NewGuid().ToString());
        await ProblemAssert.IsValidation(refused, "materials[0].certificateId");

        // … so here the material is written the way that module writes it: on the case, in a save of the case.
        var number = await FileAsync(clerk, item);
        await DecideAndCompleteAsync(clerk, reviewer, approver, number, "approve");
        await App.WithDbAsync(async db =>
        {
            var c = await db.Cases.Include(x => x.Materials).Include(x => x.CorrectionNotices).SingleAsync(x => x.Number == number, Ct);
            c.Materials.Add(new CaseMaterial { RequirementCode = item.Materials[0], Name = "电子证照", CertificateId = "demo-licence:350505:000001", SubmittedAt = App.Clock.GetUtcNow() });
            // And one reused from the applicant's library, so that the rebuild below also reads that column back.
            c.Materials.Add(new CaseMaterial { RequirementCode = item.Materials[0], Name = "材料库", FromLibrary = true, SubmittedAt = App.Clock.GetUtcNow() });
            // The contribution built directly from the case: one issued (approved, completed, typed item), one used, one reused.
            var contributions = CaseStatistics.Contributions(CaseStatistics.Of(c)).Select(x => x.Metric).ToList();
            Assert.Equal(1, contributions.Count(m => m == StatMetric.CertificatesIssued));
            Assert.Equal(1, contributions.Count(m => m == StatMetric.CertificatesUsed));
            Assert.Equal(1, contributions.Count(m => m == StatMetric.MaterialsReused));
            await db.SaveChangesAsync(Ct);
        });

        var stats = await GetJson(analyst, $"/api/stats/certificates?{period}");
        Assert.Equal((1, 1), (N(stats.GetProperty("totals"), "issued"), N(stats.GetProperty("totals"), "used")));
        Assert.Equal(1, N(Row(stats, item.Department), "used"));
        Assert.Equal(1, N(await GetJson(analyst, $"/api/stats/overview?{period}&item={item.Code}"), "certificatesUsed"));
        Assert.Equal(0, N((await GetJson(analyst, $"/api/stats/certificates?{period}&channel=kiosk")).GetProperty("totals"), "used"));

        // Rebuild from the cases gives exactly the incremental counters, the certificate columns included.
        List<string> incremental = [], rebuilt = [];
        await App.WithDbAsync(async db => incremental = await StatRows.ReadAsync(db));
        await App.WithDbAsync(async db => await CaseStatistics.RebuildAsync(db, Ct));
        await App.WithDbAsync(async db => rebuilt = await StatRows.ReadAsync(db));
        var day = period[5..15];
        Assert.Contains(incremental, r => r.StartsWith(day, StringComparison.Ordinal) && r.Contains($"|{item.Code}|", StringComparison.Ordinal) && r.EndsWith("|1|1|0|0|0|0|0", StringComparison.Ordinal));
        Assert.Contains(incremental, r => r.StartsWith($"D:{day}|{item.Department}|", StringComparison.Ordinal) && r.EndsWith("|1|1|0|0|0|0|0", StringComparison.Ordinal));
        Assert.Equal(incremental, rebuilt);
    }

    [Fact]
    public async Task Conversions_add_up_atomically_roll_back_with_their_transaction_and_follow_period_and_department()
    {
        var period = NextDay();
        var now = App.Clock.GetUtcNow();
        string first = "", second = "";
        await App.WithDbAsync(async db =>
        {
            var codes = await db.Departments.OrderBy(d => d.Code).Select(d => d.Code).Take(2).ToListAsync(Ct);
            (first, second) = (codes[0], codes[1]);
            await RecordCertificateConversion.RecordAsync(db, first, "demo-licence", now, 2, Ct);
            await RecordCertificateConversion.RecordAsync(db, first, "demo-licence", now.AddHours(3), 1, Ct); // same China day: the same row
            await RecordCertificateConversion.RecordAsync(db, first, "business-licence", now, 4, Ct);
            await RecordCertificateConversion.RecordAsync(db, second, "demo-licence", now, 5, Ct);
            // 23:30 the evening before, China time (15:30 UTC): the day before (not a later day: another test may own it).
            var eveningBefore = new DateTimeOffset(now.ToOffset(TimeSpan.FromHours(8)).Date.AddMinutes(-30), TimeSpan.FromHours(8));
            await RecordCertificateConversion.RecordAsync(db, second, "demo-licence", eveningBefore, 7, Ct);
            // The caller's transaction decides: rolled back, not counted.
            await using (var tx = await db.Database.BeginTransactionAsync(Ct))
            {
                await RecordCertificateConversion.RecordAsync(db, first, "demo-licence", now, 100, Ct);
                await tx.RollbackAsync(Ct);
            }
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RecordCertificateConversion.RecordAsync(db, first, "demo-licence", now, 0, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => RecordCertificateConversion.RecordAsync(db, "NO-SUCH-DEPT", "demo-licence", now, 1, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => RecordCertificateConversion.RecordAsync(db, first, " ", now, 1, Ct));
            var rows = await db.CertificateConversions.AsNoTracking().Where(c => c.DepartmentCode == first).OrderBy(c => c.CertificateTypeCode).ToListAsync(Ct);
            Assert.Equal(new[] { ("business-licence", 4), ("demo-licence", 3) }, rows.Select(r => (r.CertificateTypeCode, r.Converted)));
        });

        var analyst = await App.LoginAsync("analyst");
        var stats = await GetJson(analyst, $"/api/stats/certificates?{period}");
        Assert.Equal(12, N(stats.GetProperty("totals"), "converted"));
        Assert.Equal((7, 5), (N(Row(stats, first), "converted"), N(Row(stats, second), "converted")));
        Assert.Equal(12, stats.GetProperty("departments").EnumerateArray().Sum(d => N(d, "converted")));
        var day = period[5..15];
        var dayBefore = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(19, N((await GetJson(analyst, $"/api/stats/certificates?from={dayBefore}&to={day}")).GetProperty("totals"), "converted"));
        Assert.Equal(5, N((await GetJson(analyst, $"/api/stats/certificates?{period}&department={second}")).GetProperty("totals"), "converted"));
        Assert.Equal(JsonValueKind.Null, (await GetJson(analyst, $"/api/stats/certificates?{period}&servicePoint=350505-C")).GetProperty("totals").GetProperty("converted").ValueKind);

        // Department staff see their own department only, like every statistic; bad filters are named.
        var reviewer = await App.LoginAsync("reviewer");
        await ProblemAssert.IsProblem(await reviewer.GetAsync($"/api/stats/certificates?department=NOT-MINE", Ct), HttpStatusCode.Forbidden, "stats.forbidden");
        Assert.Single((await GetJson(reviewer, $"/api/stats/certificates?{period}")).GetProperty("departments").EnumerateArray());
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/certificates?channel=fax", Ct), "channel");
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsProblem(await clerk.GetAsync("/api/stats/certificates", Ct), HttpStatusCode.Forbidden, "stats.forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/stats/certificates", Ct)).StatusCode);

        // The export: one row per department and 合计, in CSV and XLSX alike.
        string[] headers = ["部门编码", "部门名称", "电子证照生成", "存量转化", "电子证照调用", "发证事项数"];
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var response = await analyst.GetAsync($"/api/stats/certificates/export?format={format}&{period}", Ct);
            var body = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"电子证照统计_{day}_{day}.{format}", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar!));
            var table = format == "csv" ? ParseCsv(Encoding.UTF8.GetString(body, 3, body.Length - 3)) : ReadXlsx(body);
            Assert.Equal(headers, table[0]);
            var json = Row(stats, first);
            Assert.Equal(new[] { first, json.GetProperty("departmentName").GetString()!, "0", "7", "0", N(json, "certificateItems").ToString(CultureInfo.InvariantCulture) },
                table.Single(r => r[0] == first));
            var total = table[^1];
            Assert.Equal(("合计", "0", "12", "0"), (total[0], total[2], total[3], total[4]));
            Assert.Equal(stats.GetProperty("departments").GetArrayLength() + 2, table.Count);
        }
        var filtered = await analyst.GetAsync($"/api/stats/certificates/export?format=csv&{period}&channel=window", Ct);
        var filteredRows = ParseCsv(Encoding.UTF8.GetString((await filtered.Content.ReadAsByteArrayAsync(Ct))[3..]));
        Assert.Equal("", filteredRows[^1][3]); // not counted under a channel filter: empty, not 0
    }

    /// <summary>A minimal RFC 4180 reader (the exports quote only when they must).</summary>
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

    private static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v switch { null => "", double d => d.ToString(CultureInfo.InvariantCulture), _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" }).ToArray())];
    }
}

public sealed class SqliteCertificateStatisticsTests(SqliteApp app) : CertificateStatisticsTests<SqliteApp>(app);

public sealed class PostgresCertificateStatisticsTests(PostgresApp app) : CertificateStatisticsTests<PostgresApp>(app);
