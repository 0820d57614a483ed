using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Appointments;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// 取号机 /hall/{point}/take on the real server, portrait and touch: categories, 绿色通道, the ticket; axe and 60 px targets.
/// Then the hall display /hall/{point} at 1920 × 1080 shows a clerk's call live and says it aloud.
/// </summary>
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

        // Other tests of the run share the day's queue: count who waits for 综合 before taking ours.
        await Assertions.Expect(page.GetByTestId("queue-category-A")).ToContainTextAsync("人等候");
        var before = await WaitingAsync(page);
        await page.GetByTestId("queue-priority-elderly").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-priority-elderly")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("queue-category-A").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-ticket-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^A\\d{3}$"));
        await Assertions.Expect(page.GetByTestId("queue-ticket")).ToContainTextAsync("老年人");
        await Assertions.Expect(page.GetByTestId("queue-ticket-ahead")).ToHaveTextAsync("前面还有 0 人等候");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "ticket machine, ticket");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "完成" }).TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-category-A")).ToContainTextAsync($"{before + 1} 人等候");
        await context.CloseAsync();
    }

    private static async Task<int> WaitingAsync(IPage page)
    {
        var text = await page.GetByTestId("queue-category-A").InnerTextAsync();
        return int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"(\d+) 人等候").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_booked_person_checks_in_with_the_appointment_number_on_large_keys_and_gets_a_Y_ticket()
    {
        // Today's booking (the server runs on the real clock): a slot spanning the day, so the check-in is never too late.
        var today = ChinaTime.Today(TimeProvider.System);
        var number = BookAppointment.NewNumber(today);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var item = await db.ItemVersions.AsNoTracking().Where(i => i.Status == ItemVersionStatus.Published).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(TestContext.Current.CancellationToken);
            var person = new Tongban.Modules.Identity.Citizen { Mobile = "13900001234", Name = "陈美玲", IdNumber = "350505199001011234", CreatedAt = DateTimeOffset.UtcNow };
            person.UpdateBlindIndexes(isNew: true);
            db.Add(person);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            var citizen = person.Id;
            db.Add(new Appointment
            {
                Number = number, CitizenId = citizen, ServicePointCode = "350505-C", ItemCode = item, Date = today, Start = new TimeOnly(0, 0), End = new TimeOnly(23, 59),
                Status = AppointmentStatus.Booked, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync("/hall/350505-C/take");
        await page.GetByTestId("queue-checkin-start").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-checkin-number")).ToHaveTextAsync("YY");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "ticket machine, check-in");
        await Accessibility.AssertTouchTargetsAsync(page, "ticket machine, check-in", "main");
        foreach (var key in number[2..])
            await page.GetByTestId("queue-key-" + key).TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-checkin-number")).ToHaveTextAsync(number);
        await page.GetByTestId("queue-checkin-submit").TapAsync();
        await Assertions.Expect(page.GetByTestId("queue-ticket-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Y\\d{3}$"));
        await Assertions.Expect(page.GetByTestId("queue-ticket-slot")).ToHaveTextAsync("预约时段 00:00-23:59");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "hall-take-checkin.png"), Animations = ScreenshotAnimations.Disabled });
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_hall_display_shows_a_call_live_and_says_it_in_Mandarin()
    {
        var tv = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        // The Web Speech API, recorded: what the hall would hear.
        await tv.AddInitScriptAsync("""
            window.__spoken = [];
            window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
            Object.defineProperty(window, 'speechSynthesis', { value: { speak: u => window.__spoken.push(u.lang + ':' + u.text), cancel: () => {} } });
            """);
        var hall = await tv.NewPageAsync();
        hall.SetDefaultTimeout(15_000);
        await hall.GotoAsync("/hall/350505-C");
        await Assertions.Expect(hall.GetByTestId("hall-live")).ToHaveTextAsync("实时");
        await Assertions.Expect(hall.GetByTestId("hall-waiting")).ToContainTextAsync("综合");

        var desk = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = app.BaseUrl });
        var clerk = await desk.NewPageAsync();
        await clerk.GotoAsync("/login");
        await clerk.GetByTestId("login-username").FillAsync("clerk");
        await clerk.GetByTestId("login-password").FillAsync("Demo#2026");
        await clerk.GetByTestId("login-submit").ClickAsync();
        await clerk.WaitForURLAsync("**/workbench**");
        var number = await clerk.EvaluateAsync<string>("""
            async () => {
              const headers = { 'X-Tongban-Client': 'web', 'Content-Type': 'application/json' };
              const taken = await (await fetch('/api/queue/tickets', { method: 'POST', headers, body: JSON.stringify({ servicePointCode: '350505-C', category: 'A' }) })).json();
              let called;
              do called = await (await fetch('/api/queue/windows/350505-C-W01/call-next', { method: 'POST', headers })).json();
              while (called.ticketNumber !== taken.ticketNumber);
              return called.ticketNumber;
            }
            """);

        await Assertions.Expect(hall.GetByTestId("hall-now")).ToContainTextAsync(number);
        await Assertions.Expect(hall.GetByTestId("hall-now")).ToContainTextAsync("综合受理窗口1");
        await Assertions.Expect(hall.GetByTestId("hall-calls")).ToContainTextAsync(number);
        var spoken = await hall.EvaluateAsync<string[]>("() => window.__spoken");
        Assert.Contains($"zh-CN:请 {number} 号到综合受理窗口1办理", spoken);
        await Accessibility.AssertNoSeriousFindingsAsync(hall, "hall display");
        await hall.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "hall-display.png"), Animations = ScreenshotAnimations.Disabled });
        await desk.CloseAsync();
        await tv.CloseAsync();
    }
}
