using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// One case through the whole process 受理 → 审核 → 审批 → 办结 → 送达 in Chromium, each step by the
/// role that does it, through the workbench's own screens and dialogs.
/// </summary>
public sealed class CaseProcessJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // 行政许可 of D01 with 审核 and 审批 steps and a 容缺 material (demo catalog).
    private const string ItemName = "食品(含保健食品)经营许可变更主体业态";
    private const string MissingMaterial = "M05";
    private static readonly string[] ReceivedMaterials = ["M01", "M02", "M03", "M04", "M06"];

    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task Screenshot(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });

    private static async Task LogInAsync(IPage page, string username)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
    }

    private static async Task LogOutAsync(IPage page)
    {
        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
    }

    private static async Task ExpectStatusAsync(IPage page, string chinese) =>
        await Assertions.Expect(page.Locator(".case__title").GetByTestId("case-status")).ToHaveTextAsync(chinese);

    private static async Task<ILocator> OpenActionAsync(IPage page, string action)
    {
        await page.GetByTestId($"action-{action}").ClickAsync();
        var dialog = page.Locator(".el-dialog").Filter(new LocatorFilterOptions { Has = page.Locator($"[data-action='{action}']") });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }

    private static async Task ConfirmAsync(IPage page, ILocator dialog)
    {
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>From 待办, find the case by its number and open it.</summary>
    private static async Task OpenFromTodoAsync(IPage page, string caseNumber, string? screenshot = null)
    {
        await page.GotoAsync("/workbench/todo");
        await Assertions.Expect(page.GetByTestId("queue-count-todo")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("case-row-link").First).ToBeVisibleAsync();
        if (screenshot is not null) await Screenshot(page, screenshot);
        await page.GetByTestId("queue-search").FillAsync(caseNumber);
        await page.GetByTestId("queue-search").PressAsync("Enter");
        var link = page.GetByTestId("case-row-link").Filter(new LocatorFilterOptions { HasText = caseNumber });
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await link.ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-number")).ToHaveTextAsync(caseNumber);
    }

    private static async Task<string> FindItemCodeAsync(IPage page)
    {
        var res = await page.Context.APIRequest.GetAsync("/api/items?department=D01&pageSize=5&q=" + Uri.EscapeDataString(ItemName));
        var json = await res.JsonAsync();
        return json!.Value.GetProperty("items")[0].GetProperty("code").GetString()!;
    }

    private static string CreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var first17 = "91350505MA" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sum = first17.Select((c, i) => alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return first17 + alphabet[(31 - sum % 31) % 31];
    }

    [Fact]
    public async Task A_case_goes_from_window_reception_through_correction_review_and_approval_to_delivery()
    {
        // 窗口收件 by the clerk: every material but one.
        var page = await NewPageAsync();
        await LogInAsync(page, "clerk");
        // The header names the clerk's service point for people, not by its code (350505-C).
        await Assertions.Expect(page.GetByTestId("workbench-service-point")).ToHaveTextAsync("泉港区行政服务中心");
        await page.GotoAsync("/workbench/todo");
        await page.GetByTestId("new-case").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/accept"));
        await page.GetByTestId("new-case-item").ClickAsync();
        await page.Keyboard.TypeAsync("经营许可变更主体业态");
        var option = page.GetByTestId("item-option").Filter(new LocatorFilterOptions { HasText = ItemName });
        await option.First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-case-materials")).ToContainTextAsync("营业执照");
        // The item serves enterprises only: the form switched to a credit code.
        await Assertions.Expect(page.GetByTestId("new-case-kind-enterprise").Locator("input")).ToBeCheckedAsync();
        await page.GetByTestId("new-case-name").FillAsync("泉港区示范食品有限公司");
        await page.GetByTestId("new-case-id").FillAsync("12345");
        await page.GetByTestId("new-case-contact").FillAsync("林晓");
        await page.GetByTestId("new-case-mobile").FillAsync("13800000000");
        foreach (var code in ReceivedMaterials) await page.GetByTestId($"material-check-{code}").ClickAsync();
        // A bad credit code comes back as a field error next to the field.
        await page.GetByTestId("new-case-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".el-form-item.is-error").Filter(new LocatorFilterOptions { HasText = "统一社会信用代码" })).ToBeVisibleAsync();
        await page.GetByTestId("new-case-id").FillAsync(CreditCode());
        await Screenshot(page, "workbench-new-case");
        await page.GetByTestId("new-case-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/cases/"));
        var caseNumber = (await page.GetByTestId("case-number").TextContentAsync())!.Trim();
        await ExpectStatusAsync(page, "已提交");

        // 预审 → 一次性告知 naming the missing material with a reason.
        var dialog = await OpenActionAsync(page, "preReview");
        await dialog.GetByTestId("prereview-correct").ClickAsync();
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(dialog.GetByText("请至少勾选一项需要补正的材料")).ToBeVisibleAsync();
        await dialog.GetByTestId($"deficient-check-{MissingMaterial}").ClickAsync();
        var reason = dialog.GetByTestId($"deficient-reason-{MissingMaterial}");
        await reason.FillAsync("未提交从业人员健康证明，请补交有效期内的健康证明");
        await Screenshot(page, "workbench-correction-dialog", fullPage: false);
        await reason.PressAsync("Enter"); // Enter submits the dialog
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await ExpectStatusAsync(page, "待补正");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { NameRegex = new Regex("补正告知") }).ClickAsync();
        var notice = page.GetByTestId("correction-notice");
        await Assertions.Expect(notice).ToContainTextAsync("从业人员健康证明");
        await Assertions.Expect(notice).ToContainTextAsync("有效期内的健康证明");
        await Assertions.Expect(page.GetByTestId("correction-pdf-1")).ToHaveAttributeAsync("href", $"/api/cases/{caseNumber}/correction-notices/1/pdf");

        // 补正, then 预审 passes and the case is accepted.
        // Nothing is ticked until the clerk has checked it: confirming at once is refused.
        dialog = await OpenActionAsync(page, "supplement");
        await Assertions.Expect(dialog.GetByTestId($"supplied-check-{MissingMaterial}").Locator("input")).Not.ToBeCheckedAsync();
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(dialog.GetByText("请勾选补交的材料")).ToBeVisibleAsync();
        await dialog.GetByTestId($"supplied-check-{MissingMaterial}").ClickAsync();
        await ConfirmAsync(page, dialog);
        await ExpectStatusAsync(page, "已提交");
        dialog = await OpenActionAsync(page, "preReview");
        await ConfirmAsync(page, dialog);
        await ExpectStatusAsync(page, "预审通过待受理");
        dialog = await OpenActionAsync(page, "accept");
        await ConfirmAsync(page, dialog);
        await ExpectStatusAsync(page, "已受理");
        await Assertions.Expect(page.GetByTestId("acceptance-number")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("case-due").GetByTestId("due-tag")).ToHaveAttributeAsync("data-tone", "ok");
        await Assertions.Expect(page.GetByTestId("action-review")).ToHaveCountAsync(0); // not the clerk's to review
        await LogOutAsync(page);

        // 审核 by the reviewer, found in 待办.
        await LogInAsync(page, "reviewer");
        await OpenFromTodoAsync(page, caseNumber, screenshot: "workbench-queue");
        dialog = await OpenActionAsync(page, "review");
        await dialog.GetByTestId("action-opinion").FillAsync("材料齐全，符合许可条件，同意。");
        await ConfirmAsync(page, dialog);
        await ExpectStatusAsync(page, "审核中");
        await Assertions.Expect(page.GetByTestId("action-review")).ToHaveCountAsync(0); // 审批 is the approver's
        await LogOutAsync(page);

        // 审批 and 办结 by the approver.
        await LogInAsync(page, "approver");
        await OpenFromTodoAsync(page, caseNumber);
        await Assertions.Expect(page.GetByTestId("action-review")).ToHaveTextAsync("审批");
        dialog = await OpenActionAsync(page, "review");
        var opinion = dialog.GetByTestId("action-opinion");
        await opinion.FillAsync("同意许可。");
        await opinion.PressAsync("Control+Enter");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await ExpectStatusAsync(page, "准予");
        dialog = await OpenActionAsync(page, "complete");
        await Assertions.Expect(dialog.GetByTestId("delivery-pickup").Locator("input")).ToBeCheckedAsync();
        await dialog.GetByTestId("action-document-number").FillAsync("泉港食许〔2026〕0001号");
        await ConfirmAsync(page, dialog);
        await ExpectStatusAsync(page, "已办结");
        await LogOutAsync(page);

        // 送达 at the window with the pickup code the applicant shows.
        await LogInAsync(page, "clerk");
        await OpenFromTodoAsync(page, caseNumber);
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "办理结果" }).ClickAsync();
        var pickupCode = (await page.GetByTestId("pickup-code").TextContentAsync())!.Trim();
        Assert.Matches("^[0-9]{6}$", pickupCode);
        dialog = await OpenActionAsync(page, "deliver");
        await dialog.GetByTestId("action-pickup-code").FillAsync(pickupCode);
        await dialog.GetByTestId("action-pickup-code").PressAsync("Enter");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await ExpectStatusAsync(page, "已送达");
        await Assertions.Expect(page.GetByTestId("no-actions")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "办理过程" }).ClickAsync();
        var names = await page.GetByTestId("timeline-step-name").AllTextContentsAsync();
        Assert.Equal(["收件", "预审", "补正", "预审", "受理", "审核", "审批", "办结", "送达"], names.Select(n => n.Trim()).ToArray());
        await Screenshot(page, "workbench-case-detail");

        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "审计日志" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-audit")).ToContainTextAsync("case.deliver");
    }

    [Fact]
    public async Task Each_queue_tab_shows_the_total_of_its_list()
    {
        var page = await NewPageAsync(1366, 768);
        await LogInAsync(page, "reviewer");
        await page.GotoAsync("/workbench/todo");
        foreach (var view in new[] { "todo", "done", "all" })
        {
            await page.GetByTestId($"queue-tab-{view}").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"queue-tab-{view}")).ToHaveAttributeAsync("aria-selected", "true");
            var count = (await page.GetByTestId($"queue-count-{view}").TextContentAsync())!.Trim();
            // The list under the tab says 共 N 件 with the same N (全部 once counted only open cases: 0 beside 已办 101).
            await Assertions.Expect(page.GetByTestId("queue-total")).ToHaveTextAsync($"共 {count} 件");
            Assert.NotEqual("0", count);
        }
    }

    [Fact]
    public async Task Each_role_sees_the_menu_of_its_own_work_and_no_entry_under_construction()
    {
        var page = await NewPageAsync(1366, 768);
        var menu = page.Locator("nav.workbench__nav");
        // A reviewer works from 待办件 (what awaits them: to review, to approve, to complete): no 窗口收件, no empty 审核 page.
        await LogInAsync(page, "reviewer");
        await Assertions.Expect(menu.GetByRole(AriaRole.Menuitem, new LocatorGetByRoleOptions { Name = "待办件" })).ToBeVisibleAsync();
        await Assertions.Expect(menu.GetByText("窗口收件")).ToHaveCountAsync(0);
        await Assertions.Expect(menu.GetByRole(AriaRole.Menuitem, new LocatorGetByRoleOptions { Name = "审核", Exact = true })).ToHaveCountAsync(0);
        await menu.GetByRole(AriaRole.Menuitem, new LocatorGetByRoleOptions { Name = "待办件" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-row-link").First).ToBeVisibleAsync();
        var statuses = await page.GetByTestId("case-table").GetByTestId("case-status").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)");
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { "accepted", "inReview", "suspended", "approved", "rejected" }));
        // Every entry of every role's menu leads to a working page.
        foreach (var user in new[] { "reviewer", "clerk", "supervisor", "admin" })
        {
            if (user != "reviewer")
            {
                await LogOutAsync(page);
                await LogInAsync(page, user);
            }
            var entries = await menu.GetByRole(AriaRole.Menuitem).AllTextContentsAsync();
            for (var i = 0; i < entries.Count; i++)
            {
                await menu.GetByRole(AriaRole.Menuitem).Nth(i).ClickAsync();
                await Assertions.Expect(page.GetByText("功能建设中")).ToHaveCountAsync(0);
                await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
            }
            if (user == "clerk") Assert.Contains(entries, e => e.Contains("窗口收件"));
        }
    }

    [Fact]
    public async Task The_queue_is_usable_on_a_phone()
    {
        var page = await NewPageAsync(390, 844);
        await LogInAsync(page, "clerk");
        // A case of our own, so this test does not depend on what the demo history left open.
        var filed = await page.Context.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions
        {
            // Same as the web app: cookie-authenticated changes carry the client header (CSRF guard).
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString(), ["X-Tongban-Client"] = "web" },
            DataObject = new
            {
                itemCode = await FindItemCodeAsync(page),
                channel = "window",
                applicant = new { kind = "enterprise", name = "泉港区示范餐饮有限公司", creditCode = CreditCode(), mobile = "13900000000", contactName = "陈明" },
                materials = ReceivedMaterials.Select(c => new { requirementCode = c }).ToArray(),
            },
        });
        Assert.True(filed.Ok, await filed.TextAsync());
        await page.GotoAsync("/workbench/todo");
        await Assertions.Expect(page.GetByTestId("case-row-link").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the workbench scrolls sideways on a 390 px phone");
        await Screenshot(page, "workbench-queue-phone");
        await page.GetByTestId("case-row-link").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-number")).ToBeVisibleAsync();
        overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the case detail scrolls sideways on a 390 px phone");
        await Screenshot(page, "workbench-case-phone");
    }
}
