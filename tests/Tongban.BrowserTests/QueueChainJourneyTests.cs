using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Appointments;
using Tongban.Modules.Catalog;
using Tongban.Modules.Queue;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// Issue 18 end to end, each person on their own device: a citizen books on a phone and gets the SMS; on the day they
/// check in at the hall's ticket machine with the appointment number; the clerk calls the ticket from the calling panel,
/// the hall display shows it and says it aloud; 开始办理 opens 窗口收件 with the person already in it and the clerk files
/// the case; the ticket is finished, and the analyst finds the wait in the statistics.
/// </summary>
public sealed class QueueChainJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Center = "350505-C";
    private readonly List<string> _scriptErrors = [];

    private async Task<IPage> NewPageAsync(BrowserNewContextOptions options, string? initScript = null)
    {
        options.Locale = "zh-CN";
        options.TimezoneId = "Asia/Shanghai";
        options.BaseURL = app.BaseUrl;
        var context = await app.Browser.NewContextAsync(options);
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.PageError += (_, e) => _scriptErrors.Add(e);
        return page;
    }

    private static async Task StaffLoginAsync(IPage page, string username)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
    }

    private static string NewIdNumber()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 20 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>A bookable item of the center and the first window that serves its ticket category.</summary>
    private async Task<(string Item, string WindowName)> BookableItemAndWindowAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var ct = TestContext.Current.CancellationToken;
        var categories = await QueueCategories.ForPointAsync(db, Center, ct);
        var items = await db.ItemVersions.AsNoTracking().Where(i => i.Status == ItemVersionStatus.Published && i.AppointmentSupported && i.ForPersons)
            .OrderBy(i => i.Code).Select(i => new { i.Code, i.DepartmentCode }).Take(50).ToListAsync(ct);
        foreach (var item in items)
        {
            var category = QueueCategories.ForDepartment(categories, item.DepartmentCode);
            if (category is not { WindowCodes.Count: > 0 }) continue;
            var window = await db.Windows.AsNoTracking().Where(w => w.Code == category.WindowCodes[0]).Select(w => w.Name).FirstAsync(ct);
            return (item.Code, window);
        }
        throw new InvalidOperationException("no bookable item for a person with a window at the center");
    }

    [Fact]
    public async Task Booked_on_a_phone_checked_in_called_on_the_hall_display_filed_at_the_window_and_counted_in_the_statistics()
    {
        var (item, windowName) = await BookableItemAndWindowAsync();
        var mobile = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var idNumber = NewIdNumber();

        // 1. The phone (公众号 H5): log in by SMS code, book the first slot with places left.
        var phone = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true });
        await phone.GotoAsync("/appointments/book?item=" + Uri.EscapeDataString(item));
        await phone.GetByTestId("citizen-mobile").FillAsync(mobile);
        await phone.GetByTestId("citizen-send-code").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        var otp = (await SmsAsync(phone, mobile)).First(m => m.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        await phone.GetByTestId("citizen-code").FillAsync(Regex.Match(otp, @"验证码为(\d{6})").Groups[1].Value);
        await phone.GetByTestId("citizen-name").FillAsync("郑秀英");
        await phone.GetByTestId("citizen-id").FillAsync(idNumber);
        await phone.GetByTestId("citizen-login-submit").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("book-day").First).ToBeVisibleAsync();
        var days = phone.Locator("[data-testid=book-day]:enabled");
        var booked = false;
        for (var i = 0; i < await days.CountAsync() && !booked; i++)
        {
            await days.Nth(i).ClickAsync();
            var slot = phone.Locator("[data-testid=book-slot]:enabled, [data-testid=book-no-slots]").First;
            await Assertions.Expect(slot).ToBeVisibleAsync();
            if (await slot.GetAttributeAsync("data-testid") != "book-slot") continue;
            await slot.ClickAsync();
            booked = true;
        }
        Assert.True(booked, "a slot with places left in the bookable days");
        await phone.GetByTestId("book-submit").ClickAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/me/appointments"));
        var number = (await phone.GetByTestId("my-appointment").First.GetAttributeAsync("data-number"))!;
        Assert.Contains(await SmsAsync(phone, mobile), m => m.GetProperty("event").GetString() == "appointment.booked"
            && m.GetProperty("text").GetString()!.Contains(number, StringComparison.Ordinal));

        // 2. The booked day comes (the server runs on the real clock): the booking moves to today, its slot the whole day.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var today = ChinaTime.Today(TimeProvider.System);
            Assert.Equal(1, await db.Set<Appointment>().Where(a => a.Number == number).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Date, today).SetProperty(a => a.Start, new TimeOnly(0, 0)).SetProperty(a => a.End, new TimeOnly(23, 59)),
                TestContext.Current.CancellationToken));
        }

        // 3. The hall's TV records what it would say; the ticket machine checks the booking in.
        var hall = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } }, """
            window.__spoken = [];
            window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
            Object.defineProperty(window, 'speechSynthesis', { value: { speak: u => window.__spoken.push(u.lang + ':' + u.text), cancel: () => {} } });
            """);
        await hall.GotoAsync($"/hall/{Center}");
        await Assertions.Expect(hall.GetByTestId("hall-live")).ToHaveTextAsync("实时");
        var machine = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true });
        await machine.GotoAsync($"/hall/{Center}/take");
        await machine.GetByTestId("queue-checkin-start").TapAsync();
        foreach (var key in number[2..]) await machine.GetByTestId("queue-key-" + key).TapAsync();
        await machine.GetByTestId("queue-checkin-submit").TapAsync();
        await Assertions.Expect(machine.GetByTestId("queue-ticket-number")).ToHaveTextAsync(new Regex("^Y\\d{3}$"));
        var ticket = (await machine.GetByTestId("queue-ticket-number").TextContentAsync())!;

        // 4. The clerk at the window that serves the item calls it; the hall shows and says it.
        var desk = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        await StaffLoginAsync(desk, "clerk");
        await desk.GetByTestId("desk-window").ClickAsync();
        await desk.Locator(".el-select-dropdown__item").Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^" + Regex.Escape(windowName) + "$") }).ClickAsync();
        await desk.GetByTestId("desk-call").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("desk-ticket-number")).ToHaveTextAsync(ticket);
        await Assertions.Expect(hall.GetByTestId("hall-now")).ToContainTextAsync(ticket);
        await Assertions.Expect(hall.GetByTestId("hall-now")).ToContainTextAsync(windowName);
        var spoken = await hall.EvaluateAsync<string[]>("() => window.__spoken");
        Assert.Contains($"zh-CN:请 {ticket} 号到{windowName}办理", spoken);

        // 5. 开始办理: 窗口收件 has the item and the person who booked; the clerk files the case.
        await desk.GetByTestId("desk-start").ClickAsync();
        await desk.WaitForURLAsync("**/workbench/accept?*ticketId=*");
        await Assertions.Expect(desk.GetByTestId("new-case-id")).ToHaveValueAsync(idNumber);
        await Assertions.Expect(desk.GetByTestId("new-case-name")).ToHaveValueAsync("郑秀英");
        await Assertions.Expect(desk.GetByTestId("new-case-mobile")).ToHaveValueAsync(mobile);
        await Assertions.Expect(desk.GetByTestId("new-case-person")).ToContainTextAsync("郑秀英");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "queue-chain-intake-from-ticket.png"), Animations = ScreenshotAnimations.Disabled });
        await desk.GetByTestId("new-case-submit").ClickAsync();
        await Assertions.Expect(desk).ToHaveURLAsync(new Regex("/workbench/cases/"));
        await desk.GetByTestId("desk-finish").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("desk-ticket-number")).ToHaveCountAsync(0);

        // 6. The analyst's statistics count the ticket, its wait and the window.
        var analyst = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        await StaffLoginAsync(analyst, "analyst");
        await analyst.GotoAsync("/workbench/stats");
        var queue = analyst.GetByTestId("stats-queue");
        await Assertions.Expect(queue.GetByTestId("stats-queue-tickets").Locator(".card__value")).ToHaveTextAsync("1");
        await Assertions.Expect(queue.GetByTestId("stats-queue-averageWait").Locator(".card__value")).ToHaveTextAsync(new Regex("^\\d+$"));
        await Assertions.Expect(queue.GetByTestId("stats-queue-windows")).ToContainTextAsync(windowName);
        await queue.ScrollIntoViewIfNeededAsync();
        await analyst.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "stats-queue.png"), Animations = ScreenshotAnimations.Disabled });
        Assert.True(_scriptErrors.Count == 0, string.Join("\n", _scriptErrors));
    }

    private static async Task<List<JsonElement>> SmsAsync(IPage page, string mobile)
    {
        var res = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        Assert.True(res.Ok, $"GET /api/dev/sms answered {res.Status}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }
}
