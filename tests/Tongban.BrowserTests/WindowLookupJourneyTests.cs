using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// 窗口调阅 in Chromium: a person who applied online once comes to the window; the clerk types the ID
/// number, the name and mobile fill in, the ID card comes from the library — no scan — and the case is filed.
/// </summary>
public sealed partial class WindowLookupJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string ItemCode = "511F33033003-350505000000-000-11350505MB3505010G-1-00"; // 三级社会体育指导员技术等级称号认定

    [GeneratedRegex(@"验证码为(\d{6})")]
    private static partial Regex CodePattern();

    private static string NewIdNumber()
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"35050519{Random.Shared.Next(50, 99)}0{Random.Shared.Next(1, 9)}1{Random.Shared.Next(0, 9)}{Random.Shared.Next(100, 999)}");
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>The person's first, online application (through the API): it leaves the ID card in their library.</summary>
    private async Task<(string Mobile, Guid CardFile)> ApplyOnlineOnceAsync(string idNumber)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var mobile = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        (await http.PostAsJsonAsync("/api/auth/citizen/otp", new { mobile }, ct)).EnsureSuccessStatusCode();
        var sms = await http.GetFromJsonAsync<JsonElement>($"/api/dev/sms?mobile={mobile}", ct);
        var code = CodePattern().Match(sms.GetProperty("items")[0].GetProperty("text").GetString()!).Groups[1].Value;
        var login = await http.PostAsJsonAsync("/api/auth/citizen/login", new { mobile, code, idNumber, name = "黄丽华" }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        using var citizen = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        citizen.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var guide = await citizen.GetFromJsonAsync<JsonElement>($"/api/items/{ItemCode}", ct);
        var card = guide.GetProperty("materials").EnumerateArray().First(m => m.GetProperty("materialTypeCode").GetString() == "resident-id-card").GetProperty("code").GetString();
        var form = new MultipartFormDataContent { { new ByteArrayContent(Tongban.Infrastructure.Documents.NoticeLayout.QrPng("id-card:" + idNumber)), "file", "身份证.png" } };
        var upload = await citizen.PostAsync("/api/files", form, ct);
        upload.EnsureSuccessStatusCode();
        var fileId = (await upload.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("fileId").GetGuid();
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { itemCode = ItemCode, channel = "online", materials = new[] { new { requirementCode = card, fileId } } }),
        };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await citizen.SendAsync(submit, ct)).EnsureSuccessStatusCode();
        return (mobile, fileId);
    }

    [Fact]
    public async Task The_clerk_looks_the_person_up_by_ID_number_and_files_with_the_library_ID_card_without_a_scan()
    {
        var idNumber = NewIdNumber();
        var (mobile, cardFile) = await ApplyOnlineOnceAsync(idNumber);

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var uploads = 0;
        page.Request += (_, r) => { if (r.Method == "POST" && r.Url.EndsWith("/api/files", StringComparison.Ordinal)) uploads++; };
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("clerk");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();

        await page.GotoAsync("/workbench/accept?item=" + Uri.EscapeDataString(ItemCode));
        await Assertions.Expect(page.GetByTestId("new-case-materials")).ToContainTextAsync("居民身份证");
        await page.GetByTestId("new-case-id").FillAsync(idNumber);
        await page.GetByTestId("new-case-lookup").ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-case-person")).ToContainTextAsync("黄丽华");
        await Assertions.Expect(page.GetByTestId("new-case-name")).ToHaveValueAsync("黄丽华");
        await Assertions.Expect(page.GetByTestId("new-case-mobile")).ToHaveValueAsync(mobile);
        await Assertions.Expect(page.Locator("[data-testid^='material-library-']")).ToContainTextAsync("C 级");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "window-lookup.png"), FullPage = true });

        await page.GetByTestId("new-case-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/cases/"));
        var number = await page.GetByTestId("case-number").InnerTextAsync();
        Assert.Equal(0, uploads);

        var res = await page.Context.APIRequest.GetAsync($"/api/cases/{number}");
        var body = (await res.JsonAsync())!.Value;
        Assert.Equal(cardFile, body.GetProperty("materials")[0].GetProperty("fileId").GetGuid());
        // The person was told their library was opened.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var sms = await http.GetFromJsonAsync<JsonElement>($"/api/dev/sms?mobile={mobile}", TestContext.Current.CancellationToken);
        Assert.Contains(sms.GetProperty("items").EnumerateArray(), m => m.GetProperty("event").GetString() == "library.opened");
    }
}
