using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tongban.Modules.Validation;

namespace Tongban.BrowserTests;

/// <summary>
/// A new citizen on a phone: SMS-code login with real-name binding, an online application that
/// uploads its materials, a second application for another item that needs the same ID card and
/// submits with zero uploads (once-only: the card comes from the library), then 我的办件 and 我的材料.
/// </summary>
public sealed class CitizenPortalJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // 适龄儿童、少年因身体状况需要延缓入学或者休学审批: 居民身份证 + 申请表 + 证明材料.
    private const string FirstItem = "511A0138000000-350505000000-000-11350505MB3505010G-1-00";
    // 三级社会体育指导员技术等级称号认定: 居民身份证 + 申请表.
    private const string SecondItem = "511F33033003-350505000000-000-11350505MB3505010G-1-00";
    private const int PhoneWidth = 375;

    /// <summary>Uncaught script errors and Vue warnings seen by the pages of this test.</summary>
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

    private void ExpectNoScriptErrors() => Assert.True(_scriptErrors.Count == 0, string.Join("\n", _scriptErrors));

    private static Task Screenshot(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });

    /// <summary>Nothing sticks out sideways at phone width (the page never scrolls horizontally).</summary>
    private static async Task ExpectFitsPhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidth, $"{page.Url} is {width}px wide at a {PhoneWidth}px viewport");
    }

    private static string NewMobile() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>A valid GB 11643 number no demo applicant has: district 350505, a random birth date and sequence.</summary>
    private static string NewIdNumber()
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(Random.Shared.Next(0, 20 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>The newest login code sent to the number, read where demo mode shows the SMS outbox.</summary>
    private static async Task<string> ReadLoginCodeAsync(IPage page, string mobile)
    {
        var res = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        Assert.True(res.Ok, $"GET /api/dev/sms answered {res.Status}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        var text = json.RootElement.GetProperty("items").EnumerateArray()
            .First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        return Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value;
    }

    private static async Task RequestCodeAsync(IPage page, string mobile)
    {
        await page.GetByTestId("citizen-mobile").FillAsync(mobile);
        await page.GetByTestId("citizen-send-code").ClickAsync();
        await Assertions.Expect(page.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        // The 60-second countdown runs on the button.
        await Assertions.Expect(page.GetByTestId("citizen-send-code")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("citizen-send-code")).ToContainTextAsync("秒后重新获取");
    }

    /// <summary>A 1×1 PNG, real enough for the server's content sniffing.</summary>
    private static byte[] Png()
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var t = Encoding.ASCII.GetBytes(type);
            var len = BitConverter.GetBytes(data.Length);
            if (BitConverter.IsLittleEndian) Array.Reverse(len);
            var crc = BitConverter.GetBytes(Crc32([.. t, .. data]));
            if (BitConverter.IsLittleEndian) Array.Reverse(crc);
            return [.. len, .. t, .. data, .. crc];
        }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write([0, 0xB3, 0x26, 0x1E]);
        byte[] header = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", z.ToArray()), .. Chunk("IEND", [])];
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A real one-page PDF: the server opens every PDF with a PDF library before it keeps it.</summary>
    private static byte[] Pdf()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static async Task FillFormStepAsync(IPage page, string description)
    {
        await Assertions.Expect(page.GetByTestId("apply-step-form")).ToBeVisibleAsync();
        await page.GetByTestId("apply-description").FillAsync(description);
        await page.GetByTestId("apply-address").FillAsync("泉港区山腰街道驿峰路 88 号");
    }

    private static async Task<string> SubmitFromConfirmAsync(IPage page)
    {
        await page.GetByTestId("apply-promise").ClickAsync();
        await page.GetByTestId("apply-submit").ClickAsync();
        var number = page.GetByTestId("receipt-case-number");
        await Assertions.Expect(number).ToHaveTextAsync(new Regex(@"^\d{6}-\d{4}-\d{6}$"));
        return (await number.TextContentAsync())!.Trim();
    }

    private static async Task<JsonElement> GetCaseAsync(IPage page, string caseNumber)
    {
        var res = await page.Context.APIRequest.GetAsync("/api/cases/" + caseNumber);
        Assert.True(res.Ok, $"GET /api/cases/{caseNumber} answered {res.Status}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        return json.RootElement.Clone();
    }

    private static JsonElement Material(JsonElement @case, string requirementCode) =>
        @case.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("requirementCode").GetString() == requirementCode);

    /// <summary>First login of a fresh number from /me/login: code from the demo SMS outbox, then name and ID number.</summary>
    private static async Task LogInNewCitizenAsync(IPage page, string name)
    {
        var mobile = NewMobile();
        await RequestCodeAsync(page, mobile);
        await page.GetByTestId("citizen-code").FillAsync(await ReadLoginCodeAsync(page, mobile));
        // The real-name fields are offered from the start: one press logs a new user in.
        await page.GetByTestId("citizen-name").FillAsync(name);
        await page.GetByTestId("citizen-id").FillAsync(NewIdNumber());
        await page.GetByTestId("citizen-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-my")).ToBeVisibleAsync();
    }

    /// <summary>The district center's clerk issues a one-time correction notice (一次性告知) through the API.</summary>
    private async Task RequestCorrectionAsync(string caseNumber, string requirementCode, string reason)
    {
        await using var staff = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var headers = new Dictionary<string, string> { ["X-Tongban-Client"] = "web" };
        var login = await staff.APIRequest.PostAsync("/api/auth/staff/login", new APIRequestContextOptions { DataObject = new { username = "clerk", password = "Demo#2026" }, Headers = headers });
        Assert.True(login.Ok, $"staff login answered {login.Status}");
        var res = await staff.APIRequest.PostAsync($"/api/cases/{caseNumber}/pre-review", new APIRequestContextOptions
        {
            DataObject = new { result = "correct", corrections = new[] { new { requirementCode, reason } } },
            Headers = headers,
        });
        Assert.True(res.Ok, $"pre-review answered {res.Status}: {await res.TextAsync()}");
    }

    [Fact]
    public async Task A_new_citizen_applies_twice_on_a_phone_and_the_second_application_reuses_the_id_card_with_zero_uploads()
    {
        var page = await NewPhonePageAsync();
        var uploads = 0;
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/files") Interlocked.Increment(ref uploads);
        };
        var mobile = NewMobile();
        var idNumber = NewIdNumber();

        // The guide offers 在线申请; applying needs a login, which comes back to the application.
        await page.GotoAsync("/items/" + FirstItem);
        await Assertions.Expect(page.GetByTestId("guide-title")).ToContainTextAsync("延缓入学");
        await page.GetByTestId("guide-apply").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me/login\\?redirect="));
        await Assertions.Expect(page.GetByTestId("citizen-demo-hint")).ToContainTextAsync("/api/dev/sms");
        await RequestCodeAsync(page, mobile);
        var code = await ReadLoginCodeAsync(page, mobile);
        await page.GetByTestId("citizen-code").FillAsync(code);
        await page.GetByTestId("citizen-login-submit").ClickAsync();

        // First login of this number, the real-name fields left empty: the server asks for them (the code is not
        // spent); nothing the person has not typed yet is shown as an error.
        await Assertions.Expect(page.GetByTestId("citizen-first-login")).ToContainTextAsync("实名绑定");
        await Assertions.Expect(page.GetByTestId("citizen-realname")).ToHaveAttributeAsync("data-required", "true");
        await Assertions.Expect(page.GetByTestId("citizen-realname").Locator(".is-error")).ToHaveCountAsync(0);
        await page.GetByTestId("citizen-name").FillAsync("林晓明");
        // A wrong check digit is named next to the field, in Chinese, from the ProblemDetails.
        var badCheck = idNumber[..17] + (idNumber[17] == '0' ? '1' : '0');
        await page.GetByTestId("citizen-id").FillAsync(badCheck);
        await page.GetByTestId("citizen-login-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".el-form-item.is-error").Filter(new LocatorFilterOptions { HasText = "居民身份证号码" }))
            .ToContainTextAsync("校验");
        await Screenshot(page, "citizen-login-first-time");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("citizen-id").FillAsync(idNumber);
        await page.GetByTestId("citizen-login-submit").ClickAsync();

        // 1 填写表单: name and ID shown masked from the login.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/items/.+/apply"));
        await Assertions.Expect(page.GetByTestId("apply-applicant")).ToContainTextAsync("林**");
        await Assertions.Expect(page.GetByTestId("apply-applicant")).ToContainTextAsync(idNumber[..6] + "********" + idNumber[14..]);
        await Assertions.Expect(page.GetByTestId("nav-my")).ToBeVisibleAsync();
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("请填写申请事项说明")).ToBeVisibleAsync();
        await FillFormStepAsync(page, "孩子因病需住院治疗，申请休学一年。");
        await Screenshot(page, "citizen-apply-form");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("apply-next").ClickAsync();

        // 2 提交材料: nothing in the library yet, so the ID card and the certificate are uploaded; the form is filled online.
        await Assertions.Expect(page.GetByTestId("apply-step-materials")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("apply-form-filled-M02")).ToContainTextAsync("已在线填写");
        await Assertions.Expect(page.GetByTestId("apply-material-M01")).ToHaveAttributeAsync("data-mode", "upload");
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("还有必要材料未提供")).ToBeVisibleAsync();
        await page.GetByTestId("apply-file-M01").SetInputFilesAsync(new FilePayload { Name = "身份证.png", MimeType = "image/png", Buffer = Png() });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M01")).ToContainTextAsync("身份证.png");
        await page.GetByTestId("apply-file-M03").SetInputFilesAsync(new FilePayload { Name = "诊断证明.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M03")).ToContainTextAsync("诊断证明.pdf");
        await Screenshot(page, "citizen-apply-materials-upload");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("apply-next").ClickAsync();

        // 3 确认提交 → 4 回执.
        await Assertions.Expect(page.GetByTestId("apply-upload-count")).ToHaveAttributeAsync("data-uploads", "2");
        await page.GetByTestId("apply-submit").ClickAsync();
        await Assertions.Expect(page.GetByText("请先勾选承诺后再提交")).ToBeVisibleAsync();
        var first = await SubmitFromConfirmAsync(page);
        await Assertions.Expect(page.GetByTestId("apply-receipt")).ToContainTextAsync("预审");
        await Assertions.Expect(page.GetByTestId("receipt-deadline")).ToHaveTextAsync("受理后 10 个工作日内办结（自受理次日起计算，受理后给出办结日期）");
        await Screenshot(page, "citizen-receipt-first");
        await ExpectFitsPhoneAsync(page);
        Assert.Equal(2, uploads);
        var idCardFile = Material(await GetCaseAsync(page, first), "M01").GetProperty("fileId").GetString();

        // The second item needs the same ID card: the library offers it, chosen already, with its trust level and date.
        uploads = 0;
        await page.GotoAsync("/items/" + SecondItem);
        await page.GetByTestId("guide-apply").ClickAsync();
        await FillFormStepAsync(page, "申请三级社会体育指导员技术等级称号。");
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-reuse-hint")).ToContainTextAsync("无需再次上传");
        var idCard = page.GetByTestId("apply-material-M01");
        await Assertions.Expect(idCard).ToHaveAttributeAsync("data-mode", "library");
        await Assertions.Expect(idCard.GetByTestId("apply-candidate-M01")).ToContainTextAsync("C 本人上传");
        await Assertions.Expect(idCard.GetByTestId("apply-candidate-M01")).ToContainTextAsync("入库于");
        await Assertions.Expect(idCard.GetByTestId("apply-candidate-M01").Locator("input")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("apply-form-filled-M02")).ToBeVisibleAsync();
        await Screenshot(page, "citizen-apply-materials-reuse");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-upload-count")).ToHaveAttributeAsync("data-uploads", "0");
        await Assertions.Expect(page.GetByTestId("apply-upload-count")).ToHaveAttributeAsync("data-reused", "1");
        await Assertions.Expect(page.GetByTestId("apply-summary-M01")).ToContainTextAsync("材料库复用");
        // 结果领取方式: this one comes by express, to a town chosen from the district's and the street typed.
        await page.GetByTestId("apply-delivery-express").ClickAsync();
        await page.GetByTestId("apply-delivery-town").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "南埔镇", Exact = true }).ClickAsync();
        await page.GetByTestId("apply-delivery-detail").FillAsync("肖厝村 88 号");
        var second = await SubmitFromConfirmAsync(page);
        Assert.NotEqual(first, second);
        await Assertions.Expect(page.GetByTestId("receipt-result-delivery")).ToContainTextAsync("快递送达：南埔镇肖厝村 88 号");
        Assert.Equal("南埔镇肖厝村 88 号", (await GetCaseAsync(page, second)).GetProperty("resultDelivery").GetProperty("address").GetString());
        Assert.Equal(0, uploads);
        await Screenshot(page, "citizen-receipt-second");

        // The case links the library material: the same stored file, not a copy.
        var linked = Material(await GetCaseAsync(page, second), "M01");
        Assert.Equal(JsonValueKind.Number, linked.GetProperty("libraryMaterialId").ValueKind);
        Assert.Equal(idCardFile, linked.GetProperty("fileId").GetString());
        await page.GetByTestId("receipt-open-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-number")).ToHaveTextAsync(second);
        await Assertions.Expect(page.GetByTestId("my-case-material-M01")).ToHaveAttributeAsync("data-origin", "reused");
        await Assertions.Expect(page.GetByTestId("my-case-material-M01")).ToContainTextAsync("材料库复用");
        await Assertions.Expect(page.GetByTestId("my-case-material-M02")).ToContainTextAsync("已在线填写");
        await Assertions.Expect(page.GetByTestId("my-case-sms")).ToContainTextAsync(second);
        await Screenshot(page, "citizen-case-detail");
        await ExpectFitsPhoneAsync(page);

        // 我的办件: both applications.
        await page.GetByTestId("nav-my").ClickAsync();
        await Assertions.Expect(page.GetByTestId("my-case")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("my-case").Filter(new LocatorFilterOptions { HasText = first })).ToContainTextAsync("延缓入学");
        await Assertions.Expect(page.GetByTestId("my-case").Filter(new LocatorFilterOptions { HasText = second })).ToContainTextAsync("社会体育指导员");
        await Screenshot(page, "citizen-my-cases");
        await ExpectFitsPhoneAsync(page);

        // 我的材料: the ID card, uploaded by the citizen (C), used twice, one upload saved.
        await page.GetByTestId("my-nav-materials").ClickAsync();
        var card = page.Locator("[data-testid='library-material'][data-type='resident-id-card']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("trust-level")).ToHaveTextAsync("C 本人上传");
        await Assertions.Expect(card.GetByTestId("library-reuse-count")).ToHaveTextAsync("1");
        await Assertions.Expect(card.GetByTestId("library-use-count")).ToHaveTextAsync("2");
        await Assertions.Expect(card.GetByTestId("library-download")).ToHaveAttributeAsync("href", "/api/files/" + idCardFile);
        await Screenshot(page, "citizen-my-materials");
        await ExpectFitsPhoneAsync(page);

        // 长辈模式 keeps the page within the phone's width.
        await page.GetByTestId("large-font-toggle").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("large-font"));
        await ExpectFitsPhoneAsync(page);
        await Screenshot(page, "citizen-my-materials-large-font");
        ExpectNoScriptErrors();
    }

    [Fact]
    public async Task A_wrong_sms_code_is_explained_in_chinese()
    {
        var page = await NewPhonePageAsync();
        var mobile = NewMobile();
        await page.GotoAsync("/me/login");
        await RequestCodeAsync(page, mobile);
        var code = await ReadLoginCodeAsync(page, mobile);
        var wrong = ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        await page.GetByTestId("citizen-code").FillAsync(wrong);
        await page.GetByTestId("citizen-login-submit").ClickAsync();
        var error = page.GetByTestId("citizen-login-error");
        await Assertions.Expect(error).ToContainTextAsync("验证码错误或已过期");
        await Assertions.Expect(error).ToContainTextAsync("再错 4 次");
        await Assertions.Expect(page.GetByTestId("citizen-first-login")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("citizen-realname").Locator(".is-error")).ToHaveCountAsync(0);
        await Screenshot(page, "citizen-login-wrong-code");
        await ExpectFitsPhoneAsync(page);
        // English is the second language of every screen.
        await page.GetByTestId("language-switch").Filter(new LocatorFilterOptions { HasText = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Citizen sign-in");
        await Assertions.Expect(page.GetByTestId("citizen-login-submit")).ToHaveTextAsync("Sign in");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("language-switch").Filter(new LocatorFilterOptions { HasText = "中文" }).ClickAsync();
        // The staff login is still one tap away and unchanged.
        await page.GetByTestId("staff-login-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-username")).ToBeVisibleAsync();
        ExpectNoScriptErrors();
    }

    [Fact]
    public async Task A_draft_is_resumed_and_submitted_once_then_a_correction_is_supplied_online_and_the_case_withdrawn()
    {
        var page = await NewPhonePageAsync();
        await page.GotoAsync("/me/login");
        await LogInNewCitizenAsync(page, "郑雅琴");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me/cases"));
        await Assertions.Expect(page.GetByTestId("my-cases-total")).ToContainTextAsync("共 0 件");
        // This citizen reads in 长辈模式 (large fonts) the whole way; the pages still fit the phone.
        await page.GetByTestId("large-font-toggle").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("large-font"));

        // Save a draft halfway (form filled, ID card uploaded) …
        await page.GotoAsync($"/items/{SecondItem}/apply");
        await FillFormStepAsync(page, "草稿：申请三级社会体育指导员。");
        await page.GetByTestId("apply-next").ClickAsync();
        await page.GetByTestId("apply-file-M01").SetInputFilesAsync(new FilePayload { Name = "id.png", MimeType = "image/png", Buffer = Png() });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M01")).ToBeVisibleAsync();
        await ExpectFitsPhoneAsync(page);
        await Screenshot(page, "citizen-apply-large-font");
        await page.GetByTestId("apply-save-draft").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("draft=[0-9a-f-]{36}"));

        // … and resume it from 我的 → 草稿, where it left off.
        await page.GetByTestId("nav-my").ClickAsync();
        await page.GetByTestId("my-nav-drafts").ClickAsync();
        await Assertions.Expect(page.GetByTestId("my-draft")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("my-draft")).ToContainTextAsync("三级社会体育指导员");
        await Screenshot(page, "citizen-drafts");
        await page.GetByTestId("my-draft-resume").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-step-materials")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M01")).ToContainTextAsync("id.png");
        await page.GetByTestId("apply-prev").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-description")).ToHaveValueAsync("草稿：申请三级社会体育指导员。");
        await page.GetByTestId("apply-next").ClickAsync();
        await page.GetByTestId("apply-next").ClickAsync();
        var caseNumber = await SubmitFromConfirmAsync(page);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("draft="));
        await ExpectFitsPhoneAsync(page);
        await page.GotoAsync("/me/drafts");
        await Assertions.Expect(page.GetByText("没有未提交的草稿")).ToBeVisibleAsync();

        // The clerk asks for a clearer ID card; the case shows what to do and the citizen supplies it online.
        await RequestCorrectionAsync(caseNumber, "M01", "身份证照片模糊，请上传清晰的正反面");
        await page.GetByTestId("my-nav-cases").ClickAsync();
        var row = page.GetByTestId("my-case").Filter(new LocatorFilterOptions { HasText = caseNumber });
        await Assertions.Expect(row.GetByTestId("my-case-action-needed")).ToBeVisibleAsync();
        await row.GetByTestId("my-case-link").ClickAsync();
        var status = page.Locator(".my-case__title").GetByTestId("case-status");
        await Assertions.Expect(status).ToHaveTextAsync("待补正");
        var correction = page.GetByTestId("my-case-correction");
        await Assertions.Expect(correction).ToContainTextAsync("身份证照片模糊");
        await correction.GetByTestId("apply-mode-upload-M01").ClickAsync();
        await correction.GetByTestId("apply-file-M01").SetInputFilesAsync(new FilePayload { Name = "id-clear.png", MimeType = "image/png", Buffer = Png() });
        await Assertions.Expect(correction.GetByTestId("apply-uploaded-M01")).ToContainTextAsync("id-clear.png");
        await Screenshot(page, "citizen-correction");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("my-case-supplement").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("已提交");
        await Assertions.Expect(page.GetByTestId("my-case-correction")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("my-case-timeline")).ToContainTextAsync("补正");
        // The new upload answers the notice; it is kept in the library, not shown as a reuse.
        await Assertions.Expect(page.GetByTestId("my-case-material-M01")).ToHaveAttributeAsync("data-origin", "kept");

        // Withdrawal needs a reason.
        await page.GetByTestId("my-case-withdraw").ClickAsync();
        await page.GetByTestId("withdraw-confirm").ClickAsync();
        await Assertions.Expect(page.GetByText("请填写撤回原因")).ToBeVisibleAsync();
        await page.GetByTestId("withdraw-reason").FillAsync("已在窗口办理，撤回网上申请");
        await Screenshot(page, "citizen-withdraw", fullPage: false);
        await page.GetByTestId("withdraw-confirm").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("已撤回");
        await Assertions.Expect(page.GetByTestId("my-case-withdraw")).ToHaveCountAsync(0);
        await Screenshot(page, "citizen-withdrawn");
        ExpectNoScriptErrors();
    }

    [Fact]
    public async Task An_agent_applies_for_another_person_with_a_power_of_attorney()
    {
        var page = await NewPhonePageAsync();
        await page.GotoAsync("/me/login");
        await LogInNewCitizenAsync(page, "黄志强");
        await page.GotoAsync($"/items/{FirstItem}/apply");
        await page.GetByTestId("apply-as-agent").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-principal")).ToBeVisibleAsync();
        await FillFormStepAsync(page, "代孩子的母亲申请休学。");
        await page.GetByTestId("apply-principal-name").FillAsync("黄小红");
        await page.GetByTestId("apply-principal-id").FillAsync("350505199001017891");
        await page.GetByTestId("apply-principal-mobile").FillAsync(NewMobile());
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("身份证号码格式或校验位不正确")).ToBeVisibleAsync();
        await page.GetByTestId("apply-principal-id").FillAsync(NewIdNumber());
        await Screenshot(page, "citizen-agent-form");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("apply-next").ClickAsync();

        // The authorization is asked for; without it the step does not go on.
        await Assertions.Expect(page.GetByTestId("apply-material-M04")).ToContainTextAsync("授权委托书");
        await page.GetByTestId("apply-file-M01").SetInputFilesAsync(new FilePayload { Name = "id.png", MimeType = "image/png", Buffer = Png() });
        await page.GetByTestId("apply-file-M03").SetInputFilesAsync(new FilePayload { Name = "proof.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M03")).ToBeVisibleAsync();
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("须上传授权委托书")).ToBeVisibleAsync();
        await page.GetByTestId("apply-file-M04").SetInputFilesAsync(new FilePayload { Name = "授权委托书.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M04")).ToBeVisibleAsync();
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-confirm-principal")).ToContainTextAsync("黄小红");
        var caseNumber = await SubmitFromConfirmAsync(page);

        await page.GetByTestId("receipt-my-cases").ClickAsync();
        var row = page.GetByTestId("my-case").Filter(new LocatorFilterOptions { HasText = caseNumber });
        await Assertions.Expect(row).ToContainTextAsync("代 黄** 申请");
        await Screenshot(page, "citizen-agent-my-cases");
        ExpectNoScriptErrors();
    }

    [Fact]
    public async Task A_citizen_applies_for_an_enterprise_with_its_credit_code_and_the_legal_representatives_authorization()
    {
        // An item for enterprises only, open online, that asks for the legal representative's proof (the authorization).
        string itemCode = "";
        List<(string Code, string Type)> required = [];
        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(app.Services))
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tongban.Infrastructure.Data.TongbanDb>(scope.ServiceProvider);
            var item = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.Include(db.ItemVersions, i => i.Materials)
                    .Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForEnterprises && !i.ForPersons
                        && (i.Channels & Tongban.Modules.Catalog.Channels.Online) != 0
                        && i.Materials.Any(m => m.MaterialTypeCode == "legal-representative-proof" && m.Necessity == Tongban.Modules.Catalog.Necessity.Required))
                    .OrderBy(i => i.Id), TestContext.Current.CancellationToken);
            itemCode = item.Code;
            required = [.. item.Materials.Where(m => m.Necessity == Tongban.Modules.Catalog.Necessity.Required && m.Type != "form")
                .Select(m => (m.Code, m.MaterialTypeCode ?? ""))];
        }
        var authorization = required.Single(r => r.Type == "legal-representative-proof").Code;

        var page = await NewPhonePageAsync();
        await page.GotoAsync("/me/login");
        await LogInNewCitizenAsync(page, "蔡建国");
        await page.GotoAsync($"/items/{itemCode}/apply");
        // Only enterprises are served: the wizard goes straight to the enterprise's details (no choice for oneself or another person).
        await Assertions.Expect(page.GetByTestId("apply-principal")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("apply-principal-credit")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("apply-as")).ToHaveCountAsync(0);
        await FillFormStepAsync(page, "本公司申请办理，由经办人蔡建国提交。");
        await page.GetByTestId("apply-principal-name").FillAsync("泉州市泉港区海岸贸易有限公司");
        await page.GetByTestId("apply-principal-credit").FillAsync("91110000600037");
        await page.GetByTestId("apply-principal-mobile").FillAsync(NewMobile());
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("统一社会信用代码应为 18 位")).ToBeVisibleAsync();
        await page.GetByTestId("apply-principal-credit").FillAsync("91110000600037341l");
        await Screenshot(page, "citizen-enterprise-form");
        await ExpectFitsPhoneAsync(page);
        await page.GetByTestId("apply-next").ClickAsync();

        // Every required material but the authorization first: the wizard insists on it.
        await Assertions.Expect(page.GetByTestId("apply-step-materials")).ToBeVisibleAsync();
        foreach (var (code, _) in required.Where(r => r.Code != authorization))
        {
            await page.GetByTestId($"apply-file-{code}").SetInputFilesAsync(new FilePayload { Name = code + ".pdf", MimeType = "application/pdf", Buffer = Pdf() });
            await Assertions.Expect(page.GetByTestId($"apply-uploaded-{code}")).ToBeVisibleAsync();
        }
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByText("须上传授权委托书（或法定代表人身份证明）").First).ToBeVisibleAsync();
        await page.GetByTestId($"apply-file-{authorization}").SetInputFilesAsync(new FilePayload { Name = "法定代表人身份证明.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await Assertions.Expect(page.GetByTestId($"apply-uploaded-{authorization}")).ToBeVisibleAsync();
        await page.GetByTestId("apply-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("apply-confirm-principal")).ToContainTextAsync("泉州市泉港区海岸贸易有限公司");
        await Assertions.Expect(page.GetByTestId("apply-confirm-principal")).ToContainTextAsync("91110000600037341L");
        var caseNumber = await SubmitFromConfirmAsync(page);

        // Filed for the enterprise: its name and credit code, the citizen as the one acting for it, the authorization attached.
        var filed = await GetCaseAsync(page, caseNumber);
        var applicant = filed.GetProperty("applicant");
        Assert.Equal("enterprise", applicant.GetProperty("kind").GetString());
        Assert.Equal("泉州市泉港区海岸贸易有限公司", applicant.GetProperty("name").GetString());
        Assert.Contains("蔡", applicant.GetProperty("contactName").GetString(), StringComparison.Ordinal);
        Assert.False(Material(filed, authorization).GetProperty("fileId").ValueKind == JsonValueKind.Null);

        await page.GetByTestId("receipt-my-cases").ClickAsync();
        var row = page.GetByTestId("my-case").Filter(new LocatorFilterOptions { HasText = caseNumber });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Screenshot(page, "citizen-enterprise-my-cases");
        ExpectNoScriptErrors();
    }
}
