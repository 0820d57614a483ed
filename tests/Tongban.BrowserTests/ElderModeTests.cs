using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// 长辈模式 (issue 23): switched on from the header of the portal, it is still on after a reload and on the citizen
/// pages, with larger type, larger controls and darker secondary text; axe still finds nothing serious. The English
/// locale gives the page an English title and lang="en", also after a reload. At 200 % zoom (640 × 400 CSS px) the
/// application wizard's form starts on the first screen.
/// </summary>
public sealed class ElderModeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> NewPageAsync(int width = 1280, int height = 800, float scale = 1)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = scale,
            Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task<float> RootFontSizeAsync(IPage page) =>
        page.EvaluateAsync<float>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");

    [Fact]
    public async Task Elder_mode_is_remembered_across_a_reload_and_the_citizen_pages_with_larger_type_and_darker_text()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("item-search")).ToBeVisibleAsync();
        var normal = await RootFontSizeAsync(page);
        var normalMuted = await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--tb-ink-muted').trim()");
        var toggle = page.GetByTestId("large-font-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("large-font"));
        await Assertions.Expect(page.GetByTestId("large-font-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        var large = await RootFontSizeAsync(page);
        Assert.True(large >= normal * 1.2, $"长辈模式 root font {large}px, normal {normal}px");
        Assert.NotEqual(normalMuted, await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--tb-ink-muted').trim()"));
        await Accessibility.AssertNoSeriousFindingsAsync(page, "portal in 长辈模式");

        // A citizen page in the same browser: still on, and its controls are at least 44 px high.
        await page.GotoAsync("/me/login");
        await Assertions.Expect(page.GetByTestId("citizen-mobile")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("large-font"));
        Assert.Equal(large, await RootFontSizeAsync(page));
        var sendHeight = await page.GetByTestId("citizen-send-code").EvaluateAsync<float>("e => e.getBoundingClientRect().height");
        Assert.True(sendHeight >= 44, $"获取验证码 is {sendHeight}px high in 长辈模式");
        await Accessibility.AssertTouchTargetsAsync(page, "citizen login in 长辈模式, header", ".app-header", minimum: 44);
        await Accessibility.AssertNoSeriousFindingsAsync(page, "citizen login in 长辈模式");

        // Off again, and that is remembered too.
        await page.GetByTestId("large-font-toggle").ClickAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("citizen-mobile")).ToBeVisibleAsync();
        Assert.Equal(normal, await RootFontSizeAsync(page));
    }

    [Fact]
    public async Task In_english_every_page_has_an_english_title_and_lang_en_after_a_reload()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/query");
        await Assertions.Expect(page.GetByTestId("query-form")).ToBeVisibleAsync();
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.StartsWith("办件查询", await page.TitleAsync(), StringComparison.Ordinal);
        await page.Locator("[data-testid=language-switch][lang=en]").ClickAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("query-form")).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        var title = await page.TitleAsync();
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", title);
        Assert.Contains(" - ", title, StringComparison.Ordinal);
        // An address the server answers outside the web app (a dotted path) is the web app's 404 page, in English too.
        var response = await page.GotoAsync("/no.such.page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("#main h1")).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", await page.TitleAsync());
    }

    [Fact]
    public async Task At_200_percent_zoom_the_application_form_starts_on_the_first_screen()
    {
        // 1280 × 800 at 200 %: 640 × 400 CSS pixels at a device scale of 2.
        var page = await NewPageAsync(640, 400, 2);
        await EveryRouteAccessibilityTests.CitizenLogInAsync(page.Context, "139" + Random.Shared.Next(10_000_000, 99_999_999), CitizenIds.NewIdNumber(), "许美玲");
        await page.GotoAsync("/items/511F33033003-350505000000-000-11350505MB3505010G-1-00/apply");
        var first = page.GetByTestId("apply-step-form").Locator("input, textarea").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var top = await first.EvaluateAsync<float>("e => e.getBoundingClientRect().top + window.scrollY");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "apply-zoom-200.png"), Animations = ScreenshotAnimations.Disabled });
        Assert.True(top < 400 - 40, $"the form's first field starts at {top}px, below the first 400px screen");
    }
}
