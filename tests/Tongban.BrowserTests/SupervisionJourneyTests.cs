using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Supervision;

namespace Tongban.BrowserTests;

/// <summary>
/// 电子监察 in Chromium: right after the first start the demo history has red alerts; the supervisor opens
/// the board, narrows it to red alerts of the approval bureau, drills into a case and sends a 督办; the
/// bureau's reviewer, with the workbench open all along, sees the directive arrive live (no reload) in the alerts
/// bell, follows it to the case and answers it. The clerk of the window that received the case sees the alert change
/// in their bell too, but is not told to answer it: no toast (issue 16 point 19).
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class SupervisionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> NewPageAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    private static async Task LogInAsync(IPage page, string username)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_supervisor_drills_into_a_red_case_and_sends_a_directive_and_the_reviewer_sees_and_answers_it()
    {
        // The reviewer's department (the approval bureau) and its newest open red alert, from the demo history.
        string department = "", departmentName = "", caseNumber = "", receivingClerk = "";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            department = (await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(TestContext.Current.CancellationToken))!;
            departmentName = await db.Departments.Where(d => d.Code == department).Select(d => d.Name).FirstAsync(TestContext.Current.CancellationToken);
            // One received at a point with a clerk's account, so that clerk can watch too.
            var clerks = await db.StaffUsers.Where(u => u.IsActive && u.ServicePointCode != null).Select(u => new { u.Username, u.ServicePointCode, u.Roles })
                .ToListAsync(TestContext.Current.CancellationToken);
            var points = clerks.Where(c => c.Roles.Contains("Clerk")).GroupBy(c => c.ServicePointCode!).ToDictionary(g => g.Key, g => g.First().Username);
            var open = await db.SupervisionAlerts.Where(a => a.DepartmentCode == department && a.Level == AlertLevel.Red && a.ResolvedAt == null)
                .OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Select(a => new { a.CaseNumber, a.ServicePointCode }).ToListAsync(TestContext.Current.CancellationToken);
            var chosen = open.First(a => points.ContainsKey(a.ServicePointCode));
            (caseNumber, receivingClerk) = (chosen.CaseNumber, points[chosen.ServicePointCode]);
        }

        // The reviewer's workbench is open before anything happens; it is never reloaded until the directive is there.
        var reviewer = await NewPageAsync();
        await LogInAsync(reviewer, "reviewer");
        var bell = reviewer.GetByTestId("live-alerts-button");
        await Assertions.Expect(bell).ToBeVisibleAsync();
        await Assertions.Expect(reviewer.GetByTestId("live-alerts-count")).Not.ToHaveTextAsync("0");
        // The workbench overview (the landing page): the 待办 count, and the open alerts from the same live feed as the bell.
        await Assertions.Expect(reviewer.GetByTestId("overview-todo").Locator(".card__n")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(reviewer.GetByTestId("overview-alerts").Locator(".card__n")).ToHaveTextAsync(await reviewer.GetByTestId("live-alerts-count").InnerTextAsync());
        var directivesBefore = await reviewer.GetByTestId("overview-directives").Locator(".card__n").InnerTextAsync();
        var reviewerUrl = reviewer.Url;
        // So is the workbench of the clerk of the window that received the case (its alerts are in their bell too).
        var clerk = await NewPageAsync();
        await LogInAsync(clerk, receivingClerk);
        await Assertions.Expect(clerk.GetByTestId("live-alerts-count")).Not.ToHaveTextAsync("0");
        await clerk.GetByTestId("live-alerts-button").ClickAsync();
        // Every toast ever shown on the clerk's screen is kept (a toast leaves after 8 s; the check must not depend on when it looks).
        await clerk.EvaluateAsync(@"() => {
            window.__toasts = [];
            new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
                if (n.nodeType === 1 && (n.matches('.el-notification') || n.querySelector('.el-notification'))) window.__toasts.push(n.textContent);
            }))).observe(document.body, { childList: true, subtree: true });
        }");

        var page = await NewPageAsync();
        await LogInAsync(page, "supervisor");
        await page.GotoAsync("/workbench/supervision");
        var red = page.GetByTestId("summary-red");
        await Assertions.Expect(red).ToBeVisibleAsync();
        Assert.True(int.Parse(await red.Locator(".card__n").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Screenshot(page, "supervision-board");
        await red.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("level=red"));
        await page.GetByTestId("supervision-departments").Locator("tr").Filter(new LocatorFilterOptions { HasText = departmentName }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"department={department}"));
        var link = page.GetByTestId($"alert-case-{caseNumber}");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();

        // The case opens on its supervision records: the red alert, and the directive button.
        await Assertions.Expect(page.GetByTestId("case-number")).ToHaveTextAsync(caseNumber);
        var alert = page.GetByTestId("case-alert").Filter(new LocatorFilterOptions { HasText = "红灯超期" });
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await alert.GetByTestId("case-direct").ClickAsync();
        var text = "该件已超期，请今日内办结并书面说明超期原因。";
        await page.GetByTestId("directive-text").FillAsync(text);
        await page.GetByTestId("directive-submit").ClickAsync();
        await Assertions.Expect(alert.GetByTestId("case-directive")).ToContainTextAsync(text);
        await Screenshot(page, "supervision-directive-sent");

        // Live: the reviewer's open workbench announces it and lists it in the bell, without a reload.
        await Assertions.Expect(reviewer.Locator(".el-notification").Filter(new LocatorFilterOptions { HasText = text })).ToBeVisibleAsync();
        // The receiving clerk's feed got the same change at once (their open bell lists the directive), but it is the
        // department's to answer: no toast was ever shown on the clerk's screen.
        await Assertions.Expect(clerk.GetByTestId("live-directive").Filter(new LocatorFilterOptions { HasText = text })).ToBeVisibleAsync();
        Assert.DoesNotContain(await clerk.EvaluateAsync<string[]>("() => window.__toasts"), t => t.Contains(text, StringComparison.Ordinal));
        await Assertions.Expect(reviewer.GetByTestId("overview-directives").Locator(".card__n"))
            .ToHaveTextAsync((int.Parse(directivesBefore, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await bell.ClickAsync();
        var arrived = reviewer.GetByTestId("live-alert").Filter(new LocatorFilterOptions { Has = reviewer.GetByTestId("live-directive").Filter(new LocatorFilterOptions { HasText = text }) });
        await Assertions.Expect(arrived).ToBeVisibleAsync();
        await Assertions.Expect(arrived.GetByTestId("live-alert-case")).ToHaveTextAsync(caseNumber);
        Assert.Equal(reviewerUrl, reviewer.Url);
        await Screenshot(reviewer, "supervision-directive-live");

        // The reviewer follows it to the case and answers; the alert is resolved with the answer.
        page = reviewer;
        await arrived.GetByTestId("live-alert-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-number")).ToHaveTextAsync(caseNumber);
        var directive = page.GetByTestId("case-directive").Filter(new LocatorFilterOptions { HasText = text });
        await Assertions.Expect(directive).ToBeVisibleAsync();
        await directive.GetByTestId("directive-answer-button").ClickAsync();
        await page.GetByTestId("directive-text").FillAsync("已组织审核，今日内办结。");
        await page.GetByTestId("directive-submit").ClickAsync();
        await Assertions.Expect(directive.GetByTestId("directive-answer")).ToContainTextAsync("已组织审核，今日内办结。");
        await Assertions.Expect(page.GetByTestId("case-alert").Filter(new LocatorFilterOptions { HasText = "督办已回复" })).ToBeVisibleAsync();
        await Screenshot(page, "supervision-directive-answered");
    }
}

/// <summary>
/// Runs after the parallel browser classes, not beside them: each class starts its own server and writes the
/// 4,000-case history, and one more at the same time pushes the others' 5 s expectations over on 2 cores.
/// </summary>
[CollectionDefinition(nameof(SupervisionJourneyCollection), DisableParallelization = true)]
public sealed class SupervisionJourneyCollection;
