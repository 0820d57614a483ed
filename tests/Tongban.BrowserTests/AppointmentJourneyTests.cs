using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// Issue 18 on a 375 px phone (the 公众号 H5): from an item guide, 预约办理 → a date → a slot with places left → book;
/// the booking is in 我的预约 and the confirmation SMS was sent; then it is cancelled there.
/// </summary>
public sealed class AppointmentJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int PhoneWidth = 375;
    private readonly List<string> _scriptErrors = [];

    private async Task<IPage> NewPhonePageAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 812 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.PageError += (_, e) => _scriptErrors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("[Vue warn]", StringComparison.Ordinal)) _scriptErrors.Add(m.Text);
        };
        return page;
    }

    private static async Task ExpectFitsPhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidth, $"{page.Url} is {width}px wide at a {PhoneWidth}px viewport");
    }

    private static string NewMobile() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private static string NewIdNumber()
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(Random.Shared.Next(0, 20 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    private static async Task<JsonElement> SmsAsync(IPage page, string mobile)
    {
        var res = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        Assert.True(res.Ok, $"GET /api/dev/sms answered {res.Status}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        return json.RootElement.GetProperty("items").Clone();
    }

    private async Task<string> BookableItemAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        return await db.ItemVersions.Where(i => i.Status == ItemVersionStatus.Published && i.AppointmentSupported).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync();
    }

    [Fact]
    public async Task A_citizen_books_on_a_phone_sees_it_in_my_appointments_and_cancels_it()
    {
        var item = await BookableItemAsync();
        var page = await NewPhonePageAsync();
        var mobile = NewMobile();

        // The guide shows the center's hours and offers 预约办理; booking needs a login, which comes back to the booking.
        await page.GotoAsync("/items/" + Uri.EscapeDataString(item));
        await Assertions.Expect(page.GetByTestId("opening-day").First).ToBeVisibleAsync();
        await page.GetByTestId("guide-book").ClickAsync();
        await page.GetByTestId("citizen-mobile").FillAsync(mobile);
        await page.GetByTestId("citizen-send-code").ClickAsync();
        await Assertions.Expect(page.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        var otp = (await SmsAsync(page, mobile)).EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        await page.GetByTestId("citizen-code").FillAsync(Regex.Match(otp, @"验证码为(\d{6})").Groups[1].Value);
        await page.GetByTestId("citizen-name").FillAsync("黄晓玲");
        await page.GetByTestId("citizen-id").FillAsync(NewIdNumber());
        await page.GetByTestId("citizen-login-submit").ClickAsync();

        // A date (closed days are disabled), then a slot with places left.
        await Assertions.Expect(page.GetByTestId("book-item")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("book-day").First).ToBeVisibleAsync();
        var closedDays = await page.Locator("[data-testid=book-day]:disabled").CountAsync();
        Assert.True(closedDays > 0, "a fortnight has closed days (the weekend), shown disabled");
        var days = page.Locator("[data-testid=book-day]:enabled");
        string? booked = null;
        for (var i = 0; i < await days.CountAsync() && booked is null; i++)
        {
            await days.Nth(i).ClickAsync();
            var slot = page.Locator("[data-testid=book-slot]:enabled, [data-testid=book-no-slots]").First;
            await Assertions.Expect(slot).ToBeVisibleAsync();
            if (await slot.GetAttributeAsync("data-testid") != "book-slot") continue;
            booked = await slot.GetAttributeAsync("data-start");
            await slot.ClickAsync();
        }
        Assert.NotNull(booked);
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("book-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me/appointments"));
        await Assertions.Expect(page.GetByTestId("booked-notice")).ToBeVisibleAsync();
        var card = page.GetByTestId("my-appointment").First;
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "booked");
        await Assertions.Expect(card).ToContainTextAsync(booked!);
        var number = await card.GetAttributeAsync("data-number");
        var sms = await SmsAsync(page, mobile);
        Assert.Contains(sms.EnumerateArray(), m => m.GetProperty("event").GetString() == "appointment.booked"
            && m.GetProperty("text").GetString()!.Contains(number!, StringComparison.Ordinal));
        await ExpectFitsPhoneAsync(page);

        await card.GetByTestId("appointment-cancel").ClickAsync();
        await page.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await Assertions.Expect(page.GetByTestId("my-appointment").First).ToHaveAttributeAsync("data-status", "cancelled");
        Assert.True(_scriptErrors.Count == 0, string.Join("\n", _scriptErrors));
    }

    [Fact]
    public async Task An_admin_changes_the_weekly_hours_in_the_workbench_and_the_portal_shows_them()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.PageError += (_, e) => _scriptErrors.Add(e);
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("admin");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await page.GotoAsync("/workbench/hours");

        // The district center comes first; Friday afternoon closed (09:00–11:30 only).
        var friday = page.GetByTestId("weekly-5");
        await Assertions.Expect(friday).ToHaveValueAsync("09:00-12:00,13:30-17:00");
        await friday.FillAsync("9:00-11:30");
        await page.GetByTestId("weekly-save").ClickAsync();
        await Assertions.Expect(page.Locator(".el-message--success")).ToBeVisibleAsync();

        var res = await page.Context.APIRequest.GetAsync("/api/service-points/350505-C/hours");
        using var json = JsonDocument.Parse(await res.TextAsync());
        var fridays = json.RootElement.EnumerateArray().Where(d => DateOnly.Parse(d.GetProperty("date").GetString()!, CultureInfo.InvariantCulture).DayOfWeek == DayOfWeek.Friday
            && d.GetProperty("open").GetBoolean() && d.GetProperty("note").ValueKind != JsonValueKind.String).ToList();
        Assert.NotEmpty(fridays);
        Assert.All(fridays, d => Assert.Equal("11:30", d.GetProperty("periods")[0].GetProperty("end").GetString()));
        Assert.True(_scriptErrors.Count == 0, string.Join("\n", _scriptErrors));
    }
}
