using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

public sealed class PortalTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_citizen_searches_the_catalog_and_reads_a_service_guide_in_chinese()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.GetByTestId("item-search").FillAsync("食品");
        await page.GetByTestId("item-search-submit").ClickAsync();
        var results = page.GetByTestId("item-result");
        await Assertions.Expect(results.First).ToBeVisibleAsync();
        await Assertions.Expect(results.First).ToContainTextAsync("食品");
        await Screenshot(page, "portal-search");

        await results.First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/items/"));
        await Assertions.Expect(page.GetByTestId("guide-title")).ToContainTextAsync("食品");
        var materials = page.GetByTestId("guide-materials");
        await Assertions.Expect(materials).ToContainTextAsync("身份证");
        await Assertions.Expect(page.GetByText("承诺办结时限").First).ToBeVisibleAsync();
        await Screenshot(page, "service-guide");
    }

    [Fact]
    public async Task The_search_box_example_finds_items_in_the_demo_catalog()
    {
        var page = await NewPageAsync(375, 812);
        await page.GotoAsync("/");
        var placeholder = await page.GetByTestId("item-search").GetAttributeAsync("placeholder");
        // 如：<example> — the example a new user tries first must find something (营业执照 once found nothing).
        var example = Regex.Match(placeholder ?? "", "如：(.+)$").Groups[1].Value.Trim();
        Assert.NotEmpty(example);
        await page.GetByTestId("item-search").FillAsync(example);
        await page.GetByTestId("item-search-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("item-result").First).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("item-result").CountAsync() >= 1);

        // One clear (×) in the box: ours. A native type=search input would draw Chromium's own cancel button beside it.
        var box = page.GetByTestId("item-search");
        Assert.NotEqual("search", await box.EvaluateAsync<string>("e => e.type"));
        await box.HoverAsync();
        await Assertions.Expect(page.Locator("form.search .el-input__clear")).ToHaveCountAsync(1);
        await page.Locator("form.search .el-input__clear").ClickAsync();
        await Assertions.Expect(box).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_citizen_on_a_phone_finds_items_by_life_event_for_persons_and_for_businesses()
    {
        var page = await NewPageAsync(375, 812);
        await page.GotoAsync("/");
        await page.GetByTestId("life-event-education").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("lifeEvent=education"));
        await Assertions.Expect(page.GetByTestId("item-result").First).ToBeVisibleAsync();
        // A keyword narrows the theme further (the theme stays chosen).
        await page.GetByTestId("item-search").FillAsync("休学");
        await page.GetByTestId("item-search-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("lifeEvent=education"));
        await Assertions.Expect(page.GetByTestId("item-result").Filter(new LocatorFilterOptions { HasText = "延缓入学" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("life-event-education")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screenshot(page, "portal-life-event");

        await page.GetByTestId("life-event-audience").GetByText("法人办事").ClickAsync();
        await page.GetByTestId("life-event-closure").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("lifeEvent=closure"));
        await Assertions.Expect(page.GetByTestId("item-result").First).ToContainTextAsync(new Regex("注销|歇业|撤销|终止"));
    }

    [Fact]
    public async Task The_guide_is_readable_on_a_phone_with_large_fonts()
    {
        var page = await NewPageAsync(390, 844);
        await page.GotoAsync("/?q=" + Uri.EscapeDataString("社会保险"));
        await page.GetByTestId("item-result").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("guide-title")).ToBeVisibleAsync();
        var before = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");
        await page.GetByTestId("large-font-toggle").ClickAsync();
        var after = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");
        Assert.True(after > before, $"font size {before} → {after}");
        // Nothing wider than the phone: no sideways scrolling of the whole page.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a 390 px phone");
        await Assertions.Expect(page.GetByTestId("guide-materials")).ToContainTextAsync("身份证");
        await Screenshot(page, "guide-phone-large-font");
    }

    [Fact]
    public async Task Staff_log_in_and_reach_the_workbench_and_a_wrong_password_is_explained()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("clerk");
        await page.GetByTestId("login-password").FillAsync("wrong-password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByText("用户名或密码错误").First).ToBeVisibleAsync();

        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench"));
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("窗口人员").First).ToBeVisibleAsync();
        await Screenshot(page, "workbench");

        // The session survives a reload (HttpOnly cookie), and the workbench needs a login.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        var anonymous = await NewPageAsync();
        await anonymous.GotoAsync("/workbench");
        await Assertions.Expect(anonymous).ToHaveURLAsync(new Regex("/login"));
    }
}
