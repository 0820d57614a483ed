using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Analytics;

/// <summary>What one scan found (logs and tests).</summary>
internal sealed record DeclineScan(DateOnly Day, int Subjects, int Raised, int Continued, int Resolved);

/// <summary>
/// The daily decline scan. Once a day (China date), on one node, it reads the last ten weeks of the
/// daily counters — never the cases — grouped by day × department × item × window, tests every item, department,
/// window and item-at-a-window with <see cref="DeclineRule"/> (two recent weeks ending yesterday against the eight before),
/// and keeps <see cref="DeclineAlert"/> in step: new findings raised, continuing ones refreshed, vanished ones resolved.
/// Cost: one grouped read of ~70 days of counters and a pass in memory; independent of how many cases exist.
/// </summary>
internal sealed class DeclineDetector(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock,
    Infrastructure.Data.BulkWrites bulkWrites, Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options, ILogger<DeclineDetector> logger) : PollingWorker
{
    public const string Job = "declines";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private const int Weeks = DeclineRule.RecentWeeks + DeclineRule.BaselineWeeks;

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => options.Value.DeclineScanInBackground;

    protected override TimeSpan PollInterval => Interval;

    // The demo history runs its own scan when written (DemoData.WriteHistoryAsync).
    protected override Task WhenReadyAsync(CancellationToken ct) => bulkWrites.WaitAsync(ct);

    protected override Task PollAsync(CancellationToken ct) => RunAsync(force: false, ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Decline scan failed; retrying in {Interval}", Interval);

    /// <summary>
    /// Scans unless today's scan has run (on any node); <paramref name="force"/> scans again (the demo, after its history).
    /// The day is claimed by a conditional update inside the scan's transaction: a second node waits on the row and then
    /// finds the day taken; a node that dies mid-scan rolls its claim back and the next tick scans.
    /// </summary>
    public async Task<DeclineScan?> RunAsync(bool force, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var today = ChinaTime.Today(clock);
        await db.Database.ExecuteSqlAsync($"INSERT INTO analytics_job_runs (job, last_day) VALUES ({Job}, {DateOnly.MinValue}) ON CONFLICT (job) DO NOTHING", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = force
            ? await db.Database.ExecuteSqlAsync($"UPDATE analytics_job_runs SET last_day = {today} WHERE job = {Job}", ct)
            : await db.Database.ExecuteSqlAsync($"UPDATE analytics_job_runs SET last_day = {today} WHERE job = {Job} AND last_day < {today}", ct);
        if (claimed == 0) return null;
        var started = clock.GetTimestamp();
        var scan = await ScanAsync(db, await calendars.GetAsync(ct), today, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Decline scan {Day}: {Subjects} subjects, {Raised} declines raised, {Continued} continued, {Resolved} resolved in {Elapsed} ms",
            scan.Day, scan.Subjects, scan.Raised, scan.Continued, scan.Resolved, (int)clock.GetElapsedTime(started).TotalMilliseconds);
        return scan;
    }

    private readonly record struct SubjectKey(DeclineSubject Subject, string DepartmentCode, string ItemCode, string WindowCode);

    private async Task<DeclineScan> ScanAsync(TongbanDb db, BusinessCalendar calendar, DateOnly today, CancellationToken ct)
    {
        // Week 0 and 1 are the recent window (the fourteen days ending yesterday); weeks 2–9 the baseline before them.
        var end = today.AddDays(-1);
        var start = end.AddDays(-7 * Weeks + 1);
        var rows = await db.DailyCaseStats.AsNoTracking().Where(r => r.Day >= start && r.Day <= end)
            .GroupBy(r => new { r.Day, r.DepartmentCode, r.ItemCode, r.Channel, r.DeskCode })
            .Select(g => new
            {
                g.Key.Day, g.Key.DepartmentCode, g.Key.ItemCode, g.Key.Channel, g.Key.DeskCode,
                Submitted = g.Sum(r => r.Submitted), Accepted = g.Sum(r => r.Accepted), Completed = g.Sum(r => r.Completed),
            }).ToListAsync(ct);

        var series = new Dictionary<SubjectKey, int[,]>();
        void Add(SubjectKey key, int week, int submitted, int accepted, int completed)
        {
            if (!series.TryGetValue(key, out var s)) series[key] = s = new int[Weeks, 3];
            s[week, 0] += submitted;
            s[week, 1] += accepted;
            s[week, 2] += completed;
        }
        foreach (var r in rows)
        {
            var week = (end.DayNumber - r.Day.DayNumber) / 7;
            Add(new(DeclineSubject.Department, r.DepartmentCode, "", ""), week, r.Submitted, r.Accepted, r.Completed);
            Add(new(DeclineSubject.Item, r.DepartmentCode, r.ItemCode, ""), week, r.Submitted, r.Accepted, r.Completed);
            if (r.Channel == ApplicationChannel.Window && r.DeskCode.Length > 0)
            {
                Add(new(DeclineSubject.Window, "", "", r.DeskCode), week, r.Submitted, r.Accepted, r.Completed);
                Add(new(DeclineSubject.WindowItem, r.DepartmentCode, r.ItemCode, r.DeskCode), week, r.Submitted, r.Accepted, r.Completed);
            }
        }
        var workingDays = new int[Weeks];
        for (var w = 0; w < Weeks; w++) workingDays[w] = calendar.CountWorkingDays(end.AddDays(-7 * w - 6), end.AddDays(-7 * w));

        var findings = new Dictionary<(SubjectKey, DeclineMetric), DeclineFinding>();
        foreach (var (key, s) in series)
        {
            WeekFigures Week(int w) => new(s[w, 0], s[w, 1], s[w, 2], workingDays[w]);
            var recent = Enumerable.Range(0, DeclineRule.RecentWeeks).Select(Week).ToList();
            var baseline = Enumerable.Range(DeclineRule.RecentWeeks, DeclineRule.BaselineWeeks).Select(Week).ToList();
            foreach (var finding in DeclineRule.Test(baseline, recent)) findings[(key, finding.Metric)] = finding;
        }

        var now = clock.GetUtcNow();
        var recentFrom = end.AddDays(-7 * DeclineRule.RecentWeeks + 1);
        var open = await db.DeclineAlerts.Where(a => a.ResolvedAt == null).ToListAsync(ct);
        int continued = 0, resolved = 0;
        foreach (var alert in open)
        {
            if (findings.Remove((new SubjectKey(alert.Subject, alert.DepartmentCode, alert.ItemCode, alert.WindowCode), alert.Metric), out var f))
            {
                (alert.Baseline, alert.Recent, alert.DropRatio, alert.Score) = (f.Baseline, f.Recent, f.DropRatio, f.Score);
                (alert.RecentFrom, alert.RecentTo, alert.LastSeenOn) = (recentFrom, end, today);
                continued++;
            }
            else
            {
                alert.ResolvedAt = now;
                resolved++;
            }
        }
        foreach (var ((key, metric), f) in findings)
            db.DeclineAlerts.Add(new DeclineAlert
            {
                Subject = key.Subject, DepartmentCode = key.DepartmentCode, ItemCode = key.ItemCode, WindowCode = key.WindowCode, Metric = metric,
                Baseline = f.Baseline, Recent = f.Recent, DropRatio = f.DropRatio, Score = f.Score,
                RecentFrom = recentFrom, RecentTo = end, DetectedAt = now, LastSeenOn = today,
            });
        await db.SaveChangesAsync(ct);
        return new DeclineScan(today, series.Count, findings.Count, continued, resolved);
    }
}
