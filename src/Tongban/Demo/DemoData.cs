using Tongban.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Demo;

/// <summary>
/// Loads the demo district into an empty database when demo mode is on. The district (organisation,
/// catalog, staff) is there when the start completes; its six months of case history follow in the
/// background within a minute or so (<see cref="DemoHistoryLoader"/>), or synchronously for the
/// `migrate` command.
/// </summary>
internal static class DemoData
{
    /// <returns>The planned case history still to be written, if any.</returns>
    public static async Task<DemoHistoryJob?> LoadIfEnabledAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (!options.Enabled) return null;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        if (await db.Regions.AnyAsync(ct)) return null;
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Tongban.Demo");
        var started = clock.GetTimestamp();
        var auditKey = scope.ServiceProvider.GetRequiredService<Modules.Audit.AuditKey>();
        var job = await DemoDistrictSeeder.SeedAsync(db, options, clock, auditKey, logger, ct);
        logger.LogInformation("Demo district loaded in {Elapsed} ms", (int)clock.GetElapsedTime(started).TotalMilliseconds);
        return job;
    }

    /// <summary>Writes a planned history now (the migrate command).</summary>
    public static async Task WriteHistoryAsync(IServiceProvider services, DemoHistoryJob job, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Tongban.Demo");
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        var result = await DemoCaseHistory.WriteAsync(db, job, ct);
        logger.LogInformation("Demo case history: {Cases} cases in {Elapsed} ms ({Skipped} plans refused by the rules); by status {ByStatus}; by channel {ByChannel}",
            result.Cases, (int)clock.GetElapsedTime(started).TotalMilliseconds, result.Skipped,
            string.Join(", ", result.ByStatus.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Value}")),
            string.Join(", ", result.ByChannel.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Value}")));
        started = clock.GetTimestamp();
        var certificates = await DemoCertificates.IssueAsync(services, ct);
        logger.LogInformation("Demo certificates: {Issued} issued for the latest approved licence cases in {Elapsed} ms", certificates, (int)clock.GetElapsedTime(started).TotalMilliseconds);
        // The history's open cases are overdue or near their dates now: the board shows their alerts (and the
        // escalations they would have had) at once, dated when they would have fired, without texting anyone.
        var tick = await services.GetRequiredService<Modules.Supervision.SupervisionWatcher>().TickAsync(backfill: true, ct);
        logger.LogInformation("Demo supervision: {Checked} cases checked, {Raised} alerts, {Escalated} escalations", tick.Checked, tick.Raised, tick.Escalated);
        // The history holds a decline (DemoCaseHistory.PlanDecline): the statistics show its alert on the first start.
        var scan = await services.GetRequiredService<Modules.Analytics.DeclineDetector>().RunAsync(force: true, ct);
        logger.LogInformation("Demo decline scan: {Raised} declines", scan?.Raised);
    }
}

/// <summary>
/// Writes the demo case history after the server has started, so the first start is not held up.
/// <see cref="Completion"/> tells tests (and the health report) when it is done.
/// </summary>
internal sealed class DemoHistoryLoader(IServiceProvider services, IHostApplicationLifetime lifetime, Infrastructure.Data.BulkWrites bulkWrites, ILogger<DemoHistoryLoader> logger)
{
    private Task _completion = Task.CompletedTask;

    public Task Completion => _completion;

    public bool IsLoading => !_completion.IsCompleted;

    public void Start(DemoHistoryJob job) => bulkWrites.Track(_completion = Task.Run(async () =>
    {
        try
        {
            await DemoData.WriteHistoryAsync(services, job, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogWarning("Demo case history interrupted by shutdown; the cases written so far stay");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Demo case history failed; the demo district works without it");
            throw;
        }
    }));
}
