using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// The app works under its Content-Security-Policy: walking the portal, the kiosk, the workbench (its charts
/// included) and the big screen, Chromium reports no violation.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Portal_kiosk_workbench_and_big_screen_run_without_a_single_policy_violation()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", BaseURL = app.BaseUrl,
        });
        // Every violation, in every page of the walk, goes to the console, where Chromium also reports its own.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("CSP violation", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                violations.Add(message.Text);
        };

        async Task Visit(string path, ILocator shown)
        {
            var response = await page.GotoAsync(path);
            // The page is served with the policy (otherwise there would be nothing to violate).
            Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
            await Assertions.Expect(shown).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await Visit("/", page.Locator("#app *").First);
        await Visit("/kiosk", page.Locator("#app *").First);
        await Visit("/me/login", page.Locator("#app *").First);

        await page.GotoAsync("/login");
        await page.GetByTestId("login-username").FillAsync("analyst");
        await page.GetByTestId("login-password").FillAsync("Demo#2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench"));
        await Visit("/workbench/stats", page.Locator("canvas").First);
        await Visit("/screen", page.GetByTestId("chart-trend").Locator("canvas"));
        await Assertions.Expect(page.GetByTestId("screen-live")).ToHaveTextAsync("实时");

        Assert.Empty(violations);

        // The watch itself works: an injected inline script is refused, and reported.
        var reported = page.WaitForConsoleMessageAsync(new PageWaitForConsoleMessageOptions
        {
            Predicate = m => m.Text.Contains("CSP violation", StringComparison.Ordinal) || m.Text.Contains("Content Security Policy", StringComparison.Ordinal),
        });
        var blocked = await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.head.appendChild(s); return window.__injected === undefined; }
            """);
        Assert.True(blocked, "an inline script ran despite the policy");
        await reported;
        await context.CloseAsync();
    }
}
