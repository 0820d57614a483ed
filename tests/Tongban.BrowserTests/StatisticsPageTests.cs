using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;

namespace Tongban.BrowserTests;

/// <summary>
/// 统计分析 in the workbench with the demo history: the analyst picks 近30天 and a department, sees that department's
/// row, and downloads the table as XLSX, whose headers and figures are read back; the filters live in the URL.
/// On a 375 px phone in 长辈模式 the page does not scroll sideways.
/// </summary>
public sealed class StatisticsPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    private static async Task LogInAsync(IPage page, string username, string then)
    {
        await page.GotoAsync(then);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stats-page")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_analyst_filters_by_a_department_and_downloads_its_table_as_xlsx()
    {
        // The department with the most applications in the last 30 days of the demo history, and its figure.
        var today = ChinaTime.Today(TimeProvider.System);
        var from = today.AddDays(-29);
        string code = "", name = "";
        int submitted = 0, issued = 0;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var top = await db.DailyCaseStats.Where(r => r.Day >= from && r.Day <= today).GroupBy(r => r.DepartmentCode)
                .Select(g => new { Code = g.Key, Submitted = g.Sum(r => r.Submitted) }).OrderByDescending(x => x.Submitted).ThenBy(x => x.Code).FirstAsync(TestContext.Current.CancellationToken);
            (code, submitted) = (top.Code, top.Submitted);
            name = await db.Departments.Where(d => d.Code == code).Select(d => d.Name).FirstAsync(TestContext.Current.CancellationToken);
            issued = await db.DailyCaseStats.Where(r => r.Day >= from && r.Day <= today && r.DepartmentCode == top.Code).SumAsync(r => r.CertificatesIssued, TestContext.Current.CancellationToken);
        }
        Assert.True(submitted > 0, "the demo history has applications in the last 30 days");

        var page = await NewPageAsync(1366, 900);
        await LogInAsync(page, "analyst", "/workbench/stats");
        // The menu offers statistics to an analyst; the defaults (this month) are written into the URL.
        await Assertions.Expect(page.Locator(".workbench__nav").GetByText("统计")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"from=\d{4}-\d{2}-01&to="));

        await page.GetByTestId("stats-quick-last30").ClickAsync();
        var (fromText, toText) = (from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"from={fromText}&to={toText}"));
        await page.GetByTestId("stats-filter-department").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible").GetByText(name, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"department={Regex.Escape(Uri.EscapeDataString(code))}"));

        var rows = page.GetByTestId("stats-departments").Locator(".el-table__body-wrapper tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("td").Nth(0)).ToHaveTextAsync(name);
        await Assertions.Expect(rows.First.Locator("td").Nth(1)).ToHaveTextAsync(submitted.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("stats-card-submitted").Locator(".card__value")).ToHaveTextAsync(submitted.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("stats-trend").Locator("canvas")).ToHaveCountAsync(1);
        // The current declines of the department chosen (the daily scan's; the demo's is a window's, seen center-wide below).
        await Assertions.Expect(page.GetByTestId("stats-section-declines")).ToContainTextAsync("下滑预警");
        // 好差评 of the department over the period: a rate (the demo history rates most finished cases) and five levels.
        await Assertions.Expect(page.GetByTestId("stats-satisfaction-rate")).ToHaveTextAsync(new Regex(@"^(\d+\.\d%|—)$"));
        await Assertions.Expect(page.GetByTestId("stats-satisfaction").Locator(".el-table").First.Locator("tbody tr")).ToHaveCountAsync(5);
        // 电子证照 of the department over the period: generated, converted and used, as the counters hold them; the certificate
        // library is connected, so the page shows figures and no "接入后统计" note.
        var issuedText = issued.ToString(CultureInfo.InvariantCulture);
        await Assertions.Expect(page.GetByTestId("stats-certificate-issued").Locator(".card__value")).ToHaveTextAsync(issuedText);
        await Assertions.Expect(page.GetByTestId("stats-certificate-used").Locator(".card__value")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(page.GetByTestId("stats-certificate-converted").Locator(".card__value")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(page.GetByTestId("stats-certificates-waiting")).ToHaveCountAsync(0);
        var certificateRows = page.GetByTestId("stats-certificates-table").Locator(".el-table__body-wrapper tbody tr");
        await Assertions.Expect(certificateRows).ToHaveCountAsync(1);
        await Assertions.Expect(certificateRows.First.Locator("td").Nth(1)).ToHaveTextAsync(issuedText);
        await Screenshot(page, "workbench-stats");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-departments-xlsx").ClickAsync());
        Assert.Equal($"部门统计_{fromText}_{toText}.xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"tongban-stats-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(path);
            var sheet = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            var row = Assert.Single(sheet);
            Assert.Equal(["部门编码", "部门名称", "申办量"], row.Keys.Take(3));
            Assert.Equal(code, row["部门编码"]?.ToString());
            Assert.Equal(name, row["部门名称"]?.ToString());
            Assert.Equal(submitted, Convert.ToInt32(row["申办量"], CultureInfo.InvariantCulture));
            Assert.Contains("最多跑一次办件量", row.Keys);
            Assert.Contains("一趟不用跑办件量", row.Keys);
        }
        finally
        {
            File.Delete(path);
        }

        // The same address opens the same figures (a shared link).
        var shared = page.Url;
        var other = await NewPageAsync(1366, 900);
        await LogInAsync(other, "analyst", shared[app.BaseUrl.Length..]);
        await Assertions.Expect(other.GetByTestId("stats-departments").Locator(".el-table__body-wrapper tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(other.GetByTestId("stats-card-submitted").Locator(".card__value")).ToHaveTextAsync(submitted.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_page_fits_a_375_px_phone_in_large_font_mode()
    {
        var page = await NewPageAsync(375, 812);
        await LogInAsync(page, "analyst", "/workbench/stats");
        await page.GetByTestId("large-font-toggle").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("large-font"));
        await Assertions.Expect(page.GetByTestId("stats-card-onTimeRate")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("stats-departments").Locator(".el-table__body-wrapper tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("stats-certificate-issued")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the statistics page scrolls sideways on a 375 px phone");
        await Screenshot(page, "workbench-stats-phone-large-font");
    }
}
