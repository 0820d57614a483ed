using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Notifications;

namespace Tongban.BrowserTests;

/// <summary>
/// 短信管理 in Chromium: the admin edits a template and sees its length as the gateway counts it (UCS-2, 70 characters in
/// one part, 67 per part of a long one), changes a department's consultation hotline (a bad number is explained next to
/// the field), and resends a message that failed for good.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class SmsAdminJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    [Fact]
    public async Task The_admin_edits_a_template_and_sees_its_length_edits_a_hotline_and_resends_a_failed_message()
    {
        // A message that failed for good, as the dispatcher leaves one after 24 hours of retries.
        long failedId;
        string department, departmentName;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var now = DateTimeOffset.UtcNow;
            var failed = new OutboxMessage
            {
                Recipient = "13900001234", Event = "case.accepted", Text = "【泉港政务】办件350505-2026-009999已受理。咨询电话12345。", CaseNumber = "350505-2026-009999",
                CreatedAt = now.AddDays(-1), NextAttemptAt = now.AddDays(-1), Status = MessageStatus.PermanentFailure, Attempts = 8, CompletedAt = now.AddMinutes(-5),
                LastError = "connection refused",
            };
            db.OutboxMessages.Add(failed);
            await db.SaveChangesAsync(Ct);
            failedId = failed.Id;
            var d = await db.Departments.OrderBy(x => x.SortOrder).ThenBy(x => x.Code).FirstAsync(Ct);
            (department, departmentName) = (d.Code, d.Name);
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("admin");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await page.GotoAsync("/workbench/sms");

        // A template: one part before, several after a longer text; the count is the sample as sent, signature included.
        var length = page.GetByTestId("template-length-case.inReview");
        await Assertions.Expect(length).ToHaveAttributeAsync("data-parts", "1");
        await page.GetByTestId("edit-template-case.inReview").ClickAsync();
        var body = "办件{caseNumber}已进入审核环节，审核人员将在承诺时限内完成审核，如需补充说明会另行电话联系您，请保持手机畅通。审核结果将以短信告知，也可登录政务服务网查询办理进度。" + "咨询电话{hotline}。";
        await page.GetByTestId("sms-template-body").FillAsync(body);
        var expected = SmsRules.Length(SmsTemplateCatalog.Sample(body));
        // The count follows the typing, before anything is saved.
        await Assertions.Expect(page.GetByTestId("sms-template-preview-length")).ToHaveTextAsync($"{expected.Characters} 字 / {expected.Parts} 条");
        await page.GetByTestId("sms-template-save").ClickAsync();
        Assert.True(expected.Parts >= 2, $"{expected.Characters} characters");
        await Assertions.Expect(length).ToHaveAttributeAsync("data-parts", expected.Parts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(length).ToHaveTextAsync($"{expected.Characters} 字 / {expected.Parts} 条");
        await Screenshot(page, "sms-admin-templates");

        // A hotline: a bad number is explained next to the field; a good one is shown and used.
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "咨询电话" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("hotline-departments")).ToContainTextAsync(departmentName);
        await page.GetByTestId($"edit-hotline-{department}").ClickAsync();
        var input = page.GetByTestId("hotline-input");
        await input.FillAsync("8778");
        await page.GetByTestId("hotline-save").ClickAsync();
        await Assertions.Expect(page.GetByText("咨询电话格式不正确")).ToBeVisibleAsync();
        await input.FillAsync("0595-87786666");
        await page.GetByTestId("hotline-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"hotline-{department}")).ToHaveTextAsync("0595-87786666");
        await Screenshot(page, "sms-admin-hotlines");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            Assert.Equal("0595-87786666", await db.Departments.Where(d => d.Code == department).Select(d => d.Hotline).FirstAsync(Ct));
        }

        // The failed message: resent, it leaves the list and goes back to the queue.
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "发送失败" }).ClickAsync();
        var failedRow = page.GetByTestId("sms-failed").Locator("tr").Filter(new LocatorFilterOptions { HasText = "350505-2026-009999" });
        await Assertions.Expect(failedRow).ToContainTextAsync("139****1234");
        await Assertions.Expect(failedRow).ToContainTextAsync("connection refused");
        await page.GetByTestId($"resend-{failedId}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"resend-{failedId}")).ToHaveCountAsync(0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var m = await db.OutboxMessages.AsNoTracking().FirstAsync(x => x.Id == failedId, Ct);
            Assert.NotEqual(MessageStatus.PermanentFailure, m.Status);
            Assert.NotEqual("connection refused", m.LastError);
        }
        await Assertions.Expect(page.GetByText("已重新加入发送队列")).ToBeVisibleAsync();
    }
}
