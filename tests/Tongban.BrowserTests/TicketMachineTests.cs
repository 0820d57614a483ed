using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>取号机 /hall/{point}/take on the real server, portrait and touch: categories, 绿色通道, the ticket; axe and 60 px targets.</summary>
public sealed class TicketMachineTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_person_takes_a_priority_ticket_at_the_hall_machine_and_the_board_counts_them()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);

        await page.GotoAsync("/hall/350505-C/take");
        await Assertions.Expect(page.GetByTestId("queue-category-A")).ToContainTextAsync("综合");
        // The district center has a letter per department window of its own, e.g. 社会保险.
        await Assertions.Expect(page.Locator("[data-testid^=\"queue-category-\"]").Filter(new LocatorFilterOptions { HasText = "社会保险" })).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousFindingsAsync(page, "ticket machine, categories");
        await Accessibility.AssertTouchTargetsAsync(page, "ticket machine, categories", "main");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "hall-take.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByTestId("queue-priority-elderly").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-priority-elderly")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("queue-category-A").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-ticket-number")).ToHaveTextAsync("A001");
        await Assertions.Expect(page.GetByTestId("queue-ticket")).ToContainTextAsync("老年人");
        await Assertions.Expect(page.GetByTestId("queue-ticket-ahead")).ToHaveTextAsync("前面还有 0 人等候");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "ticket machine, ticket");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "完成" }).TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-category-A")).ToContainTextAsync("1 人等候");
        await context.CloseAsync();
    }
}
