using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// Issue 23: axe-core (wcag2a, wcag2aa, wcag21aa) on every route of web/src/router.ts, each visited as the role that
/// uses it, with 0 serious or critical findings; every page has a title of its own and lang="zh-CN" on &lt;html&gt;.
/// The route table is checked against the router file, so a new route cannot be left out. One browser, one context per
/// role (each logs in once). All findings of the run are listed together when it fails.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed partial class EveryRouteAccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Dictionary<string, string> WebClient = new() { ["X-Tongban-Client"] = "web" };

    /// <summary>The real demo ids a route's parameters take.</summary>
    private sealed record DemoIds(string Item, string CitizenCase, string ClerkCase, string Certificate, string ServicePoint);

    /// <summary>
    /// One row per route of the router: the role that uses it, the address visited (parameters filled with demo ids), and
    /// what shows once the page has its data. Roles: anonymous, citizen, clerk, supervisor, admin, analyst, kiosk.
    /// </summary>
    private sealed record RouteVisit(string Pattern, string Role, Func<DemoIds, string> Url, string Ready);

    private static readonly RouteVisit[] Routes =
    [
        new("/", "anonymous", _ => "/", "[data-testid=item-search]"),
        new("/items/:code", "anonymous", d => "/items/" + d.Item, "[data-testid=guide-title]"),
        new("/items/:code/apply", "citizen", d => $"/items/{d.Item}/apply", "[data-testid=apply-item-name]"),
        new("/me/login", "anonymous", _ => "/me/login", "[data-testid=citizen-mobile]"),
        new("/me", "citizen", _ => "/me", "[data-testid=my-case]"),
        new("/me/cases", "citizen", _ => "/me/cases", "[data-testid=my-case]"),
        new("/me/cases/:caseNumber", "citizen", d => "/me/cases/" + d.CitizenCase, "[data-testid=case-number]"),
        new("/me/materials", "citizen", _ => "/me/materials", "#main h1"),
        new("/me/certificates", "citizen", _ => "/me/certificates", "#main h1"),
        new("/verify", "anonymous", _ => "/verify", "#main h1"),
        new("/verify/:identifier", "anonymous", d => "/verify/" + d.Certificate, "[data-testid=verify-status]"),
        new("/me/drafts", "citizen", _ => "/me/drafts", "#main h1"),
        new("/me/appointments", "citizen", _ => "/me/appointments", "#main h1"),
        new("/me/interactions", "citizen", _ => "/me/interactions", "#main h1"),
        new("/appointments/book", "citizen", d => "/appointments/book?item=" + d.Item, "#main h1"),
        new("/service-points/:code", "anonymous", d => "/service-points/" + d.ServicePoint, "[data-testid=service-point-name]"),
        new("/query", "anonymous", _ => "/query", "[data-testid=query-form]"),
        new("/complaints/new", "anonymous", _ => "/complaints/new", "#main h1"),
        new("/feedback/:number", "anonymous", d => "/feedback/" + d.CitizenCase, "[data-testid=feedback-yes]"),
        new("/login", "anonymous", _ => "/login", "[data-testid=login-username]"),
        new("/workbench", "clerk", _ => "/workbench", "[data-testid=workbench-overview]"),
        new("/workbench/todo", "clerk", _ => "/workbench/todo", "[data-testid=queue-refresh]"),
        new("/workbench/accept", "clerk", _ => "/workbench/accept", "[data-testid=new-case-form]"),
        new("/workbench/cases/:caseNumber", "clerk", d => "/workbench/cases/" + d.ClerkCase, "[data-testid=case-number]"),
        new("/workbench/supervision", "supervisor", _ => "/workbench/supervision", "[data-testid=supervision-summary]"),
        new("/workbench/rectifications", "supervisor", _ => "/workbench/rectifications", "[data-testid=rect-page]"),
        new("/workbench/consultations", "supervisor", _ => "/workbench/consultations", "[data-testid=cons-table]"),
        new("/workbench/complaints", "supervisor", _ => "/workbench/complaints", "[data-testid=comp-table]"),
        new("/workbench/sms", "admin", _ => "/workbench/sms", "[data-testid=sms-templates]"),
        new("/workbench/hours", "admin", _ => "/workbench/hours", "[data-testid=hours-admin-point]"),
        new("/workbench/certificates/import", "admin", _ => "/workbench/certificates/import", "[data-testid=import-file]"),
        new("/workbench/kiosks", "admin", _ => "/workbench/kiosks", "[data-testid=kiosk-table]"),
        new("/workbench/catalog", "admin", _ => "/workbench/catalog", "[data-testid=cat-search]"),
        new("/workbench/stats", "analyst", _ => "/workbench/stats", "[data-testid=stats-page]"),
        new("/kiosk", "kiosk", _ => "/kiosk", "[data-testid=kiosk-figures]"),
        new("/hall/:point", "anonymous", d => "/hall/" + d.ServicePoint, "[data-testid=hall-display]"),
        new("/hall/:point/take", "anonymous", d => $"/hall/{d.ServicePoint}/take", "#main button"),
        new("/screen", "analyst", _ => "/screen", "[data-testid=screen-live]"),
        new("/:pathMatch(.*)*", "anonymous", _ => "/no-such-page", "#main h1"),
    ];

    /// <summary>Addresses the server answers outside the router: a dotted path and a file-looking path get the web app's page.</summary>
    private static readonly string[] ServerAddresses = ["/foo.bar", "/downloads/guide.pdf"];

    [GeneratedRegex(@"path:\s*'([^']*)'")]
    private static partial Regex RoutePath();

    /// <summary>Every path of web/src/router.ts, children joined to their parent ("todo" under "/workbench").</summary>
    internal static IReadOnlyList<string> RouterPaths()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tongban.slnx"))) dir = dir.Parent;
        var text = File.ReadAllText(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Tongban.slnx not found"), "web", "src", "router.ts"));
        var paths = new List<string>();
        var parent = "";
        foreach (Match m in RoutePath().Matches(text))
        {
            var path = m.Groups[1].Value;
            if (path.StartsWith('/')) { parent = path; paths.Add(path); }
            else paths.Add(path.Length == 0 ? parent : parent.TrimEnd('/') + "/" + path);
        }
        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void The_table_holds_every_route_of_the_router_and_nothing_else()
    {
        var router = RouterPaths();
        Assert.True(router.Count >= 30, $"only {router.Count} routes read from router.ts: has its shape changed?");
        var table = Routes.Select(r => r.Pattern).ToList();
        Assert.Equal(table.Count, table.Distinct(StringComparer.Ordinal).Count());
        var missing = router.Except(table, StringComparer.Ordinal).ToList();
        var stale = table.Except(router, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "routes of router.ts with no row in the accessibility table: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "rows for routes router.ts no longer has: " + string.Join(", ", stale));
    }

    private async Task<DemoIds> DemoIdsAsync(string citizenCase)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var clerkCase = await db.Cases.Where(c => c.ServicePointCode == Tongban.Demo.DemoOrganization.DistrictCenterCode)
            .OrderByDescending(c => c.Id).Select(c => c.Number).FirstAsync(Ct);
        var certificate = await db.Certificates.OrderBy(c => c.Identifier).Select(c => c.Identifier).FirstOrDefaultAsync(Ct);
        return new DemoIds(await OnlineItemAsync(), citizenCase, clerkCase, certificate ?? "no-such-certificate", Tongban.Demo.DemoOrganization.DistrictCenterCode);
    }

    /// <summary>A published item a person can apply for online (the guide, the wizard and the citizen's own case use it).</summary>
    private async Task<string> OnlineItemAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.Materials.Any()).OrderBy(i => i.Code).ToListAsync(Ct);
        return items.First(i => i.Channels.HasFlag(Channels.Online)).Code;
    }

    private async Task<IBrowserContext> NewContextAsync(string role)
    {
        var (width, height) = role switch
        {
            "kiosk" => (1080, 1920),
            _ => (1280, 800),
        };
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, HasTouch = role == "kiosk",
            Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    internal static async Task StaffLogInAsync(IBrowserContext context, string username)
    {
        var res = await context.APIRequest.PostAsync("/api/auth/staff/login", new APIRequestContextOptions { DataObject = new { username, password = "Demo#2026" }, Headers = WebClient });
        Assert.True(res.Ok, $"{username} login answered {res.Status}");
    }

    /// <summary>A new citizen (fresh mobile and ID number) logs in through the API with the code from the demo SMS outbox.</summary>
    internal static async Task CitizenLogInAsync(IBrowserContext context, string mobile, string idNumber, string name)
    {
        var otp = await context.APIRequest.PostAsync("/api/auth/citizen/otp", new APIRequestContextOptions { DataObject = new { mobile }, Headers = WebClient });
        Assert.True(otp.Ok, $"login code answered {otp.Status}");
        var sms = await context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        using var json = JsonDocument.Parse(await sms.TextAsync());
        var text = json.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
        var code = Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value;
        var login = await context.APIRequest.PostAsync("/api/auth/citizen/login", new APIRequestContextOptions { DataObject = new { mobile, code, idNumber, name }, Headers = WebClient });
        Assert.True(login.Ok, $"citizen login answered {login.Status}: {await login.TextAsync()}");
    }

    /// <summary>The citizen applies online with nothing attached (pre-review asks for the rest): a case of their own.</summary>
    private static async Task<string> ApplyAsync(IBrowserContext context, string item)
    {
        var headers = new Dictionary<string, string>(WebClient) { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var res = await context.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions { DataObject = new { itemCode = item, channel = "online", materials = Array.Empty<object>() }, Headers = headers });
        Assert.True(res.Ok, $"apply answered {res.Status}: {await res.TextAsync()}");
        using var json = JsonDocument.Parse(await res.TextAsync());
        return json.RootElement.GetProperty("caseNumber").GetString()!;
    }

    /// <summary>An enrolled kiosk: the admin issues an enrolment code, the device trades it for its token, which the page keeps.</summary>
    private static async Task EnrolKioskAsync(IBrowserContext kiosk, IBrowserContext admin)
    {
        var issued = await admin.APIRequest.PostAsync("/api/admin/kiosks/K01/enrolment", new APIRequestContextOptions { Headers = WebClient });
        Assert.True(issued.Ok, $"enrolment code answered {issued.Status}");
        using var code = JsonDocument.Parse(await issued.TextAsync());
        var enrol = await kiosk.APIRequest.PostAsync("/api/kiosk/enrol", new APIRequestContextOptions
        {
            DataObject = new { kioskCode = "K01", enrolmentCode = code.RootElement.GetProperty("enrolmentCode").GetString() }, Headers = WebClient,
        });
        Assert.True(enrol.Ok, $"enrol answered {enrol.Status}");
        using var token = JsonDocument.Parse(await enrol.TextAsync());
        await kiosk.AddInitScriptAsync($"localStorage.setItem('tongban.kiosk.deviceToken', {JsonSerializer.Serialize(token.RootElement.GetProperty("deviceToken").GetString())})");
    }

    /// <summary>Waits for the page's data: its ready element, no loading mask, and (where no live feed holds a connection) a quiet network.</summary>
    internal static async Task SettleAsync(IPage page, string ready)
    {
        try
        {
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
        }
        catch (PlaywrightException e)
        {
            var text = await page.EvaluateAsync<string>("() => document.body.innerText.slice(0, 300)");
            throw new InvalidOperationException($"{page.Url} never showed {ready}; it shows: {text}", e);
        }
        try { await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 3_000 }); }
        catch (TimeoutException) { /* a live feed (SSE) keeps a connection open: the ready element is enough */ }
        await Assertions.Expect(page.Locator(".el-loading-mask:visible")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Every_route_as_its_role_has_a_title_lang_and_no_serious_axe_finding()
    {
        var contexts = new Dictionary<string, IBrowserContext>(StringComparer.Ordinal);
        foreach (var role in Routes.Select(r => r.Role).Distinct()) contexts[role] = await NewContextAsync(role);
        foreach (var staff in new[] { "clerk", "supervisor", "admin", "analyst" }) await StaffLogInAsync(contexts[staff], staff);
        await CitizenLogInAsync(contexts["citizen"], "139" + Random.Shared.Next(10_000_000, 99_999_999), CitizenIds.NewIdNumber(), "林秀英");
        await EnrolKioskAsync(contexts["kiosk"], contexts["admin"]);
        var ids = await DemoIdsAsync(await ApplyAsync(contexts["citizen"], await OnlineItemAsync()));

        var pages = new Dictionary<string, IPage>(StringComparer.Ordinal);
        var problems = new List<string>();
        var findings = 0;
        foreach (var route in Routes)
        {
            if (!pages.TryGetValue(route.Role, out var page)) pages[route.Role] = page = await contexts[route.Role].NewPageAsync();
            var url = route.Url(ids);
            await page.GotoAsync(url);
            try
            {
                await SettleAsync(page, route.Ready);
            }
            catch (InvalidOperationException e)
            {
                // Still checked: the run goes on and lists every page that did not show.
                problems.Add(e.Message);
            }
            var serious = await Accessibility.FindSeriousAsync(page, $"{route.Role} {url}");
            findings += serious.Count;
            if (serious.Count > 0) problems.Add(Accessibility.Describe($"{route.Pattern} as {route.Role} ({url})", serious));
            problems.AddRange(await TitleAndLangProblemsAsync(page, url));
        }
        foreach (var address in ServerAddresses)
        {
            var page = pages["anonymous"];
            var response = await page.GotoAsync(address);
            if (response?.Status != 404) problems.Add($"{address} answered {response?.Status}, not 404");
            try
            {
                await SettleAsync(page, "#main h1");
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
            }
            var serious = await Accessibility.FindSeriousAsync(page, "anonymous " + address);
            findings += serious.Count;
            if (serious.Count > 0) problems.Add(Accessibility.Describe(address, serious));
            problems.AddRange(await TitleAndLangProblemsAsync(page, address));
        }
        foreach (var context in contexts.Values) await context.CloseAsync();
        await File.WriteAllTextAsync(Path.Combine(BrowserApp.ScreenshotFolder, "axe", "every-route-summary.txt"),
            $"{Routes.Length} routes and {ServerAddresses.Length} server addresses, {findings} serious or critical finding(s)\n" + string.Join("\n", problems) + "\n", Ct);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A title of the page's own ("办件查询 - 泉港区政务服务网", not the bare site name) and lang="zh-CN".</summary>
    private static async Task<IEnumerable<string>> TitleAndLangProblemsAsync(IPage page, string url)
    {
        var (title, lang) = (await page.TitleAsync(), await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        var list = new List<string>();
        if (!title.Contains(" - ", StringComparison.Ordinal)) list.Add($"{url}: the title \"{title}\" does not name the page");
        if (lang != "zh-CN") list.Add($"{url}: <html lang=\"{lang}\">, expected zh-CN");
        return list;
    }
}

/// <summary>Made-up resident ID numbers that are valid in format (district 350505, GB 11643 check character).</summary>
internal static class CitizenIds
{
    public static string NewIdNumber()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 30 * 365));
        var first17 = "350505" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return first17 + Tongban.Modules.Validation.ResidentIdNumber.ComputeCheckCharacter(first17);
    }
}
