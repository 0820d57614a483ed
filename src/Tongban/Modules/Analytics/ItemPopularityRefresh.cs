using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Analytics;

/// <summary>
/// Once a day (China date, one node) hands the catalog how often each item was applied for over the last year (the
/// submitted counters of <see cref="DailyCaseStat"/>, never the cases), so search ranks equally relevant items by it.
/// The day is claimed in analytics_job_runs the way <see cref="DeclineDetector"/> claims its own.
/// </summary>
internal sealed class ItemPopularityRefresh(IServiceScopeFactory scopes, TimeProvider clock, BulkWrites bulkWrites,
    Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options, ILogger<ItemPopularityRefresh> logger) : PollingWorker
{
    public const string Job = "popularity";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override TimeProvider Clock => clock;
    protected override bool Enabled => options.Value.PopularityInBackground;
    protected override TimeSpan PollInterval => Interval;
    protected override Task WhenReadyAsync(CancellationToken ct) => bulkWrites.WaitAsync(ct);
    protected override Task PollAsync(CancellationToken ct) => RunAsync(force: false, ct);
    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Item popularity refresh failed; retrying in {Interval}", Interval);

    /// <summary>Refreshes unless today's run has happened (on any node); returns how many items have a count, or null.</summary>
    public async Task<int?> RunAsync(bool force, CancellationToken ct)
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
        var since = today.AddDays(-365);
        var counts = await db.DailyCaseStats.AsNoTracking().Where(r => r.Day >= since && r.Day < today)
            .GroupBy(r => r.ItemCode).Select(g => new { g.Key, Submitted = g.Sum(r => r.Submitted) })
            .Where(x => x.Submitted > 0).ToDictionaryAsync(x => x.Key, x => x.Submitted, ct);
        await ItemPopularity.ReplaceAllAsync(db, counts, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return counts.Count;
    }
}
