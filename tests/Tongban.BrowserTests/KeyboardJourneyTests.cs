using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;

namespace Tongban.BrowserTests;

/// <summary>
/// Issue 23's keyboard journeys at 1280 × 800, with Tab, Shift+Tab, Enter, Space and the arrow keys only (no click, no
/// fill): a citizen logs in and applies online; a clerk files a case at the window and accepts it. At every focus stop
/// the focus is visible (an outline, or the focus ring's box shadow, on the element or the widget around it) and the
/// focused element is not under a sticky bar.
/// </summary>
[Collection(nameof(SupervisionJourneyCollection))]
public sealed class KeyboardJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Why the focused element fails (not visible, under a sticky bar), or "" when it is fine.</summary>
    private const string FocusProblemScript = """
        () => {
          const e = document.activeElement
          if (!e || e === document.body) return ''
          // The focus ring as it ends up, not half-way through Element Plus's box-shadow transition.
          for (const a of document.getAnimations()) { try { a.finish() } catch { /* an endless animation */ } }
          const name = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.getAttribute('aria-label') || e.textContent || e.getAttribute('placeholder') || '').trim().slice(0, 30)}"`
          const ring = 'rgb(245, 166, 35)'
          const shows = (el) => {
            const s = getComputedStyle(el)
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow.includes(ring)
          }
          const near = [e, e.nextElementSibling, e.parentElement, e.parentElement?.parentElement, e.parentElement?.parentElement?.parentElement]
          if (!near.filter(Boolean).some(shows)) return `focus not visible on ${name}`
          const r = e.getBoundingClientRect()
          for (const bar of document.querySelectorAll('body *')) {
            const p = getComputedStyle(bar).position
            if ((p !== 'sticky' && p !== 'fixed') || bar.contains(e) || bar.offsetParent === null && p !== 'fixed') continue
            // Bars, not passing messages, pop-up lists or a dialog's backdrop on its way out.
            if (bar.closest('.el-message, .el-notification, .el-overlay, .el-popper')) continue
            const b = bar.getBoundingClientRect()
            if (b.height === 0 || b.width === 0) continue
            const overlap = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top)
            const across = Math.min(r.right, b.right) - Math.max(r.left, b.left)
            if (overlap > 1 && across > 1) return `${name} is under the sticky bar ${bar.className} (${Math.round(overlap)} px)`
          }
          return ''
        }
        """;

    private readonly List<string> _focusProblems = [];

    private async Task CheckFocusAsync(IPage page)
    {
        var problem = await page.EvaluateAsync<string>(FocusProblemScript);
        if (problem.Length > 0) _focusProblems.Add($"{new Uri(page.Url).AbsolutePath}: {problem}");
    }

    /// <summary>Presses Tab (or Shift+Tab) until the focus is inside <paramref name="selector"/>, checking every stop on the way.</summary>
    private async Task TabToAsync(IPage page, string selector, bool back = false, int max = 80)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync(back ? "Shift+Tab" : "Tab");
            await CheckFocusAsync(page);
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement?.closest(s)", selector)) return;
        }
        Assert.Fail($"{max} presses of Tab on {page.Url} never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200)")}");
    }

    /// <summary>The next focus stop is <paramref name="selector"/> (the tab order, not just reachability).</summary>
    private async Task NextIsAsync(IPage page, string selector)
    {
        await page.Keyboard.PressAsync("Tab");
        await CheckFocusAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("s => !!document.activeElement?.closest(s)", selector),
            $"after one Tab the focus is not on {selector} but on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200)")}");
    }

    private static string TestId(string id) => $"[data-testid=\"{id}\"]";

    private async Task<IPage> NewPageAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>A published item for persons only offered on <paramref name="channel"/>, with the fewest materials.</summary>
    private async Task<string> ItemAsync(Channels channel)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && !i.ForEnterprises && i.Materials.Any()).ToListAsync(Ct);
        return items.Where(i => i.Channels.HasFlag(channel)).OrderBy(i => i.Materials.Count).ThenBy(i => i.Code).First().Code;
    }

    [Fact]
    public async Task A_citizen_logs_in_and_applies_online_with_the_keyboard_only()
    {
        const string item = "511F33033003-350505000000-000-11350505MB3505010G-1-00"; // 居民身份证 + 申请表 (filled online)
        var page = await NewPageAsync();
        var mobile = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        await page.GotoAsync("/items/" + item);
        await Assertions.Expect(page.GetByTestId("guide-title")).ToBeVisibleAsync();
        await TabToAsync(page, TestId("guide-apply"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me/login"));
        await Assertions.Expect(page.GetByTestId("citizen-mobile")).ToBeVisibleAsync();

        // The number, then 获取验证码 right after it, then the code field (where the focus goes once the code is sent).
        await TabToAsync(page, TestId("citizen-mobile"));
        await page.Keyboard.TypeAsync(mobile);
        await NextIsAsync(page, TestId("citizen-send-code"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("citizen-code-sent")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("citizen-code")).ToBeFocusedAsync();
        await CheckFocusAsync(page);
        var sms = await page.Context.APIRequest.GetAsync("/api/dev/sms?mobile=" + mobile);
        using (var json = JsonDocument.Parse(await sms.TextAsync()))
        {
            var text = json.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("event").GetString() == "auth.otp").GetProperty("text").GetString()!;
            await page.Keyboard.TypeAsync(Regex.Match(text, @"验证码为(\d{6})").Groups[1].Value);
        }
        await TabToAsync(page, TestId("citizen-name"));
        await page.Keyboard.TypeAsync("郑淑贞");
        await NextIsAsync(page, TestId("citizen-id"));
        await page.Keyboard.TypeAsync(CitizenIds.NewIdNumber());
        await NextIsAsync(page, TestId("citizen-login-submit"));
        await page.Keyboard.PressAsync("Enter");

        // 1 填写表单: 说明, 地址, 备注 (the field the sticky button bar used to cover), then 下一步.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/apply"));
        await Assertions.Expect(page.GetByTestId("apply-step-form")).ToBeVisibleAsync();
        await TabToAsync(page, TestId("apply-description"));
        await page.Keyboard.TypeAsync("申请三级社会体育指导员技术等级称号。");
        await NextIsAsync(page, TestId("apply-address"));
        await page.Keyboard.TypeAsync("泉港区山腰街道驿峰路 88 号");
        await NextIsAsync(page, TestId("apply-remarks"));
        await page.Keyboard.TypeAsync("工作日上午方便接听电话");
        await TabToAsync(page, TestId("apply-next"));
        await page.Keyboard.PressAsync("Enter");

        // 2 提交材料: the ID card is uploaded from the button (Enter opens the file chooser).
        await Assertions.Expect(page.GetByTestId("apply-step-materials")).ToBeVisibleAsync();
        await TabToAsync(page, TestId("apply-upload-M01"));
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Enter"));
        await chooser.SetFilesAsync(new FilePayload { Name = "身份证.png", MimeType = "image/png", Buffer = TinyPng });
        await Assertions.Expect(page.GetByTestId("apply-uploaded-M01")).ToContainTextAsync("身份证.png");
        await TabToAsync(page, TestId("apply-next"));
        await page.Keyboard.PressAsync("Enter");

        // 3 确认提交: Space ticks the promise, Enter submits.
        await Assertions.Expect(page.GetByTestId("apply-upload-count")).ToBeVisibleAsync();
        await TabToAsync(page, TestId("apply-promise"));
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("apply-promise").Locator("input")).ToBeCheckedAsync();
        await TabToAsync(page, TestId("apply-submit"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("receipt-case-number")).ToHaveTextAsync(new Regex(@"^\d{6}-\d{4}-\d{6}$"));

        Assert.True(_focusProblems.Count == 0, string.Join("\n", _focusProblems.Distinct()));
    }

    [Fact]
    public async Task A_clerk_files_a_case_at_the_window_and_accepts_it_with_the_keyboard_only()
    {
        string itemName;
        string[] required;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var code = await ItemAsync(Channels.Window);
            var version = await db.ItemVersions.AsNoTracking().Include(i => i.Materials).FirstAsync(i => i.Code == code && i.Status == ItemVersionStatus.Published, Ct);
            itemName = version.Name;
            required = [.. version.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)];
        }
        var page = await NewPageAsync();
        await page.GotoAsync("/workbench/accept");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await TabToAsync(page, TestId("login-username"));
        await page.Keyboard.TypeAsync("clerk");
        await NextIsAsync(page, TestId("login-password"));
        await page.Keyboard.TypeAsync("Demo#2026");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("new-case-form")).ToBeVisibleAsync();

        // The item: typed into the search field, chosen with the arrow keys and Enter.
        await TabToAsync(page, TestId("new-case-item"));
        await page.Keyboard.TypeAsync(itemName);
        await Assertions.Expect(page.GetByTestId("item-option").Filter(new LocatorFilterOptions { HasText = itemName }).First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("new-case-item-chosen")).ToContainTextAsync(itemName);

        await TabToAsync(page, TestId("new-case-name"));
        await page.Keyboard.TypeAsync("黄淑芬");
        await TabToAsync(page, TestId("new-case-id"));
        await page.Keyboard.TypeAsync(CitizenIds.NewIdNumber());
        await TabToAsync(page, TestId("new-case-mobile"));
        await page.Keyboard.TypeAsync("13905951234");
        foreach (var material in required)
        {
            await TabToAsync(page, TestId($"material-check-{material}"));
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(page.GetByTestId($"material-check-{material}").Locator("input")).ToBeCheckedAsync();
        }
        await TabToAsync(page, TestId("new-case-submit"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench/cases/"));

        // 预审 passes, then 受理: each action opens its dialog with Enter and is confirmed from the keyboard.
        foreach (var (action, status) in new[] { ("preReview", "预审通过待受理"), ("accept", "已受理") })
        {
            await TabToAsync(page, TestId($"action-{action}"));
            await page.Keyboard.PressAsync("Enter");
            var dialog = page.Locator(".el-dialog:visible");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await TabToAsync(page, TestId("action-confirm"));
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator(".case__title").GetByTestId("case-status")).ToHaveTextAsync(status);
        }

        Assert.True(_focusProblems.Count == 0, string.Join("\n", _focusProblems.Distinct()));
    }

    /// <summary>A 1×1 PNG (the server checks the content, not the name).</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
}
