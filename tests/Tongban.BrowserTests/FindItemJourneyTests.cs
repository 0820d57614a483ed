using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// Issue 20's "done when": a new user finds 个体工商户设立登记 by typing 营业执照 or yyzz, answers the situation
/// questions and sees the right materials.
/// </summary>
public sealed class FindItemJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> NewPageAsync(int width, int height)
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

    [Fact]
    public async Task A_new_user_finds_the_business_registration_by_its_licence_and_sees_the_materials_of_their_situation()
    {
        var page = await NewPageAsync(375, 812);
        await page.GotoAsync("/");

        // 营业执照: the results say why the item matched.
        await page.GetByTestId("item-search").FillAsync("营业执照");
        await page.GetByTestId("item-search-submit").ClickAsync();
        var card = page.Locator(".result-card").Filter(new() { Has = page.GetByTestId("item-result").GetByText("个体工商户设立登记", new() { Exact = true }) });
        await Assertions.Expect(card.GetByTestId("item-matched-by")).ToContainTextAsync("办理结果：营业执照");

        // yyzz: suggestions appear while typing, and one leads to the guide.
        await page.GetByTestId("item-search").FillAsync("yyzz");
        var suggestion = page.GetByTestId("item-suggestion").Filter(new() { HasText = "个体工商户设立登记" });
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await Assertions.Expect(suggestion).ToContainTextAsync("拼音首字母");
        await suggestion.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/items/"));
        await Assertions.Expect(page.GetByTestId("guide-title")).ToHaveTextAsync("个体工商户设立登记");

        // 情形引导: 委托他人代办, 租赁房屋 → the agent's papers and the lease, not the title deed.
        await page.GetByTestId("situation-applicant-agent").ClickAsync();
        await page.GetByTestId("situation-premises-rented").ClickAsync();
        await Assertions.Expect(page.GetByTestId("situation-summary")).ToBeVisibleAsync();
        var materials = page.GetByTestId("guide-materials");
        await Assertions.Expect(materials).ToContainTextAsync("授权委托书");
        await Assertions.Expect(materials).ToContainTextAsync("委托代理人居民身份证");
        await Assertions.Expect(materials).ToContainTextAsync("房屋租赁合同");
        await Assertions.Expect(page.GetByTestId("guide-material").GetByText("房屋产权证明（不动产权证书）")).ToHaveCountAsync(0);

        // Changing an answer changes the list.
        await page.GetByTestId("situation-applicant-self").ClickAsync();
        await Assertions.Expect(page.GetByTestId("guide-material").GetByText("授权委托书", new() { Exact = true })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousFindingsAsync(page, "service guide with situation");
    }
}
