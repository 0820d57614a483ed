using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// 办件查询 · 网上咨询 · 投诉建议 in Chromium: an anonymous person queries a case with the code its receipt carries,
/// asks a question on an item's guide and reads the answer there after the department replies and publishes it, and files
/// a complaint that a supervisor assigns, the department answers and the supervisor closes.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class InteractionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> NewPageAsync(int width = 390)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private async Task<IPage> StaffAsync(string username)
    {
        var page = await NewPageAsync(1280);
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        return page;
    }

    private static string NewMobile() => "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sends the SMS code from the form and reads it where demo mode shows the outbox: its wording names the purpose, not a login.</summary>
    private static async Task ProveMobileAsync(IPage page, string mobile, string codeEvent = "consultation.otp", string wording = "咨询验证码")
    {
        await page.GetByTestId("mc-mobile").FillAsync(mobile);
        await page.GetByTestId("mc-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("mc-message")).ToContainTextAsync("验证码已发送");
        var res = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        Assert.True(res.Ok, $"GET /api/dev/sms answered {res.Status}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, i => i.GetProperty("event").GetString() == "auth.otp");
        var text = items.First(i => i.GetProperty("event").GetString() == codeEvent).GetProperty("text").GetString()!;
        Assert.Contains(wording, text);
        Assert.DoesNotContain("登录", text);
        await page.GetByTestId("mc-code").FillAsync(Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value);
    }

    [Fact]
    public async Task An_anonymous_person_queries_a_case_asks_a_question_and_complains_and_staff_answer_each()
    {
        string caseNumber, item, department;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            // A case of the demo history: it has its query code like any other.
            caseNumber = await db.Cases.OrderByDescending(c => c.Id).Select(c => c.Number).FirstAsync(Ct);
            department = (await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct))!;
            var found = await db.ItemVersions.Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department)
                .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct);
            item = found;
        }

        // 办件查询: the receipt's QR opens the page with number and code; the answer shows, then the code leaves the address.
        var citizen = await NewPageAsync();
        await citizen.GotoAsync($"/query?no={Uri.EscapeDataString(caseNumber)}&code={CaseQueryCode.For(caseNumber)}");
        await Assertions.Expect(citizen.GetByTestId("query-result")).ToBeVisibleAsync();
        await Assertions.Expect(citizen.GetByTestId("query-status")).Not.ToBeEmptyAsync();
        await Assertions.Expect(citizen).Not.ToHaveURLAsync(new Regex("code="));
        await Accessibility.AssertNoSeriousFindingsAsync(citizen, "办件查询");
        // A wrong code says so, without telling whether the case exists.
        await citizen.GetByTestId("query-code").FillAsync("ABCDEF");
        await citizen.GetByTestId("query-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("query-error")).ToContainTextAsync("办件编号或查询码不正确");

        // 网上咨询 on the item's guide.
        await citizen.GotoAsync($"/items/{Uri.EscapeDataString(item)}");
        await citizen.GetByTestId("guide-ask").ClickAsync();
        await citizen.GetByTestId("ask-question").FillAsync("这个事项可以委托他人代办吗？");
        await ProveMobileAsync(citizen, NewMobile());
        await citizen.GetByTestId("ask-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("ask-done")).ToContainTextAsync("ZX");
        var question = Regex.Match(await citizen.GetByTestId("ask-done").InnerTextAsync(), "ZX[0-9A-Z]+").Value;

        var reviewer = await StaffAsync("reviewer");
        await reviewer.GotoAsync("/workbench/consultations");
        await reviewer.GetByTestId("cons-table").GetByText(question).ClickAsync();
        const string answer = "可以委托他人代办，代办人需携带双方身份证原件和授权委托书。";
        await reviewer.GetByTestId("cons-answer-input").FillAsync(answer);
        await reviewer.GetByTestId("cons-publish").CheckAsync();
        await reviewer.GetByTestId("cons-answer-submit").ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("cons-answer")).ToHaveTextAsync(answer);

        await citizen.ReloadAsync();
        await Assertions.Expect(citizen.GetByTestId("item-faq").GetByTestId("faq-answer").Filter(new LocatorFilterOptions { HasText = answer })).ToBeVisibleAsync();

        // 投诉建议: assigned by the supervisor, answered by the department, closed by the supervisor.
        await citizen.GotoAsync("/complaints/new");
        await citizen.GetByTestId("complaint-text").FillAsync("周六上午窗口排队时间太长。");
        await ProveMobileAsync(citizen, NewMobile(), "complaint.otp", "投诉建议");
        await citizen.GetByTestId("complaint-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("complaint-done")).ToContainTextAsync("TS");
        var complaint = Regex.Match(await citizen.GetByTestId("complaint-done").InnerTextAsync(), "TS[0-9A-Z]+").Value;

        var supervisor = await StaffAsync("supervisor");
        await supervisor.GotoAsync("/workbench/complaints");
        await supervisor.GetByTestId("comp-table").GetByText(complaint).ClickAsync();
        await supervisor.GetByTestId("comp-department").SelectOptionAsync(department);
        await supervisor.GetByTestId("comp-assign").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("comp-status-text")).ToHaveTextAsync("待答复");

        await reviewer.GotoAsync("/workbench/complaints");
        await reviewer.GetByTestId("comp-table").GetByText(complaint).ClickAsync();
        await reviewer.GetByTestId("comp-reply-input").FillAsync("已增加周六上午的窗口，感谢监督。");
        await reviewer.GetByTestId("comp-reply-submit").ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("comp-reply")).ToHaveTextAsync("已增加周六上午的窗口，感谢监督。");

        await supervisor.ReloadAsync();
        await supervisor.GetByTestId("comp-table").GetByText(complaint).ClickAsync();
        await supervisor.GetByTestId("comp-close").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("comp-status-text")).ToHaveTextAsync("已办结");
    }
}
