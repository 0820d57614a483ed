using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// axe-core on every kiosk screen (issue 17: "axe finds no serious issue on the kiosk pages"), on the real server in
/// portrait 1080 × 1920 with the simulated agent: enrolment, the attract screen with its public figures, the choose
/// screen, a convenience service's result and a services category, search results, an item's materials, the confirm
/// screen, the 60 s warning, the receipt, and 长辈模式. Each screen also keeps its touch targets at 60 px or more.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class KioskAccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        await Accessibility.AssertNoSeriousFindingsAsync(page, $"kiosk, {screen}");
        await Accessibility.AssertTouchTargetsAsync(page, $"kiosk, {screen}", "[data-testid=\"kiosk\"]");
    }

    private async Task<string> IssueEnrolmentCodeAsync(string kioskCode)
    {
        var adminContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var admin = await adminContext.NewPageAsync();
        admin.SetDefaultTimeout(15_000);
        await admin.GotoAsync("/login");
        await admin.GetByTestId("login-username").FillAsync("admin");
        await admin.GetByTestId("login-password").FillAsync("Demo#2026");
        await admin.GetByTestId("login-submit").ClickAsync();
        await admin.WaitForURLAsync("**/workbench**");
        await admin.GotoAsync("/workbench/kiosks");
        await admin.GetByTestId("kiosk-table").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = kioskCode }).First.GetByTestId("issue-code").ClickAsync();
        var code = (await admin.GetByTestId("issued-code").Locator("code").InnerTextAsync()).Trim();
        await adminContext.CloseAsync();
        return code;
    }

    [Fact]
    public async Task Every_kiosk_screen_has_no_serious_accessibility_finding_and_large_touch_targets()
    {
        string itemName;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.Materials.Any()).ToListAsync(Ct);
            itemName = items.Where(i => i.Channels.HasFlag(Channels.Kiosk)).OrderBy(i => i.Materials.Count).ThenBy(i => i.Code).First().Name;
        }
        var enrolmentCode = await IssueEnrolmentCodeAsync("K02");

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // The page's own clock, so that the 45 s warning comes without waiting 45 s.
        await page.Clock.InstallAsync();

        await page.GotoAsync("/kiosk");
        await Assertions.Expect(page.GetByTestId("kiosk-enrol")).ToBeVisibleAsync();
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await AssertAccessibleAsync(page, "enrolment");
        await page.GetByTestId("kiosk-code").FillAsync("K02");
        await page.GetByTestId("enrolment-code").FillAsync(enrolmentCode);
        await page.GetByTestId("enrol-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("kiosk-figures")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "attract screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "kiosk-attract.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByTestId("sim-card").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-person")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-item").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-services")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "card placed: items and convenience services");

        await page.GetByTestId("kiosk-service-run").First.TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-service-result")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "a convenience service's result");

        var servicesCategory = ConvenienceServices.Categories.First(c => ConvenienceServices.All.Any(s => s.Category == c.Code)).Name;
        await page.GetByTestId("kiosk-category").Filter(new LocatorFilterOptions { HasText = servicesCategory }).First.TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-category").Filter(new LocatorFilterOptions { HasText = servicesCategory }).First).ToHaveAttributeAsync("aria-pressed", "true");
        await AssertAccessibleAsync(page, "convenience services of a category");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "全部", Exact = true }).TapAsync();
        await page.GetByTestId("kiosk-search").FillAsync(itemName);
        await page.GetByTestId("kiosk-search-submit").TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-item").Filter(new LocatorFilterOptions { HasText = itemName }).First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "search results");

        await page.GetByTestId("kiosk-item").Filter(new LocatorFilterOptions { HasText = itemName }).First.TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-requirement").First).ToBeVisibleAsync();
        var scan = page.GetByTestId("kiosk-requirement").First.GetByTestId("kiosk-scan");
        await scan.TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-scanned").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "materials and scan");

        await page.GetByTestId("kiosk-to-confirm").TapAsync();
        await page.GetByTestId("kiosk-mobile").FillAsync("13800138000");
        await Assertions.Expect(page.GetByTestId("kiosk-confirm")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "confirm");

        // 46 s without a touch: the warning before the visit ends.
        await page.Clock.FastForwardAsync("00:46");
        await Assertions.Expect(page.GetByTestId("kiosk-idle-warning")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "60 s warning");
        await page.GetByTestId("kiosk-idle-warning").GetByRole(AriaRole.Button).TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle-warning")).ToHaveCountAsync(0);

        await page.GetByTestId("kiosk-submit").TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-case-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
        await AssertAccessibleAsync(page, "receipt");

        await page.GetByTestId("elder-mode").TapAsync();
        await Assertions.Expect(page.GetByTestId("elder-mode")).ToHaveAttributeAsync("aria-pressed", "true");
        await AssertAccessibleAsync(page, "receipt, 长辈模式");
        await page.GetByTestId("end-visit").TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();

        // The next person turns 长辈模式 on at once: the longest screen, in the largest type.
        await page.GetByTestId("sim-card").Nth(1).ClickAsync();
        await page.GetByTestId("elder-mode").TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-item").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "items and services, 长辈模式");
        await page.GetByTestId("end-visit").TapAsync();
        await context.CloseAsync();
    }
}
