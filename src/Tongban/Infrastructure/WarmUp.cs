using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;

namespace Tongban.Infrastructure;

/// <summary>Tongban:WarmUp — what the node prepares before it listens (docs/performance.md, cold start).</summary>
internal sealed class WarmUpOptions
{
    public const string Section = "Tongban:WarmUp";

    /// <summary>Warm up before the server listens (default on; the test host turns it off and runs it where a test asks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Database connections opened at once and returned to the pool: the first burst of requests finds them ready.</summary>
    public int Connections { get; set; } = 8;
}

/// <summary>
/// Part of the composition root: like the wiring, it touches several modules. Prepares what the first requests after
/// a start would otherwise pay for under load: the EF model, the database connection pool, the whole-case view's compiled query, the reference data and calendar snapshots and the JSON
/// contracts of the answers. Runs in <see cref="StartAsync"/>, which the host awaits before the server starts
/// listening, so <c>/health</c> answers only once it is done. A failure is logged and the start goes on: a cold
/// node is slower, not wrong.
/// </summary>
internal sealed class WarmUp(IServiceScopeFactory scopes, IOptions<WarmUpOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<WarmUp> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return;
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await RunAsync(ct);
            log.LogInformation("Warm-up done in {Ms} ms", (int)started.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Warm-up failed after {Ms} ms; starting cold", (int)started.ElapsedMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>One warm-up pass (also what the tests run on both databases: it must read without error and write nothing).</summary>
    internal async Task RunAsync(CancellationToken ct)
    {
        // Connections first, in parallel: opening one (TCP, SCRAM authentication) costs milliseconds of CPU each.
        var count = Math.Max(1, options.Value.Connections);
        var opened = new List<(AsyncServiceScope Scope, TongbanDb Db)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var scope = scopes.CreateAsyncScope();
                opened.Add((scope, scope.ServiceProvider.GetRequiredService<TongbanDb>()));
            }
            await Task.WhenAll(opened.Select(o => o.Db.Database.OpenConnectionAsync(ct)));
            var (first, db) = opened[0];
            var calendars = first.ServiceProvider.GetRequiredService<CalendarService>();
            var clock = first.ServiceProvider.GetRequiredService<TimeProvider>();
            // The most frequent read: a number no case has runs its compiled query (and builds the model) without reading a case.
            await Modules.Cases.CaseView.LoadAsync(db, "warm-up", calendars, clock, ct);
            await Modules.Organization.ReferenceCache.PointAsync(db, "warm-up", ct);
            await calendars.GetAsync(ct);
            await db.Cases.AsNoTracking().Where(c => c.Number == "warm-up").Select(c => c.Id).FirstOrDefaultAsync(ct);
        }
        finally
        {
            foreach (var (scope, db) in opened)
            {
                await db.Database.CloseConnectionAsync();
                await scope.DisposeAsync();
            }
        }
        // The answers' JSON contracts (built by reflection on first use): the view's and the lists' types.
        var serializer = json.Value.SerializerOptions;
        foreach (var type in new[] { typeof(Modules.Cases.CaseDto), typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails) })
            serializer.GetTypeInfo(type);
        JsonSerializer.Serialize(new { status = "Healthy", durationMs = 0, checks = new Dictionary<string, object>() }, serializer);
    }
}
