using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Clock;
using Tongban.Modules.Analytics;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>Issue 7 item 3: the daily decline scan over the counters, its alerts, and GET /api/stats/declines.</summary>
public abstract class DeclineTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private Task<DeclineScan?> ScanAsync(bool force) => App.Services.GetRequiredService<DeclineDetector>().RunAsync(force, Ct);

    /// <summary>Ten weeks of one item's online applications: <paramref name="before"/> a working day, then <paramref name="recent"/> a working day for the last two weeks.</summary>
    private async Task<string> SeedItemAsync(string department, int before, int recent)
    {
        var calendar = BusinessCalendar.FromOfficialData();
        var today = ChinaTime.Today(App.Clock);
        string item = "";
        await App.WithDbAsync(async db =>
        {
            item = await db.ItemVersions.Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(Ct);
            for (var day = today.AddDays(-70); day < today; day = day.AddDays(1))
            {
                if (!calendar.IsWorkingDay(day)) continue;
                var n = day >= today.AddDays(-14) ? recent : before;
                db.DailyCaseStats.Add(new DailyCaseStat
                {
                    Day = day, DepartmentCode = department, ServicePointCode = "350505-C", ItemCode = item, Channel = ApplicationChannel.Online,
                    Submitted = n, Accepted = n, Completed = n, OnTime = n,
                });
            }
            await db.SaveChangesAsync(Ct);
        });
        return item;
    }

    [Fact]
    public async Task A_drop_to_a_quarter_raises_an_alert_with_the_hand_computed_numbers_seen_by_the_department_and_resolved_on_recovery()
    {
        var item = await SeedItemAsync("D01", before: 4, recent: 1);
        var today = ChinaTime.Today(App.Clock);
        var recentDays = BusinessCalendar.FromOfficialData().CountWorkingDays(today.AddDays(-14), today.AddDays(-1));

        var scan = await ScanAsync(force: true);
        Assert.NotNull(scan);
        var analyst = await App.LoginAsync("analyst");
        var declines = await GetJson(analyst, "/api/stats/declines");
        var alert = declines.EnumerateArray().Single(a => a.GetProperty("subject").GetString() == "item" && a.GetProperty("itemCode").GetString() == item);
        Assert.Equal("applications", alert.GetProperty("metric").GetString());
        Assert.Equal(4.0 * recentDays, alert.GetProperty("baseline").GetDouble()); // median 4 a working day × the recent working days
        Assert.Equal(recentDays, alert.GetProperty("recent").GetDouble());
        Assert.Equal(0.75, alert.GetProperty("dropRatio").GetDouble());
        Assert.Equal("D01", alert.GetProperty("departmentCode").GetString());
        Assert.False(string.IsNullOrEmpty(alert.GetProperty("itemName").GetString()));
        Assert.Equal(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), alert.GetProperty("recentTo").GetString());
        // Applications fell, the completion ratio did not (every accepted case was completed): no completion alert.
        Assert.DoesNotContain(declines.EnumerateArray(), a => a.GetProperty("itemCode").GetString() == item && a.GetProperty("metric").GetString() == "completionRate");
        // The department's total fell with its only busy item.
        Assert.Contains(declines.EnumerateArray(), a => a.GetProperty("subject").GetString() == "department" && a.GetProperty("departmentCode").GetString() == "D01");

        // The department's reviewer sees it; a clerk of a service point is not entitled to statistics.
        var reviewer = await App.LoginAsync("reviewer");
        Assert.Contains((await GetJson(reviewer, "/api/stats/declines")).EnumerateArray(), a => a.GetProperty("itemCode").GetString() == item);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.LoginAsync("clerk")).GetAsync("/api/stats/declines", Ct)).StatusCode);

        // The same list as a file, for the department's reviewer too.
        var csv = await (await reviewer.GetAsync("/api/stats/declines/export?format=csv", Ct)).Content.ReadAsStringAsync(Ct);
        var itemName = alert.GetProperty("itemName").GetString()!;
        Assert.Contains(csv.Split("\r\n"), l => l.StartsWith("事项,", StringComparison.Ordinal) && l.Contains(itemName, StringComparison.Ordinal)
            && l.Contains($",申办量,{4 * recentDays},{recentDays},0.75,", StringComparison.Ordinal));

        // Today's scan has run: a tick on another node (or later today) does nothing.
        Assert.Null(await ScanAsync(force: false));

        // The next day the item is back to normal: the next scan resolves the alert; nothing is left open for it.
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.WithDbAsync(async db => await db.DailyCaseStats.Where(r => r.ItemCode == item)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Submitted, 4).SetProperty(r => r.Accepted, 4).SetProperty(r => r.Completed, 4), Ct));
        var next = await ScanAsync(force: false);
        Assert.NotNull(next);
        Assert.True(next.Resolved >= 1);
        // (A day later the analyst's session has ended: a new login.)
        Assert.DoesNotContain((await GetJson(await App.LoginAsync("analyst"), "/api/stats/declines")).EnumerateArray(), a => a.GetProperty("itemCode").GetString() == item);
        await App.WithDbAsync(async db =>
            Assert.NotNull((await db.DeclineAlerts.SingleAsync(a => a.ItemCode == item && a.Subject == DeclineSubject.Item, Ct)).ResolvedAt));
    }

    [Fact]
    public async Task A_completion_ratio_that_falls_raises_its_own_alert()
    {
        var calendar = BusinessCalendar.FromOfficialData();
        var today = ChinaTime.Today(App.Clock);
        // A window that keeps accepting 5 a day but in the last two weeks completes 2 of them: work piles up.
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == "D04").OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(Ct);
            for (var day = today.AddDays(-70); day < today; day = day.AddDays(1))
                if (calendar.IsWorkingDay(day))
                    db.DailyCaseStats.Add(new DailyCaseStat
                    {
                        Day = day, DepartmentCode = "D04", ServicePointCode = "350505-C", ItemCode = item, Channel = ApplicationChannel.Window, DeskCode = "TEST-W99",
                        Submitted = 5, Accepted = 5, Completed = day >= today.AddDays(-14) ? 2 : 5,
                    });
            await db.SaveChangesAsync(Ct);
        });
        await ScanAsync(force: true);
        var declines = await GetJson(await App.LoginAsync("analyst"), "/api/stats/declines");
        var window = declines.EnumerateArray().Single(a => a.GetProperty("subject").GetString() == "window" && a.GetProperty("windowCode").GetString() == "TEST-W99");
        Assert.Equal("completionRate", window.GetProperty("metric").GetString());
        Assert.Equal(1.0, window.GetProperty("baseline").GetDouble());
        Assert.Equal(0.4, window.GetProperty("recent").GetDouble());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("departmentCode").ValueKind); // a window serves several departments
        Assert.DoesNotContain(declines.EnumerateArray(), a => a.GetProperty("windowCode").GetString() == "TEST-W99" && a.GetProperty("metric").GetString() == "applications");
    }
}

public sealed class SqliteDeclineTests(SqliteApp app) : DeclineTests<SqliteApp>(app);

public sealed class PostgresDeclineTests(PostgresApp app) : DeclineTests<PostgresApp>(app);
