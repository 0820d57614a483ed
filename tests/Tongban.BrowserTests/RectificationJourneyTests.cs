using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// 差评整改 (issue 20): a case completed at the window is rated 非常不满意; the work order appears on the clerk's 差评整改 page,
/// is called back and closed as rectified there; the supervisor's statistics page then shows 回访率 and 整改率.
/// </summary>
public sealed class RectificationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Dictionary<string, string> Web = new() { ["X-Tongban-Client"] = "web" };

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static async Task LogInAsync(IPage page, string username, string then, string landing)
    {
        await page.GotoAsync(then);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId(landing)).ToBeVisibleAsync();
    }

    private static async Task<JsonElement> PostAsync(IAPIRequestContext api, string url, object body, Dictionary<string, string>? headers = null)
    {
        var res = await api.PostAsync(url, new APIRequestContextOptions { DataObject = body, Headers = headers ?? Web });
        var text = await res.TextAsync();
        Assert.True(res.Ok, $"{url} answered {res.Status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A 即办件 filed and completed by the district center's clerk, then rated 1 with a reason by its applicant (API).</summary>
    private async Task<string> BadRatingAsync()
    {
        string item;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            item = await db.ItemVersions
                .Where(i => i.Status == ItemVersionStatus.Published && i.CaseKind == CaseKind.Immediate && i.ForPersons && (i.Channels & Channels.Window) != 0
                    && !i.Materials.Any(m => m.Necessity != Necessity.Optional && m.Code != "M01"))
                .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(TestContext.Current.CancellationToken);
        }
        var mobile = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var birth = new DateOnly(1980, 1, 1).AddDays(Random.Shared.Next(0, 15 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var idNumber = first17 + ResidentIdNumber.ComputeCheckCharacter(first17);

        await using var staff = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        await PostAsync(staff.APIRequest, "/api/auth/staff/login", new { username = "clerk", password = "Demo#2026" });
        var filed = await PostAsync(staff.APIRequest, "/api/cases", new
        {
            itemCode = item, channel = "window", applicant = new { kind = "person", name = "郑丽华", idNumber, mobile },
            materials = new[] { new { requirementCode = "M01" } },
        }, new Dictionary<string, string>(Web) { ["Idempotency-Key"] = Guid.NewGuid().ToString() });
        var number = filed.GetProperty("caseNumber").GetString()!;
        await PostAsync(staff.APIRequest, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } });

        await using var citizen = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var sent = await citizen.APIRequest.PostAsync("/api/auth/citizen/otp", new APIRequestContextOptions { DataObject = new { mobile }, Headers = Web });
        Assert.True(sent.Ok, $"otp answered {sent.Status}");
        using var sms = JsonDocument.Parse(await (await citizen.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile)).TextAsync());
        var otp = sms.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        var login = await PostAsync(citizen.APIRequest, "/api/auth/citizen/login", new { mobile, code = Regex.Match(otp, @"验证码为(\d{6})").Groups[1].Value, idNumber, name = "郑丽华" });
        var bearer = new Dictionary<string, string>(Web) { ["Authorization"] = "Bearer " + login.GetProperty("accessToken").GetString() };
        await PostAsync(citizen.APIRequest, $"/api/me/cases/{number}/evaluation", new { level = 1, reasons = new[] { "longWait" }, comment = "等了很久" }, bearer);
        return number;
    }

    [Fact]
    public async Task A_bad_rating_becomes_a_work_order_that_is_called_back_and_closed_and_the_statistics_show_both_rates()
    {
        var number = await BadRatingAsync();

        // A phone-sized screen: the clerk's list and drawer work there too.
        var page = await NewPageAsync(390, 844);
        await LogInAsync(page, "clerk", "/workbench/rectifications?status=open", "rect-page");
        await Assertions.Expect(page.GetByTestId($"rect-open-{number}")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousFindingsAsync(page, "差评整改列表");
        await page.GetByTestId($"rect-open-{number}").ClickAsync();
        var drawer = page.GetByTestId("rect-detail");
        await Assertions.Expect(drawer.GetByTestId("rect-detail-status")).ToHaveTextAsync("待回访");
        await Assertions.Expect(drawer).ToContainTextAsync("等候时间长");
        await Assertions.Expect(drawer).ToContainTextAsync("回访期限");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "差评整改工单");

        await drawer.GetByTestId("rect-callback").ClickAsync();
        await Assertions.Expect(drawer).ToContainTextAsync("请填写说明");
        await drawer.GetByTestId("rect-note").FillAsync("已电话回访，申请人反映取号后等候较久");
        await drawer.GetByTestId("rect-callback").ClickAsync();
        await Assertions.Expect(drawer.GetByTestId("rect-detail-status")).ToHaveTextAsync("已回访");
        await drawer.GetByTestId("rect-note").FillAsync("已增设高峰时段窗口并告知申请人");
        await drawer.GetByTestId("rect-resolve").ClickAsync();
        await Assertions.Expect(drawer.GetByTestId("rect-detail-status")).ToHaveTextAsync("已整改");
        await Assertions.Expect(drawer.GetByTestId("rect-resolve")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "rectification-resolved.png"), FullPage = true });

        var stats = await NewPageAsync(1366, 900);
        await LogInAsync(stats, "supervisor", "/workbench/stats", "stats-page");
        await Assertions.Expect(stats.GetByTestId("stats-rectification")).ToBeVisibleAsync();
        await Assertions.Expect(stats.GetByTestId("stats-callback-rate")).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)?%$"));
        await Assertions.Expect(stats.GetByTestId("stats-rectification-rate")).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)?%$"));
        // 本月差评原因 links to the work orders of that reason.
        await stats.GetByTestId("stats-reason-longWait").ClickAsync();
        await Assertions.Expect(stats.GetByTestId("rect-page")).ToBeVisibleAsync();
        await Assertions.Expect(stats.GetByTestId($"rect-open-{number}")).ToBeVisibleAsync();
    }
}
