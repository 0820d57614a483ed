using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// What a new user hit at the desk and at the citizen login (issue 16): the item picker at 窗口收件, the applicant kind
/// switching silently, the handover without the SMS pickup code, the workbench header eating the desk's height, and the
/// first citizen login that showed red fields and needed two presses.
/// </summary>
public sealed class NewUserDeskTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // 即办件 for persons needing only the ID card (M01), at every channel.
    private const string ImmediateItem = "512C0053300008-350505000000-000-11350505MB3505010G-1-00"; // 学生资助政策咨询

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

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), Animations = ScreenshotAnimations.Disabled });

    private static string NewIdNumber()
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(Random.Shared.Next(0, 25 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    private static string NewMobile() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private static async Task LogInStaffAsync(IPage page, string username)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
    }

    /// <summary>A 即办件 filed and completed for pickup at the clerk's window, through the API of the page's session.</summary>
    private static async Task<string> CompletedForPickupAsync(IPage page, string idNumber)
    {
        var headers = new Dictionary<string, string> { ["X-Tongban-Client"] = "web", ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var filed = await page.Context.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions
        {
            DataObject = new
            {
                itemCode = ImmediateItem, channel = "window",
                applicant = new { kind = "person", name = "吴志强", idNumber, mobile = NewMobile() },
                materials = new[] { new { requirementCode = "M01" } },
            },
            Headers = headers,
        });
        Assert.True(filed.Ok, $"filing answered {filed.Status}: {await filed.TextAsync()}");
        using var json = JsonDocument.Parse(await filed.TextAsync());
        var number = json.RootElement.GetProperty("caseNumber").GetString()!;
        var done = await page.Context.APIRequest.PostAsync($"/api/cases/{number}/complete", new APIRequestContextOptions
        {
            DataObject = new { delivery = new { method = "pickup" } }, Headers = new Dictionary<string, string> { ["X-Tongban-Client"] = "web" },
        });
        Assert.True(done.Ok, $"complete answered {done.Status}: {await done.TextAsync()}");
        return number;
    }

    [Fact]
    public async Task The_item_picker_shows_the_searched_item_first_and_a_switch_of_applicant_kind_is_said()
    {
        var page = await NewPageAsync(1366, 768);
        await LogInStaffAsync(page, "clerk");
        await page.GotoAsync("/workbench/accept");
        await page.GetByTestId("new-case-item").ClickAsync();
        // 企业职工参保登记 sorted first by department and name; the item of the typed name comes first now.
        await page.Keyboard.TypeAsync("职工参保登记");
        var first = page.GetByTestId("item-option").First.Locator("span").First;
        await Assertions.Expect(first).ToHaveTextAsync("职工参保登记");
        // Enter with nothing hovered picks nothing: no item is chosen that the clerk did not point at.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("new-case-item-chosen")).ToHaveCountAsync(0);
        await page.GetByTestId("item-option").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-case-item-chosen")).ToContainTextAsync("已选：职工参保登记（");
        await Assertions.Expect(page.GetByTestId("new-case-kind-switched")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("new-case-kind-person").Locator("input")).ToBeCheckedAsync();

        // An item for enterprises only switches the kind, and says so next to it.
        await page.GetByTestId("new-case-item").ClickAsync();
        await page.Keyboard.TypeAsync("社会团体成立登记");
        await Assertions.Expect(page.GetByTestId("item-option").First.Locator("span").First).ToHaveTextAsync("社会团体成立登记");
        await page.GetByTestId("item-option").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-case-kind-switched")).ToContainTextAsync("法人/企业");
        await Assertions.Expect(page.GetByTestId("new-case-kind-enterprise").Locator("input")).ToBeCheckedAsync();
        await Screenshot(page, "workbench-new-case-kind-switched");
    }

    [Fact]
    public async Task The_clerk_hands_over_against_the_ID_card_and_the_desk_shows_the_actions_high_on_a_1366x768_screen()
    {
        var page = await NewPageAsync(1366, 768);
        await LogInStaffAsync(page, "clerk");
        // The header names the clerk's service point, and no 未设置 for a department a window clerk does not have.
        await Assertions.Expect(page.GetByTestId("workbench-service-point")).ToHaveTextAsync("泉港区行政服务中心");
        await Assertions.Expect(page.GetByText("未设置")).ToHaveCountAsync(0);
        var header = await page.Locator(".workbench__head").BoundingBoxAsync();
        Assert.True(header!.Height <= 64, $"the workbench header is {header.Height} px high");

        var idNumber = NewIdNumber();
        var number = await CompletedForPickupAsync(page, idNumber);
        await page.GotoAsync("/workbench/cases/" + number);
        var deliver = page.GetByTestId("action-deliver");
        await Assertions.Expect(deliver).ToBeVisibleAsync();
        await Screenshot(page, "workbench-case-1366x768");
        var box = await deliver.BoundingBoxAsync();
        Assert.True(box!.Y < 400, $"the case's actions start at y={box.Y}");

        await deliver.ClickAsync();
        var dialog = page.Locator(".el-dialog").Filter(new LocatorFilterOptions { Has = page.Locator("[data-action='deliver']") });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("action-pickup-by-id").ClickAsync();
        // Someone else's card is refused, the applicant's is taken.
        await dialog.GetByTestId("action-pickup-id").FillAsync(NewIdNumber());
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(page.GetByText("身份证与申请人不符").First).ToBeVisibleAsync();
        await dialog.GetByTestId("action-pickup-id").FillAsync(idNumber);
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".case__title").GetByTestId("case-status")).ToHaveTextAsync("已送达");
        await Assertions.Expect(page.GetByText("凭身份证领取（申请人 " + ResidentIdNumber.Mask(idNumber) + "）").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_first_citizen_login_shows_no_red_field_before_input_and_one_press_logs_in()
    {
        var page = await NewPageAsync(375, 812);
        var logins = 0;
        page.Request += (_, r) => { if (r.Method == "POST" && r.Url.EndsWith("/api/auth/citizen/login", StringComparison.Ordinal)) Interlocked.Increment(ref logins); };
        await page.GotoAsync("/me/login");
        await Assertions.Expect(page.GetByTestId("citizen-realname")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".is-error")).ToHaveCountAsync(0);

        var mobile = NewMobile();
        await page.GetByTestId("citizen-mobile").FillAsync(mobile);
        await page.GetByTestId("citizen-send-code").ClickAsync();
        await Assertions.Expect(page.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        var sms = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        using var json = JsonDocument.Parse(await sms.TextAsync());
        var text = json.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        await page.GetByTestId("citizen-code").FillAsync(Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value);
        await page.GetByTestId("citizen-name").FillAsync("郭雅婷");
        await page.GetByTestId("citizen-id").FillAsync(NewIdNumber());
        await Assertions.Expect(page.Locator(".is-error")).ToHaveCountAsync(0);
        await Screenshot(page, "citizen-login-first-time-filled");

        await page.GetByTestId("citizen-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-my")).ToBeVisibleAsync();
        Assert.Equal(1, logins);
    }
}
