using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;

namespace Tongban.BrowserTests;

/// <summary>
/// 事项目录管理 in Chromium: an admin finds an item with 情形引导, renames an answer and adds a search keyword; the public
/// guide asks the question with the new wording and the portal search finds the item by the new word.
/// </summary>
public sealed class CatalogAdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    [Fact]
    public async Task An_admin_edits_a_situation_answer_and_a_keyword_and_the_guide_and_search_follow()
    {
        string code, name, key, value;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var set = (await db.ItemSituations.AsNoTracking().ToListAsync(Ct)).First(s => s.Questions.Count > 0);
            code = set.ItemCode;
            (key, value) = (set.Questions[0].Key, set.Questions[0].Options[0].Value);
            name = await db.ItemVersions.Where(i => i.Code == code && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published).Select(i => i.Name).FirstAsync(Ct);
        }

        var admin = await NewPageAsync();
        await admin.GotoAsync("/login");
        await admin.GetByTestId("login-username").FillAsync("admin");
        await admin.GetByTestId("login-password").FillAsync("Demo#2026");
        await admin.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await admin.GotoAsync("/workbench/catalog");
        await admin.GetByTestId("cat-search").FillAsync(name);
        await admin.GetByTestId("cat-search-submit").ClickAsync();
        await admin.GetByTestId("cat-result").Filter(new LocatorFilterOptions { HasText = name + "（" }).First.ClickAsync();
        await Assertions.Expect(admin.GetByTestId("cat-item")).ToContainTextAsync(code);
        await Accessibility.AssertNoSeriousFindingsAsync(admin, "catalog-admin");

        const string label = "由家属代为办理（新）";
        await admin.GetByTestId("cat-q0-o0-label").FillAsync(label);
        await admin.GetByTestId("cat-situations-save").ClickAsync();
        await Assertions.Expect(admin.GetByText("已保存").First).ToBeVisibleAsync();
        var keywords = admin.GetByTestId("cat-keywords");
        await keywords.FillAsync((await keywords.InputValueAsync()) + "、糖水铺子");
        await admin.GetByTestId("cat-keywords-save").ClickAsync();
        await Assertions.Expect(keywords).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("糖水铺子$"));

        var citizen = await NewPageAsync(390);
        await citizen.GotoAsync($"/items/{Uri.EscapeDataString(code)}");
        await Assertions.Expect(citizen.GetByTestId($"situation-{key}-{value}")).ToContainTextAsync(label);
        await citizen.GotoAsync("/");
        await citizen.GetByTestId("item-search").FillAsync("糖水铺子");
        await citizen.GetByTestId("item-search-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("item-result").First).ToContainTextAsync(name);
    }
}
