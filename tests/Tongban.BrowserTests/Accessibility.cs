using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// Accessibility checks any browser test can run on the screen it is showing: axe-core's serious and critical findings
/// (contrast, names of buttons and fields, labels, landmarks, lang…) and touch targets. A failure lists each finding
/// with its rule id, what axe says to do, and the CSS selectors of the elements, so it can be fixed without a rerun.
/// </summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a test; "moderate" and "minor" findings are left to review.</summary>
    public static readonly IReadOnlySet<string> FailingImpacts = new HashSet<string>(StringComparer.Ordinal) { "serious", "critical" };

    /// <summary>
    /// Runs axe on the page as it is now (or only inside <paramref name="within"/>, a CSS selector) and fails with a
    /// readable list when it finds anything serious or critical. <paramref name="screenName"/> names the screen in the message.
    /// </summary>
    public static async Task AssertNoSeriousFindingsAsync(IPage page, string screenName, string? within = null)
    {
        var failing = await FindSeriousAsync(page, screenName, within);
        Assert.True(failing.Count == 0, Describe($"{screenName}, serious or critical", failing));
    }

    /// <summary>
    /// Runs axe like <see cref="AssertNoSeriousFindingsAsync"/> and answers the serious and critical findings instead of
    /// failing, for a test that visits many screens and reports them all at once.
    /// </summary>
    public static async Task<IReadOnlyList<AxeResultItem>> FindSeriousAsync(IPage page, string screenName, string? within = null)
    {
        var options = new AxeRunOptions { ResultTypes = [ResultType.Violations] };
        var result = within is null ? await page.RunAxe(options) : await page.Locator(within).RunAxe(options);
        // Every finding, moderate and minor too, next to the screenshots (CI keeps them) for review.
        var folder = Path.Combine(BrowserApp.ScreenshotFolder, "axe");
        Directory.CreateDirectory(folder);
        var fileName = string.Concat(screenName.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".txt";
        await File.WriteAllTextAsync(Path.Combine(folder, fileName), Describe(screenName, result.Violations) + Environment.NewLine);
        return [.. result.Violations.Where(v => v.Impact is not null && FailingImpacts.Contains(v.Impact))];
    }

    /// <summary>One line per rule and one per element: "color-contrast (serious): … — .kiosk__run: Fix any of the following…".</summary>
    public static string Describe(string screenName, IReadOnlyCollection<AxeResultItem> findings)
    {
        var text = new StringBuilder($"{screenName}: {findings.Count} accessibility finding(s)");
        foreach (var finding in findings)
        {
            text.Append('\n').Append($"- {finding.Id} ({finding.Impact}): {finding.Help} [{finding.HelpUrl}]");
            foreach (var node in finding.Nodes)
            {
                // What failed on the element: the checks of which one must pass (Any) and those that must all pass or fail (All, None).
                var summary = string.Join(" / ", new[] { node.Any, node.All, node.None }.Where(c => c is not null).SelectMany(c => c!)
                    .Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).Distinct());
                text.Append('\n').Append($"    {node.Target}{(string.IsNullOrWhiteSpace(summary) ? "" : " — " + summary)}");
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Every visible button, field and link inside <paramref name="within"/> is at least <paramref name="minimum"/> CSS px
    /// each way (the kiosk's rule is 60: a finger, not a mouse).
    /// </summary>
    public static async Task AssertTouchTargetsAsync(IPage page, string screenName, string within = "body", int minimum = 60)
    {
        var small = await page.EvaluateAsync<string[]>("""
            ([scope, min]) => [...document.querySelectorAll(`${scope} button, ${scope} input, ${scope} select, ${scope} a`)]
              .filter(e => e.offsetParent !== null)
              .map(e => ({ e, r: e.getBoundingClientRect() }))
              .filter(({ r }) => r.width < min || r.height < min)
              .map(({ e, r }) => `${e.tagName} "${(e.textContent || e.getAttribute('aria-label') || '').trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`)
            """, new object[] { within, minimum });
        Assert.True(small.Length == 0, $"{screenName}: touch targets under {minimum} px: {string.Join("; ", small)}");
    }
}
