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
/// Issue 19's "done when" in Chromium: the approver completes a case and sees its sealed certificate; anyone opens the
/// QR's verification page (有效), the department revokes it and the same page says 已吊销; the holder finds it in 我的证照
/// and applies for another item with it and nothing uploaded; a tampered PDF uploaded to /verify is 无效 with the reason.
/// </summary>
public sealed class CertificateJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int PhoneWidth = 375;
    private static readonly Dictionary<string, string> WebClient = new() { ["X-Tongban-Client"] = "web" };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Item(string Code, string Type, string[] Materials);

    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width <= PhoneWidth,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    private static async Task ExpectFitsPhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidth, $"{page.Url} is {width}px wide at a {PhoneWidth}px viewport");
    }

    private static string NewIdNumber()
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(Random.Shared.Next(0, 20 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    private static string NewMobile() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task WithDbAsync(Func<TongbanDb, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TongbanDb>());
    }

    /// <summary>A 行政许可 item of the demo reviewer's department that issues an e-certificate to persons, filed at the window.</summary>
    private async Task<Item> CertificateItemAsync()
    {
        Item found = null!;
        await WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.CertificateTypeCode != null
                    && i.ForPersons && (i.Channels & Channels.Window) != 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = new Item(item.Code, item.CertificateTypeCode!, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return found;
    }

    /// <summary>A staff member's API session (the cookie the login sets), for the steps this test does not look at.</summary>
    private async Task<IAPIRequestContext> StaffApiAsync(string username)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var login = await context.APIRequest.PostAsync("/api/auth/staff/login",
            new APIRequestContextOptions { DataObject = new { username, password = "Demo#2026" }, Headers = WebClient });
        Assert.True(login.Ok, $"{username} login answered {login.Status}");
        return context.APIRequest;
    }

    private static async Task<JsonElement> PostAsync(IAPIRequestContext api, string url, object body, string? idempotencyKey = null)
    {
        var headers = new Dictionary<string, string>(WebClient);
        if (idempotencyKey is not null) headers["Idempotency-Key"] = idempotencyKey;
        var res = await api.PostAsync(url, new APIRequestContextOptions { DataObject = body, Headers = headers });
        var text = await res.TextAsync();
        Assert.True(res.Ok, $"POST {url} answered {res.Status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Filed at the window for the person, accepted and decided 准予 up to the last approval: ready for 办结.</summary>
    private async Task<string> ApprovedCaseAsync(Item item, string name, string idNumber)
    {
        var clerk = await StaffApiAsync("clerk");
        var reviewer = await StaffApiAsync("reviewer");
        var approver = await StaffApiAsync("approver");
        var filed = await PostAsync(clerk, "/api/cases", new
        {
            itemCode = item.Code, channel = "window",
            applicant = new { kind = "person", name, idNumber, mobile = NewMobile() },
            materials = item.Materials.Select(m => new { requirementCode = m }).ToArray(),
        }, Guid.NewGuid().ToString());
        var number = filed.GetProperty("caseNumber").GetString()!;
        await PostAsync(clerk, $"/api/cases/{number}/accept", new { });
        var c = await PostAsync(reviewer, $"/api/cases/{number}/review", new { decision = "approve", opinion = "符合条件" });
        while (c.GetProperty("status").GetString() == "inReview")
            c = await PostAsync(approver, $"/api/cases/{number}/review", new { decision = "approve", opinion = "准予许可" });
        Assert.Equal("approved", c.GetProperty("status").GetString());
        return number;
    }

    private static async Task<byte[]> GetPdfAsync(IPage page, string url)
    {
        var res = await page.Context.APIRequest.GetAsync(url);
        Assert.True(res.Ok, $"GET {url} answered {res.Status}");
        Assert.StartsWith("application/pdf", res.Headers["content-type"], StringComparison.Ordinal);
        var body = await res.BodyAsync();
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(body, 0, 5));
        return body;
    }

    [Fact]
    public async Task The_approver_completes_a_case_sees_the_sealed_certificate_and_revoking_it_shows_on_the_verify_page()
    {
        var item = await CertificateItemAsync();
        var number = await ApprovedCaseAsync(item, "林证照", NewIdNumber());

        // 办结 by the approver on the case page; the result tab shows the certificate the completion issued.
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("approver");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await page.GotoAsync("/workbench/cases/" + number);
        await Assertions.Expect(page.GetByTestId("case-number")).ToHaveTextAsync(number);
        await page.GetByTestId("action-complete").ClickAsync();
        var dialog = page.Locator(".el-dialog").Filter(new LocatorFilterOptions { Has = page.Locator("[data-action='complete']") });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("action-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".case__title").GetByTestId("case-status")).ToHaveTextAsync("已办结");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "办理结果" }).ClickAsync();
        var card = page.GetByTestId("case-certificate");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("case-certificate-status")).ToHaveTextAsync("有效");
        await Screenshot(page, "certificate-case-result");

        // The sealed PDF and the decision letter are real PDFs of a sensible size (a font subset, not the whole font).
        var pdf = await GetPdfAsync(page, (await card.GetByTestId("case-certificate-pdf").GetAttributeAsync("href"))!);
        Assert.InRange(pdf.Length, 5_000, 3_000_000);
        await GetPdfAsync(page, (await page.GetByTestId("case-decision-letter").GetAttributeAsync("href"))!);

        // What the QR opens, on a phone, with no login: 有效.
        var identifier = (await card.GetAttributeAsync("data-identifier"))!;
        Assert.Matches(@"^1\.2\.156\.3005\.2\.", identifier);
        var anyone = await NewPageAsync(PhoneWidth, 812);
        await anyone.GotoAsync("/verify/" + Uri.EscapeDataString(identifier));
        var status = anyone.GetByTestId("verify-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(status).ToContainTextAsync("有效");
        await Assertions.Expect(anyone.GetByTestId("verify-holder")).ToHaveTextAsync(new Regex("^林\\*"));
        await ExpectFitsPhoneAsync(anyone);
        await Screenshot(anyone, "certificate-verify-valid");
        await Accessibility.AssertNoSeriousFindingsAsync(anyone, "verify page");

        // 吊销 by the issuing department, with a required reason.
        await card.GetByTestId("certificate-revoke").ClickAsync();
        await page.GetByTestId("certificate-confirm").ClickAsync();
        await Assertions.Expect(page.GetByText("请填写原因")).ToBeVisibleAsync();
        await page.GetByTestId("certificate-reason").FillAsync("申请人以欺骗手段取得许可");
        await page.GetByTestId("certificate-confirm").ClickAsync();
        await Assertions.Expect(card.GetByTestId("case-certificate-status")).ToHaveTextAsync("已吊销");
        Assert.Equal(0, await card.GetByTestId("certificate-revoke").CountAsync());

        // The same verification page says so at once, with the reason.
        await anyone.ReloadAsync();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "revoked");
        await Assertions.Expect(status).ToContainTextAsync("已吊销");
        await Assertions.Expect(anyone.GetByTestId("verify-reason")).ToContainTextAsync("欺骗手段");
        await Screenshot(anyone, "certificate-verify-revoked");
    }

    [Fact]
    public async Task A_tampered_certificate_pdf_uploaded_to_the_verify_page_is_invalid_with_the_reason()
    {
        var item = await CertificateItemAsync();
        var number = await ApprovedCaseAsync(item, "王核验", NewIdNumber());
        var reviewer = await StaffApiAsync("reviewer");
        await PostAsync(reviewer, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } });
        var list = await reviewer.GetAsync($"/api/cases/{number}/certificates");
        var id = JsonDocument.Parse(await list.TextAsync()).RootElement[0].GetProperty("id").GetString();
        var original = await (await reviewer.GetAsync($"/api/certificates/{id}/file.pdf")).BodyAsync();
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(original, 0, 5));

        var page = await NewPageAsync(PhoneWidth, 812);
        await page.GotoAsync("/verify");
        await page.GetByTestId("verify-file-input").SetInputFilesAsync(new FilePayload { Name = "证照.pdf", MimeType = "application/pdf", Buffer = original });
        var result = page.GetByTestId("verify-file-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-valid", "true");
        await Assertions.Expect(result).ToContainTextAsync("有效");

        // One byte changed in the middle of the document.
        var tampered = (byte[])original.Clone();
        tampered[tampered.Length / 3] ^= 0x01;
        await page.GetByTestId("verify-file-input").SetInputFilesAsync(new FilePayload { Name = "证照-改.pdf", MimeType = "application/pdf", Buffer = tampered });
        await Assertions.Expect(result).ToHaveAttributeAsync("data-valid", "false");
        await Assertions.Expect(result).ToContainTextAsync("无效");
        await Assertions.Expect(page.GetByTestId("verify-file-reason")).Not.ToBeEmptyAsync();
        await ExpectFitsPhoneAsync(page);
        await Screenshot(page, "certificate-verify-file-invalid");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "verify upload page");
    }

    [Fact]
    public async Task The_holder_finds_the_certificate_in_my_certificates_and_applies_with_it_uploading_nothing()
    {
        var item = await CertificateItemAsync();
        var idNumber = NewIdNumber();
        var number = await ApprovedCaseAsync(item, "陈美玲", idNumber);
        await PostAsync(await StaffApiAsync("reviewer"), $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } });

        // A later item for persons, online, whose only required upload is a certificate of this type (as an editor sets it).
        string later = "", requirement = "";
        await WithDbAsync(async db =>
        {
            var candidates = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && !i.ForEnterprises && (i.Channels & Channels.Online) != 0 && i.Code != item.Code)
                .OrderBy(i => i.Id).Take(300).ToListAsync(Ct);
            var chosen = candidates.First(i => i.Materials.Count(m => m.Necessity == Necessity.Required && m.Type != "form") == 1);
            var r = chosen.Materials.Single(m => m.Necessity == Necessity.Required && m.Type != "form");
            r.CertificateTypeCode = item.Type;
            await db.SaveChangesAsync(Ct);
            (later, requirement) = (chosen.Code, r.Code);
        });

        var page = await NewPageAsync(PhoneWidth, 812);
        var uploads = 0;
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/files") Interlocked.Increment(ref uploads);
        };
        var mobile = NewMobile();
        await page.GotoAsync("/me/login");
        await page.GetByTestId("citizen-mobile").FillAsync(mobile);
        await page.GetByTestId("citizen-send-code").ClickAsync();
        await Assertions.Expect(page.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        var sms = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile)).TextAsync()).RootElement;
        var text = sms.GetProperty("items").EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        await page.GetByTestId("citizen-code").FillAsync(Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value);
        await page.GetByTestId("citizen-name").FillAsync("陈美玲");
        await page.GetByTestId("citizen-id").FillAsync(idNumber);
        await page.GetByTestId("citizen-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-my")).ToBeVisibleAsync();

        // 我的证照: the certificate, valid, its face fields, its PDF.
        await page.GotoAsync("/me/cases");
        await page.GetByTestId("my-nav-certificates").ClickAsync();
        var card = page.GetByTestId("my-certificate");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("my-certificate-status")).ToHaveTextAsync("有效");
        await card.GetByTestId("my-certificate-view").ClickAsync();
        await Assertions.Expect(card.GetByTestId("my-certificate-detail")).ToContainTextAsync("陈美玲");
        await GetPdfAsync(page, (await card.GetByTestId("my-certificate-download").GetAttributeAsync("href"))!);
        await ExpectFitsPhoneAsync(page);
        await Screenshot(page, "certificate-my-certificates");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "我的证照");

        // 加注件: the purpose is required; with it and an end date the sealed copy downloads.
        await card.GetByTestId("my-certificate-use-copy").ClickAsync();
        await page.GetByTestId("use-copy-download").ClickAsync();
        await Assertions.Expect(page.GetByText("请填写用途")).ToBeVisibleAsync();
        await page.GetByTestId("use-copy-purpose").FillAsync("银行开户");
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByTestId("use-copy-until").FillAsync(until);
        var href = await page.GetByTestId("use-copy-download").GetAttributeAsync("href");
        Assert.Contains("until=" + until, href, StringComparison.Ordinal);
        await GetPdfAsync(page, href!);

        // A new application: the certificate is offered, chosen already, as trust A; nothing is uploaded.
        await page.GotoAsync($"/items/{later}/apply");
        await Assertions.Expect(page.GetByTestId("apply-step-form")).ToBeVisibleAsync();
        await page.GetByTestId("apply-description").FillAsync("使用电子证照申请。");
        await page.GetByTestId("apply-address").FillAsync("泉港区山腰街道驿峰路 88 号");
        await page.GetByTestId("apply-next").ClickAsync();
        var material = page.GetByTestId($"apply-material-{requirement}");
        await Assertions.Expect(material).ToHaveAttributeAsync("data-mode", "certificate");
        await Assertions.Expect(material.GetByTestId($"apply-certificate-{requirement}").Locator("input")).ToBeCheckedAsync();
        await Assertions.Expect(material.GetByTestId("trust-level")).ToHaveAttributeAsync("data-level", "A");
        await ExpectFitsPhoneAsync(page);
        await Screenshot(page, "certificate-apply-reuse");
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-upload-count")).ToHaveAttributeAsync("data-uploads", "0");
        await page.GetByTestId("apply-promise").ClickAsync();
        await page.GetByTestId("apply-submit").ClickAsync();
        var receipt = page.GetByTestId("receipt-case-number");
        await Assertions.Expect(receipt).ToHaveTextAsync(new Regex(@"^\d{6}-\d{4}-\d{6}$"));
        var caseNumber = (await receipt.TextContentAsync())!.Trim();
        Assert.Equal(0, uploads);

        var c = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/cases/" + caseNumber)).TextAsync()).RootElement;
        var used = c.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("requirementCode").GetString() == requirement);
        Assert.Equal(JsonValueKind.String, used.GetProperty("certificateId").ValueKind);
    }

    [Fact]
    public async Task The_administrator_imports_a_sheet_with_bad_rows_and_sees_them_by_row_and_column()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("admin");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "证照导入" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/certificates/import$"));

        var csv = "typeCode,holderName,holderIdNumber,issuedAt,validUntil\nNOPE,林存量," + NewIdNumber() + ",2020-05-01,\n";
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "存量证照.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Assertions.Expect(page.GetByTestId("import-rejected")).ToContainTextAsync("未导入");
        var table = page.GetByTestId("import-rejected-table");
        await Assertions.Expect(table).ToContainTextAsync("typeCode");
        await Assertions.Expect(table).ToContainTextAsync("没有证照类型“NOPE”");
        await Assertions.Expect(table.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync("2");
        await Screenshot(page, "certificate-import-rejected");
    }
}
