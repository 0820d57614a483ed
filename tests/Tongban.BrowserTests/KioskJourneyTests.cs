using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// The kiosk page in Chromium, portrait 1080 × 1920, with the simulated hardware agent (the server runs in demo mode):
/// enrol → place a card → search → reuse one material → scan two pages → choose express with an address → submit → print the receipt → take the card
/// away → the next person sees nothing of the last. Every touch target is at least 60 px each way.
/// The kiosk API (API.md § Kiosks) is answered by browser routes that follow the contract, because the device backend
/// is built in parallel (h17-device); the page's own behaviour — what it sends, shows, keeps and forgets — is real.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class KioskJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ItemCode = "KIOSK-DEMO-1";
    private const string ItemName = "城乡居民基本养老保险参保登记";
    private const string CaseNumber = "350505-2026-123456";
    private const string MaskedName = "陈*玲";

    private sealed record ApiCall(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body);

    private static Task Json(IRoute route, object body, int status = 200) =>
        route.FulfillAsync(new RouteFulfillOptions { Status = status, ContentType = "application/json", Body = JsonSerializer.Serialize(body) });

    /// <summary>The kiosk endpoints as API.md § Kiosks describes them, answered in the browser.</summary>
    private static async Task RouteKioskApiAsync(IBrowserContext context, List<ApiCall> calls)
    {
        var files = 0;
        await context.RouteAsync(url => new Uri(url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) && !new Uri(url).AbsolutePath.StartsWith("/api/dev/", StringComparison.Ordinal), async route =>
        {
            var request = route.Request;
            var path = new Uri(request.Url).AbsolutePath;
            string? body = null;
            try { body = request.PostData; } catch (PlaywrightException) { /* multipart */ }
            lock (calls) calls.Add(new ApiCall(request.Method, path, request.Headers, body));
            switch (request.Method, path)
            {
                case ("POST", "/api/kiosk/enrol"):
                    var enrol = JsonNode.Parse(body!)!;
                    if ((string?)enrol["kioskCode"] == "K01" && (string?)enrol["enrolmentCode"] == "ENROL-123")
                        await Json(route, new { deviceToken = "device-token-k01" });
                    else
                        await Json(route, new { title = "登记码无效", status = 400, code = "kiosk.enrolment_invalid" }, 400);
                    return;
                case ("GET", "/api/public/figures"):
                    await Json(route, new
                    {
                        date = "2026-12-07", monthStart = "2026-12-01", applicationsToday = 1234, kioskApplicationsToday = 56, completedToday = 789,
                        windowRanking = new[] { new { name = "综合受理窗口3", servicePointName = "区行政服务中心", count = 1520 } },
                        satisfaction = new { ratings = 2345, goodRate = 0.9876 }, computedAt = "2026-12-07T02:00:00Z",
                    });
                    return;
                case ("POST", "/api/kiosk/heartbeat"):
                case ("DELETE", "/api/kiosk/sessions/current"):
                    await route.FulfillAsync(new RouteFulfillOptions { Status = 204 });
                    return;
                case ("POST", "/api/kiosk/sessions"):
                    await Json(route, new { sessionToken = "session-token-1", expiresAt = "2026-12-07T16:00:00Z", person = new { name = MaskedName, idNumber = "110105********002X" }, servicePointCode = "350505-C" }, 201);
                    return;
                case ("GET", "/api/kiosk/items"):
                    var q = System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query)["q"] ?? "";
                    var found = q.Length == 0 || ItemName.Contains(q, StringComparison.Ordinal)
                        ? new object[] { new { code = ItemCode, name = ItemName, departmentName = "区人力资源和社会保障局" } }
                        : [];
                    await Json(route, new
                    {
                        items = new { items = found, total = found.Length, page = 1, pageSize = 50 },
                        services = new[] { new { code = "S01", name = "社保参保证明打印", provider = "泉州市社保中心", kind = "print", category = "社保", hours = "24 小时", hotline = "12333", runnable = true } },
                        categories = new[] { new { code = "P01", name = "社会保障", kind = "items", count = 1 } },
                    });
                    return;
                case ("GET", $"/api/items/{ItemCode}/reusable"):
                    await Json(route, new
                    {
                        itemCode = ItemCode, itemName = ItemName, satisfied = 1, keepable = 0,
                        requirements = new object[]
                        {
                            new { requirementCode = "resident-id-card", name = "居民身份证", necessity = "Required", candidates = new[] { new { id = 7, name = "居民身份证（电子证照）" } } },
                            new { requirementCode = "household-register", name = "户口簿", necessity = "Required", candidates = Array.Empty<object>() },
                        },
                    });
                    return;
                case ("GET", $"/api/items/{ItemCode}"):
                    await Json(route, new
                    {
                        caseKind = "promised", promisedLimit = new { value = 7, unit = "workingDay" },
                        fees = new { charged = true, description = "每次签注 15 元，领证时缴纳" },
                        materials = new[] { new { code = "household-register", notes = "户主页和本人页" } },
                    });
                    return;
                case ("POST", "/api/files"):
                    await Json(route, new { id = $"00000000-0000-0000-0000-00000000000{Interlocked.Increment(ref files)}" }, 201);
                    return;
                case ("GET", "/api/service-points"):
                    await Json(route, new[]
                    {
                        new { code = "350505-C", name = "泉港区行政服务中心", level = "district", parentCode = (string?)null, address = (string?)null, openingHours = "周一至周五", hotline = (string?)null },
                        new { code = "350505001", name = "山腰街道便民服务中心", level = "town", parentCode = (string?)"350505-C", address = (string?)null, openingHours = "周一至周五", hotline = (string?)null },
                        new { code = "350505100", name = "南埔镇便民服务中心", level = "town", parentCode = (string?)"350505-C", address = (string?)null, openingHours = "周一至周五", hotline = (string?)null },
                    });
                    return;
                case ("POST", "/api/cases"):
                    // The case as the server answers it: the choice of 结果领取方式 comes back on it.
                    var choice = JsonNode.Parse(body!)!["resultDelivery"];
                    await Json(route, new
                    {
                        caseNumber = CaseNumber, itemName = ItemName,
                        resultDelivery = new { method = (string?)choice?["method"], address = (string?)choice?["address"], recipientName = MaskedName, recipientMobile = "13800138000" },
                    }, 201);
                    return;
                case ("GET", $"/api/cases/{CaseNumber}/receipt.pdf"):
                    await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/pdf", Body = "%PDF-1.4\n%%EOF\n" });
                    return;
                default:
                    await Json(route, new { title = "未找到", status = 404 }, 404);
                    return;
            }
        });
    }

    /// <summary>Every visible button and input on the kiosk is at least 60 × 60 CSS px.</summary>
    private static Task AssertTouchTargetsAsync(IPage page, string screen) => Accessibility.AssertTouchTargetsAsync(page, screen, "[data-testid=\"kiosk\"]");

    [Fact]
    public async Task A_person_enrols_nothing_but_applies_in_few_touches_and_the_next_person_sees_nothing_of_the_last()
    {
        var calls = new List<ApiCall>();
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        await RouteKioskApiAsync(context, calls);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);

        // Enrolment: the browser holds no device token yet.
        await page.GotoAsync("/kiosk");
        await Assertions.Expect(page.GetByTestId("kiosk-enrol")).ToBeVisibleAsync();
        await AssertTouchTargetsAsync(page, "enrolment");
        await page.GetByTestId("kiosk-code").FillAsync("K01");
        await page.GetByTestId("enrolment-code").FillAsync("ENROL-123");
        await page.GetByTestId("enrol-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToContainTextAsync("请放置身份证");
        // The attract screen's public boards: today's counts, the window ranking and 满意率, asked for with no credential.
        await Assertions.Expect(page.GetByTestId("figure-applications")).ToHaveTextAsync("1,234");
        await Assertions.Expect(page.GetByTestId("figure-kiosk-applications")).ToHaveTextAsync("56");
        await Assertions.Expect(page.GetByTestId("figure-satisfaction")).ToHaveTextAsync("98.8%");
        await Assertions.Expect(page.GetByTestId("figure-ranking")).ToContainTextAsync("综合受理窗口3");
        Assert.All(calls.Where(c => c.Path == "/api/public/figures"), c => Assert.False(c.Headers.ContainsKey("x-kiosk-device")));
        await Assertions.Expect(page.GetByTestId("kiosk-simulator")).ToBeVisibleAsync();
        await AssertTouchTargetsAsync(page, "idle");
        Assert.Equal("device-token-k01", await page.EvaluateAsync<string>("() => localStorage.getItem('tongban.kiosk.deviceToken')"));
        Assert.Contains(calls, c => c.Path == "/api/kiosk/heartbeat" && c.Headers.GetValueOrDefault("x-kiosk-device") == "device-token-k01");

        // The journey, timed and counted from the card on the reader to the receipt in hand.
        var touches = 0;
        async Task Touch(ILocator target)
        {
            touches++;
            await target.TapAsync();
        }
        var clock = Stopwatch.StartNew();
        await page.GetByTestId("sim-card").First.ClickAsync(); // the card on the reader: not a touch on the screen
        await Assertions.Expect(page.GetByTestId("kiosk-person")).ToContainTextAsync(MaskedName);
        await Assertions.Expect(page.GetByTestId("kiosk-figures")).ToHaveCountAsync(0);
        await AssertTouchTargetsAsync(page, "choose");

        await Touch(page.GetByTestId("kiosk-search"));
        await page.GetByTestId("kiosk-search").FillAsync("养老");
        await Touch(page.GetByTestId("kiosk-search-submit"));
        await Touch(page.GetByTestId("kiosk-item").Filter(new LocatorFilterOptions { HasText = ItemName }));
        await Assertions.Expect(page.GetByTestId("kiosk-requirement")).ToHaveCountAsync(2);
        // The guide's facts before applying: the time limit, the fee (paid at pickup) and how to bring each material.
        await Assertions.Expect(page.GetByTestId("kiosk-item-facts")).ToContainTextAsync("7 个工作日");
        await Assertions.Expect(page.GetByTestId("kiosk-fee")).ToHaveTextAsync("每次签注 15 元，领证时缴纳");
        await Assertions.Expect(page.GetByTestId("kiosk-requirement").Nth(1).GetByTestId("kiosk-requirement-note")).ToHaveTextAsync("户主页和本人页");
        await AssertTouchTargetsAsync(page, "materials");
        // Once-only: the library's 居民身份证 is already taken; the 户口簿 is scanned, two pages.
        await Assertions.Expect(page.GetByTestId("kiosk-reuse")).ToHaveAttributeAsync("aria-pressed", "true");
        var scan = page.GetByTestId("kiosk-requirement").Nth(1).GetByTestId("kiosk-scan");
        await Touch(scan);
        await Touch(scan);
        await Assertions.Expect(page.GetByTestId("kiosk-scanned")).ToContainTextAsync("2");
        await Touch(page.GetByTestId("kiosk-to-confirm"));
        await Assertions.Expect(page.GetByTestId("kiosk-confirm")).ToContainTextAsync(ItemName);
        await Assertions.Expect(page.GetByTestId("kiosk-confirm-fee")).ToHaveTextAsync("每次签注 15 元，领证时缴纳");
        await AssertTouchTargetsAsync(page, "confirm");
        // The mobile field has the keyboard already: typing needs no touch.
        await Assertions.Expect(page.GetByTestId("kiosk-mobile")).ToBeFocusedAsync();
        await page.GetByTestId("kiosk-mobile").FillAsync("13800138000");
        // 结果领取方式: the kiosk's own point is offered first; this person wants the result by express.
        await Assertions.Expect(page.GetByTestId("kiosk-pickup-point").First).ToContainTextAsync("泉港区行政服务中心");
        await Assertions.Expect(page.GetByTestId("kiosk-pickup-point").First).ToHaveAttributeAsync("aria-pressed", "true");
        await Touch(page.GetByTestId("kiosk-delivery-express"));
        await Touch(page.GetByTestId("kiosk-town").Filter(new LocatorFilterOptions { HasText = "南埔镇" }));
        await Assertions.Expect(page.GetByTestId("kiosk-address-detail")).ToBeFocusedAsync();
        await page.GetByTestId("kiosk-address-detail").FillAsync("肖厝村88号");
        await Assertions.Expect(page.GetByTestId("kiosk-recipient")).ToContainTextAsync(MaskedName);
        await AssertTouchTargetsAsync(page, "confirm, express");
        await Touch(page.GetByTestId("kiosk-submit"));
        await Assertions.Expect(page.GetByTestId("kiosk-case-number")).ToHaveTextAsync(CaseNumber);
        await Assertions.Expect(page.GetByTestId("kiosk-result-delivery")).ToContainTextAsync("南埔镇肖厝村88号");
        await AssertTouchTargetsAsync(page, "receipt");
        await Touch(page.GetByTestId("kiosk-print"));
        await Assertions.Expect(page.GetByTestId("sim-printed")).ToBeVisibleAsync();
        clock.Stop();
        var measured = $"Kiosk journey: {clock.Elapsed.TotalSeconds:F1} s, {touches} touches";
        TestContext.Current.TestOutputHelper?.WriteLine(measured);
        // Also next to the screenshots, where CI keeps the artefacts: the issue asks for both numbers in the note.
        await File.WriteAllTextAsync(Path.Combine(BrowserApp.ScreenshotFolder, "kiosk-journey.txt"), measured + Environment.NewLine, Ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the journey took {clock.Elapsed}");
        Assert.True(touches <= 10, $"the journey took {touches} touches");

        var submit = Assert.Single(calls, c => c.Method == "POST" && c.Path == "/api/cases");
        Assert.Equal("device-token-k01", submit.Headers["x-kiosk-device"]);
        Assert.Equal("session-token-1", submit.Headers["x-kiosk-session"]);
        var sent = JsonNode.Parse(submit.Body!)!;
        Assert.Equal("kiosk", (string?)sent["channel"]);
        Assert.Equal(ItemCode, (string?)sent["itemCode"]);
        var materials = sent["materials"]!.AsArray();
        Assert.Contains(materials, m => (string?)m!["requirementCode"] == "resident-id-card" && (long?)m["libraryMaterialId"] == 7);
        Assert.Equal("13800138000", (string?)sent["applicant"]?["mobile"]);
        Assert.Equal("express", (string?)sent["resultDelivery"]?["method"]);
        Assert.Equal("南埔镇肖厝村88号", (string?)sent["resultDelivery"]?["address"]);
        // The two pages scanned for the 户口簿 went as one PDF: one upload, one material.
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/api/files");
        Assert.Single(materials, m => (string?)m!["requirementCode"] == "household-register" && m["fileId"] is not null);

        // The card is taken away: the session ends on the server and the screen forgets the person.
        await page.GetByTestId("sim-remove-card").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        Assert.Contains(calls, c => c.Method == "DELETE" && c.Path == "/api/kiosk/sessions/current" && c.Headers.GetValueOrDefault("x-kiosk-session") == "session-token-1");
        Assert.DoesNotContain(calls, c => c.Headers.ContainsKey("authorization"));
        await Assertions.Expect(page.GetByTestId("sim-printed")).ToHaveCountAsync(0);
        var screen = page.GetByTestId("kiosk-screen");
        foreach (var trace in new[] { MaskedName, CaseNumber, ItemName, "110105", "肖厝村88号" })
            await Assertions.Expect(screen).Not.ToContainTextAsync(trace);
        Assert.Equal(["tongban.kiosk.deviceToken"], await page.EvaluateAsync<string[]>("() => Object.keys(localStorage)"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
        // "Back" does not lead into the last person's screens.
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-person")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText(CaseNumber)).ToHaveCountAsync(0);

        // The next person, on the same page: a fresh search box and no trace of the last.
        if (!page.Url.EndsWith("/kiosk", StringComparison.Ordinal)) await page.GotoAsync("/kiosk");
        await page.GetByTestId("sim-card").Nth(1).ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-search")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("kiosk-screen")).Not.ToContainTextAsync(CaseNumber);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "kiosk-portrait.png"), Animations = ScreenshotAnimations.Disabled });

        // 长辈模式: bigger type, and still every target large enough; also on a landscape 1920 × 1080 screen.
        await page.GetByTestId("elder-mode").TapAsync();
        Assert.True(await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=kiosk]')).fontSize)") >= 32);
        await page.SetViewportSizeAsync(1920, 1080);
        await AssertTouchTargetsAsync(page, "choose, landscape, 长辈模式");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "kiosk-landscape.png"), Animations = ScreenshotAnimations.Disabled });
        await page.GetByTestId("end-visit").TapAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    /// <summary>
    /// The same journey on the real server: the admin issues K01's enrolment code on the device page, the kiosk enrols,
    /// a demo card opens a session, the person scans two pages and submits; the case is filed on the kiosk channel at
    /// K01, and taking the card away ends the session on the server too.
    /// </summary>
    [Fact]
    public async Task On_the_server_the_admin_enrols_a_kiosk_and_a_card_files_a_kiosk_case_that_ends_with_the_card()
    {
        string itemCode, itemName, idCardCode;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.Materials.Any()).ToListAsync(Ct);
            // An item asking for the ID card and one more material: the card comes from the reader, the other is scanned.
            var chosen = items.Where(i => i.Channels.HasFlag(Channels.Kiosk) && i.Materials.Count(m => m.Necessity != Necessity.Optional) == 2
                    && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card" && m.Necessity != Necessity.Optional))
                .OrderBy(i => i.Materials.Count).ThenBy(i => i.Code).First();
            (itemCode, itemName) = (chosen.Code, chosen.Name);
            idCardCode = chosen.Materials.First(m => m.MaterialTypeCode == "resident-id-card" && m.Necessity != Necessity.Optional).Code;
        }

        // The admin issues the code on the device page (shown once).
        var adminContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var admin = await adminContext.NewPageAsync();
        admin.SetDefaultTimeout(15_000);
        await admin.GotoAsync("/login");
        await admin.GetByTestId("login-username").FillAsync("admin");
        await admin.GetByTestId("login-password").FillAsync("Demo#2026");
        await admin.GetByTestId("login-submit").ClickAsync();
        await admin.WaitForURLAsync("**/workbench**");
        await admin.GotoAsync("/workbench/kiosks");
        var rows = admin.GetByTestId("kiosk-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(13);
        await rows.Filter(new LocatorFilterOptions { HasText = "K01" }).First.GetByTestId("issue-code").ClickAsync();
        var enrolmentCode = (await admin.GetByTestId("issued-code").Locator("code").InnerTextAsync()).Trim();
        Assert.NotEmpty(enrolmentCode);

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, HasTouch = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync("/kiosk");
        await page.GetByTestId("kiosk-code").FillAsync("K01");
        await page.GetByTestId("enrolment-code").FillAsync(enrolmentCode);
        await page.GetByTestId("enrol-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        // The server's public figures on the attract screen (the demo history gives today's counts a value).
        await Assertions.Expect(page.GetByTestId("kiosk-figures")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("figure-applications")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d,]+$"));

        var touches = 0;
        async Task Touch(ILocator target)
        {
            touches++;
            await target.TapAsync();
        }
        var clock = Stopwatch.StartNew();
        await page.GetByTestId("sim-card").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-person")).ToContainTextAsync("陈**");
        await Touch(page.GetByTestId("kiosk-search"));
        await page.GetByTestId("kiosk-search").FillAsync(itemName);
        await Touch(page.GetByTestId("kiosk-search-submit"));
        await Touch(page.GetByTestId("kiosk-item").Filter(new LocatorFilterOptions { HasText = itemName }).First);
        await Assertions.Expect(page.GetByTestId("kiosk-requirement").First).ToBeVisibleAsync();
        // The guide's time limit and fee are shown before the person applies (fees are settled at pickup).
        await Assertions.Expect(page.GetByTestId("kiosk-fee")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("不收费|元|收费"));
        await AssertTouchTargetsAsync(page, "materials (server)");
        // Only the ID card is brought: its chip reading is already chosen for the 居民身份证 material, without a touch.
        await Assertions.Expect(page.GetByTestId("kiosk-card-reading")).ToHaveAttributeAsync("aria-pressed", "true");
        var other = page.GetByTestId("kiosk-requirement").Filter(new LocatorFilterOptions { Has = page.GetByTestId("kiosk-card-reading") }).Last;
        var scan = page.GetByTestId("kiosk-requirement").Filter(new LocatorFilterOptions { HasNot = page.GetByTestId("kiosk-card-reading") }).First.GetByTestId("kiosk-scan");
        await Touch(scan);
        await Touch(scan);
        await Assertions.Expect(page.GetByTestId("kiosk-scanned").First).ToContainTextAsync("2");
        await Assertions.Expect(other.GetByTestId("kiosk-card-reading")).ToHaveAttributeAsync("aria-pressed", "true");
        await Touch(page.GetByTestId("kiosk-to-confirm"));
        await Touch(page.GetByTestId("kiosk-mobile"));
        await page.GetByTestId("kiosk-mobile").FillAsync("13800138000");
        await Touch(page.GetByTestId("kiosk-submit"));
        var numberText = page.GetByTestId("kiosk-case-number");
        await Assertions.Expect(numberText).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
        clock.Stop();
        var caseNumber = (await numberText.InnerTextAsync()).Trim();
        var measured = $"Kiosk journey on the server: {clock.Elapsed.TotalSeconds:F1} s, {touches} touches";
        TestContext.Current.TestOutputHelper?.WriteLine(measured);
        await File.WriteAllTextAsync(Path.Combine(BrowserApp.ScreenshotFolder, "kiosk-journey-server.txt"), measured + Environment.NewLine, Ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), measured);
        Assert.True(touches <= 10, measured);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var filed = await db.Cases.AsNoTracking().SingleAsync(c => c.Number == caseNumber, Ct);
            Assert.Equal(Tongban.Modules.Cases.ApplicationChannel.Kiosk, filed.Channel);
            Assert.Equal("K01", filed.KioskCode);
            Assert.Equal(itemCode, filed.ItemCode);
            // The ID card material is the reader's record, a PDF the server made from the chip reading.
            var cardFile = await db.Cases.AsNoTracking().Where(c => c.Number == caseNumber).SelectMany(c => c.Materials)
                .Join(db.StoredFiles.AsNoTracking(), m => m.FileId, f => (Guid?)f.Id, (m, f) => new { m.RequirementCode, f.OriginalName }).Where(x => x.RequirementCode == idCardCode).SingleAsync(Ct);
            Assert.Equal("居民身份证读卡信息.pdf", cardFile.OriginalName);
        }

        // The card leaves the reader: the screen clears and the session ends on the server.
        var ended = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sim-remove-card").ClickAsync(),
            r => r.Url.EndsWith("/api/kiosk/sessions/current", StringComparison.Ordinal) && r.Request.Method == "DELETE");
        Assert.Equal(204, ended.Status);
        await Assertions.Expect(page.GetByTestId("kiosk-idle")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-screen")).Not.ToContainTextAsync(caseNumber);
        await Assertions.Expect(page.GetByTestId("kiosk-screen")).Not.ToContainTextAsync("陈**");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            Assert.False(await db.KioskSessions.AsNoTracking().AnyAsync(s => s.KioskCode == "K01" && s.EndedAt == null, Ct));
        }

        // The device page shows K01 online after its heartbeat.
        await admin.ReloadAsync();
        await Assertions.Expect(admin.GetByTestId("kiosk-table").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = "K01" }).First).ToContainTextAsync("在线");
        await context.CloseAsync();
        await adminContext.CloseAsync();
    }
}
