using Tongban.Infrastructure;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Demo;

// Wiring only: each module maps its own endpoints; see Infrastructure/TongbanApp.cs.
var builder = WebApplication.CreateBuilder(args);
builder.AddTongban();
// `supervision bench [rounds] [due] [at]`: the watcher's clock runs from `at` (an office-hours moment, so ticks raise alerts as by day).
if (args is ["supervision", "bench", _, _, var benchAt, ..] && DateTimeOffset.TryParse(benchAt, System.Globalization.CultureInfo.InvariantCulture, out var benchStart))
    builder.Services.AddSingleton<TimeProvider>(new Tongban.Modules.Supervision.ShiftedTimeProvider(benchStart - DateTimeOffset.UtcNow));
var app = builder.Build();

if (args.Length > 0 && args[0] == "migrate")
{
    // `dotnet run --project src/Tongban -- migrate`: apply migrations (and demo data when on), then exit.
    await DataSetup.MigrateAsync(app.Services);
    if (await DemoData.LoadIfEnabledAsync(app.Services) is { } history) await DemoData.WriteHistoryAsync(app.Services, history);
    Console.WriteLine("Database is up to date.");
    return;
}

if (args.Length > 1 && args[0] == "audit" && args[1] == "verify")
{
    // `dotnet run --project src/Tongban -- audit verify`: check every audit stream; exit code 0 intact, 1 broken.
    Environment.ExitCode = await VerifyAuditChain.RunCliAsync(app.Services);
    return;
}

if (args.Length > 1 && args[0] == "stats" && args[1] == "rebuild")
{
    // `dotnet run --project src/Tongban -- stats rebuild`: recompute the daily counters from the cases.
    await using var scope = app.Services.CreateAsyncScope();
    var rows = await Tongban.Modules.Analytics.CaseStatistics.RebuildAsync(scope.ServiceProvider.GetRequiredService<TongbanDb>(), default);
    Console.WriteLine($"Statistics rebuilt: {rows} daily rows.");
    return;
}

if (args.Length > 1 && args[0] == "supervision" && args[1] == "bench")
{
    // `dotnet run --project src/Tongban -- supervision bench [rounds] [due]`: times watcher ticks (bench/supervision-tick.sh).
    var rounds = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 30;
    var due = args.Length > 3 && int.TryParse(args[3], out var d) ? d : 100;
    await Tongban.Modules.Supervision.SupervisionBench.RunAsync(app.Services, rounds, due);
    return;
}

await app.UseTongbanAsync();
await app.RunAsync();
