using System.Diagnostics;
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
/// E-certificates from the staff side and at the kiosk, in Chromium: the administrator converts a clean sheet (存量转化)
/// on the import screen; a clerk at the window files for a person with that person's certificate chosen instead of an
/// upload; a card holder opens their certificate large at the kiosk; a wrong PKCS#12 password is a field error in Chinese.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class CertificateAdminAndWindowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Dictionary<string, string> WebClient = new() { ["X-Tongban-Client"] = "web" };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The first demo card on the simulated reader (陈美玲).</summary>
    private const string DemoCardIdNumber = "11010519491231002X";

    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool touch = false)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, HasTouch = touch, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private async Task<IPage> StaffPageAsync(string username)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workbench-user")).ToBeVisibleAsync();
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

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

    private static string NewIdNumber()
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(Random.Shared.Next(0, 20 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    private async Task WithDbAsync(Func<TongbanDb, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TongbanDb>());
    }

    /// <summary>A 行政许可 item of the demo reviewer's department, filed at the window, that issues persons a certificate.</summary>
    private async Task<(string Code, string Type, string[] Materials)> CertificateItemAsync()
    {
        (string, string, string[]) found = default;
        await WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.CertificateTypeCode != null
                    && i.ForPersons && (i.Channels & Channels.Window) != 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = (item.Code, item.CertificateTypeCode!, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return found;
    }

    [Fact]
    public async Task The_administrator_imports_a_clean_sheet_and_the_certificates_are_in_the_registry()
    {
        var (_, type, _) = await CertificateItemAsync();
        var page = await StaffPageAsync("admin");
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "证照导入" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/certificates/import$"));

        var csv = "typeCode,holderName,holderIdNumber,issuedAt,validUntil\n" + $"{type},林存量,{NewIdNumber()},2020-05-01,2030-04-30\n" + $"{type},王存量,{NewIdNumber()},2019-01-02,\n";
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "存量证照.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Assertions.Expect(page.GetByTestId("import-done")).ToContainTextAsync("已导入 2 张");
        await Screenshot(page, "certificate-import-done");
        await Accessibility.AssertNoSeriousFindingsAsync(page, "证照导入");

        var stored = new List<(string Name, DateOnly? ValidUntil)>();
        await WithDbAsync(async db => stored = [.. (await db.Certificates.AsNoTracking()
            .Where(c => c.Origin == "import" && c.TypeCode == type && (c.HolderName == "林存量" || c.HolderName == "王存量"))
            .Select(c => new { c.HolderName, c.ValidUntil }).ToListAsync(Ct)).Select(c => (c.HolderName, c.ValidUntil)).OrderBy(c => c.HolderName, StringComparer.Ordinal)]);
        Assert.Equal([("林存量", new DateOnly(2030, 4, 30)), ("王存量", (DateOnly?)null)], stored);
    }

    [Fact]
    public async Task The_clerk_files_for_a_person_with_their_certificate_instead_of_an_upload()
    {
        // The person's approved licence case completes and issues their certificate; a later item asks for a material that
        // a certificate of that type stands in for (as an editor sets it).
        var (itemCode, type, materials) = await CertificateItemAsync();
        var idNumber = NewIdNumber();
        string later = "", requirement = "";
        await WithDbAsync(async db =>
        {
            var candidates = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && (i.Channels & Channels.Window) != 0 && i.Code != itemCode)
                .OrderBy(i => i.Id).Take(300).ToListAsync(Ct);
            var chosen = candidates.First(i => i.Materials.Any(m => m.Necessity == Necessity.Required && m.Type != "form"));
            var r = chosen.Materials.First(m => m.Necessity == Necessity.Required && m.Type != "form");
            r.CertificateTypeCode = type;
            await db.SaveChangesAsync(Ct);
            (later, requirement) = (chosen.Code, r.Code);
        });
        var clerkApi = await StaffApiAsync("clerk");
        var reviewer = await StaffApiAsync("reviewer");
        var approver = await StaffApiAsync("approver");
        var mobile = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var filed = await PostAsync(clerkApi, "/api/cases", new
        {
            itemCode, channel = "window",
            applicant = new { kind = "person", name = "黄窗口", idNumber, mobile },
            materials = materials.Select(m => new { requirementCode = m }).ToArray(),
        }, Guid.NewGuid().ToString());
        var first = filed.GetProperty("caseNumber").GetString()!;
        await PostAsync(clerkApi, $"/api/cases/{first}/accept", new { });
        var c = await PostAsync(reviewer, $"/api/cases/{first}/review", new { decision = "approve", opinion = "符合条件" });
        while (c.GetProperty("status").GetString() == "inReview") c = await PostAsync(approver, $"/api/cases/{first}/review", new { decision = "approve", opinion = "准予许可" });
        await PostAsync(reviewer, $"/api/cases/{first}/complete", new { delivery = new { method = "pickup" } });

        var page = await StaffPageAsync("clerk");
        var uploads = 0;
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/files") Interlocked.Increment(ref uploads);
        };
        await page.GotoAsync("/workbench/accept?item=" + Uri.EscapeDataString(later));
        await Assertions.Expect(page.GetByTestId("new-case-materials")).ToBeVisibleAsync();
        await page.GetByTestId("new-case-mobile").FillAsync(mobile);
        await page.GetByTestId("new-case-id").FillAsync(idNumber);
        await page.GetByTestId("new-case-lookup").ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-case-person")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("new-case-name")).ToHaveValueAsync("黄窗口");
        // The certificate is offered and chosen already, the material ticked as received, and no upload box is shown for it.
        await Assertions.Expect(page.GetByTestId($"material-certificate-{requirement}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"material-certificate-{requirement}")).ToContainTextAsync("电子证照");
        await Assertions.Expect(page.GetByTestId($"material-check-{requirement}").Locator("input")).ToBeCheckedAsync();
        await Screenshot(page, "window-certificate-reuse");
        await page.GetByTestId("new-case-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/cases/"));
        var number = (await page.GetByTestId("case-number").InnerTextAsync()).Trim();
        Assert.Equal(0, uploads);

        var body = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync($"/api/cases/{number}")).TextAsync()).RootElement;
        var used = body.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("requirementCode").GetString() == requirement);
        Assert.Equal(JsonValueKind.String, used.GetProperty("certificateId").ValueKind);
        var certificateId = Guid.Parse(used.GetProperty("certificateId").GetString()!);
        string? holderCase = null;
        await WithDbAsync(async db => holderCase = await db.Certificates.Where(x => x.Id == certificateId).Select(x => x.CaseNumber).SingleAsync(Ct));
        Assert.Equal(first, holderCase);
    }

    private async Task<string> IssueEnrolmentCodeAsync(string kioskCode)
    {
        var admin = await StaffPageAsync("admin");
        await admin.GotoAsync("/workbench/kiosks");
        await admin.GetByTestId("kiosk-table").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = kioskCode }).First.GetByTestId("issue-code").ClickAsync();
        var code = (await admin.GetByTestId("issued-code").Locator("code").InnerTextAsync()).Trim();
        await admin.Context.CloseAsync();
        return code;
    }

    [Fact]
    public async Task At_the_kiosk_the_card_holder_sees_their_certificate_and_opens_it_large()
    {
        // The demo card's person holds a converted certificate (存量转化 through the admin API).
        var (_, type, _) = await CertificateItemAsync();
        var admin = await StaffApiAsync("admin");
        var csv = "typeCode,holderName,holderIdNumber,issuedAt,validUntil\n" + $"{type},陈美玲,{DemoCardIdNumber},2021-03-01,2031-02-28\n";
        var res = await admin.PostAsync("/api/admin/certificates/import", new APIRequestContextOptions
        {
            Headers = WebClient,
            Multipart = admin.CreateFormData().Set("file", new FilePayload { Name = "存量证照.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) }),
        });
        var text = await res.TextAsync();
        Assert.True(res.Ok, $"import answered {res.Status}: {text}");
        Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("imported").GetInt32());
        var enrolmentCode = await IssueEnrolmentCodeAsync("K03");

        var page = await NewPageAsync(1080, 1920, touch: true);
        await page.GotoAsync("/kiosk");
        await page.GetByTestId("kiosk-code").FillAsync("K03");
        await page.GetByTestId("enrolment-code").FillAsync(enrolmentCode);
        await page.GetByTestId("enrol-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        await page.GetByTestId("sim-card").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-person")).ToBeVisibleAsync();

        await page.GetByTestId("kiosk-my-certificates").TapAsync();
        var card = page.GetByTestId("kiosk-certificate");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(card).ToContainTextAsync("2031-02-28");
        await Accessibility.AssertTouchTargetsAsync(page, "kiosk, 我的证照", "[data-testid=\"kiosk\"]", minimum: 60);
        await Accessibility.AssertNoSeriousFindingsAsync(page, "kiosk, 我的证照");

        await card.GetByTestId("kiosk-certificate-show").TapAsync();
        var face = page.GetByTestId("kiosk-certificate-face");
        await Assertions.Expect(face).ToBeVisibleAsync();
        await Assertions.Expect(face).ToContainTextAsync("有效");
        await Assertions.Expect(face).ToContainTextAsync(new Regex(@"1\.2\.156\.3005\.2\."));
        await Assertions.Expect(page.GetByTestId("kiosk-certificate-print-shown")).ToBeEnabledAsync();
        await Screenshot(page, "kiosk-certificate-face");
        await Accessibility.AssertTouchTargetsAsync(page, "kiosk, 证照照面", "[data-testid=\"kiosk\"]", minimum: 60);
        await Accessibility.AssertNoSeriousFindingsAsync(page, "kiosk, 证照照面");

        await page.GetByTestId("kiosk-certificate-list").TapAsync();
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await page.GetByTestId("sim-remove-card").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-certificates")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static void Run(string dir, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }

    [Fact]
    public async Task The_seal_import_form_names_a_wrong_pkcs12_password_in_chinese()
    {
        // A PKCS#12 file with the password "secret", made here with OpenSSL.
        var dir = Directory.CreateTempSubdirectory("tongban-seal-").FullName;
        byte[] p12;
        try
        {
            Run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Seal", "-days", "3650", "-keyout", "seal.key", "-out", "seal.pem");
            Run(dir, "openssl", "pkcs12", "-export", "-inkey", "seal.key", "-in", "seal.pem", "-passout", "pass:secret", "-out", "seal.p12");
            p12 = await File.ReadAllBytesAsync(Path.Combine(dir, "seal.p12"), Ct);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        string department = "";
        await WithDbAsync(async db =>
        {
            var code = await db.CertificateTypes.OrderBy(t => t.Id).Select(t => t.IssuerDepartmentCode).FirstAsync(Ct);
            department = await db.Departments.Where(d => d.Code == code).Select(d => d.Name).SingleAsync(Ct);
        });

        var page = await StaffPageAsync("admin");
        await page.GotoAsync("/workbench/certificates/import");
        var form = page.GetByTestId("seal-import");
        await form.GetByTestId("seal-department").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible").Filter(new LocatorFilterOptions { HasText = department }).First.ClickAsync();
        await Assertions.Expect(form.GetByTestId("seal-current")).ToBeVisibleAsync();
        await form.GetByTestId("seal-pkcs12").SetInputFilesAsync(new FilePayload { Name = "seal.p12", MimeType = "application/x-pkcs12", Buffer = p12 });
        await form.GetByTestId("seal-password").FillAsync("wrong");
        await form.GetByTestId("seal-submit").ClickAsync();
        var error = form.Locator(".el-form-item").Filter(new LocatorFilterOptions { Has = page.GetByTestId("seal-password") }).Locator(".el-form-item__error");
        await Assertions.Expect(error).ToHaveTextAsync("无法打开 PKCS#12 文件：密码错误或文件已损坏");
        await Assertions.Expect(form.GetByTestId("seal-done")).ToHaveCountAsync(0);
        await Screenshot(page, "seal-import-wrong-password");
        // The pointer is still on the button it pressed: axe judges its hover colour too.
        await form.GetByTestId("seal-submit").HoverAsync();
        await Accessibility.AssertNoSeriousFindingsAsync(page, "电子印章导入（密码错误）");
    }
}
