using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// The clerk's calling panel (叫号面板, issue 18) at 1366 × 768: a ticket is taken, the clerk picks the window once,
/// 叫号 shows the number, 开始办理 opens 窗口收件 (with the ticket's item, even when already open), 办结 clears the panel.
/// </summary>
public sealed class CallingPanelTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // 学生资助政策咨询: its department has no window of its own at the center, so its tickets are 综合 (A).
    private const string Item = "512C0053300008-350505000000-000-11350505MB3505010G-1-00";

    [Fact]
    public async Task The_clerk_calls_a_ticket_starts_it_into_window_intake_and_finishes_it_from_the_panel()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("clerk");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();

        var number = await TakeAsync(page, null);
        var panel = page.GetByTestId("calling-panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await page.GetByTestId("desk-window").ClickAsync();
        await page.Locator(".el-select-dropdown__item").Filter(new LocatorFilterOptions { HasText = "综合受理窗口1" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("desk-waiting")).ToContainTextAsync("等候");
        // Earlier tickets of the day (other tests) are called first; call until ours comes.
        for (var i = 0; i < 20; i++)
        {
            await page.GetByTestId("desk-call").ClickAsync();
            await Assertions.Expect(page.GetByTestId("desk-ticket-number")).ToBeVisibleAsync();
            if (await page.GetByTestId("desk-ticket-number").TextContentAsync() == number) break;
            await page.GetByTestId("desk-skip").ClickAsync();
            await Assertions.Expect(page.GetByTestId("desk-call")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.GetByTestId("desk-ticket-number")).ToHaveTextAsync(number);
        await Assertions.Expect(page.GetByTestId("desk-ticket")).ToContainTextAsync("已呼叫");
        var box = await panel.BoundingBoxAsync();
        Assert.True(box!.Height <= 60, $"the calling panel is {box.Height} px high");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "workbench-calling-panel-1366x768.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByTestId("desk-start").ClickAsync();
        await page.WaitForURLAsync("**/workbench/accept**");
        await Assertions.Expect(page.GetByTestId("new-case-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("desk-ticket")).ToContainTextAsync("办理中");
        await Assertions.Expect(page.GetByTestId("new-case-item-chosen")).ToHaveCountAsync(0);

        await page.GetByTestId("desk-finish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("desk-ticket-number")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("desk-call")).ToBeVisibleAsync();

        // The next person's ticket names an item: 开始办理 while 窗口收件 is open chooses it there.
        var next = await TakeAsync(page, Item);
        await page.GetByTestId("desk-call").ClickAsync();
        await Assertions.Expect(page.GetByTestId("desk-ticket-number")).ToHaveTextAsync(next);
        await page.GetByTestId("desk-start").ClickAsync();
        await page.WaitForURLAsync("**/workbench/accept?*item=*");
        await Assertions.Expect(page.GetByTestId("new-case-item-chosen")).ToContainTextAsync("学生资助");
        await page.GetByTestId("desk-finish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("desk-ticket-number")).ToHaveCountAsync(0);

        // The window is remembered on this device: after a reload the panel is at the same window.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("desk-call")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    /// <summary>Someone takes a ticket (the hall's machine, here through the API); its number.</summary>
    private static async Task<string> TakeAsync(IPage page, string? itemCode)
    {
        var taken = await page.EvaluateAsync<string>("""
            async (itemCode) => {
              const headers = { 'X-Tongban-Client': 'web', 'Content-Type': 'application/json' };
              const r = await fetch('/api/queue/tickets', { method: 'POST', headers, body: JSON.stringify({ servicePointCode: '350505-C', itemCode }) });
              const t = await r.json();
              return t.category + ':' + t.ticketNumber;
            }
            """, itemCode);
        Assert.StartsWith("A:", taken);
        return taken[2..];
    }
}
