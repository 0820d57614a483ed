using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Demo;
using Tongban.Infrastructure.Hosting;

namespace Tongban.Infrastructure;

/// <summary>
/// A command run instead of the server: <c>dotnet run --project src/Tongban -- &lt;words&gt; [arguments]</c>, with the
/// same settings as the server (database, keys). <see cref="Configure"/> may adjust services before the app is built.
/// </summary>
internal sealed record TongbanCommand(string[] Words, string Usage, string Description,
    Func<IServiceProvider, string[], Task<int>> RunAsync, Action<WebApplicationBuilder, string[]>? Configure = null);

/// <summary>Every command-line command in one table. Arguments that match none start the server.</summary>
internal static class TongbanCommands
{
    public static readonly IReadOnlyList<TongbanCommand> All =
    [
        new(["migrate"], "migrate", "apply the migrations (and load the demo district with its history when demo mode is on), then exit",
            async (services, _) =>
            {
                await DataSetup.MigrateAsync(services);
                await Modules.Catalog.ItemSearchTextBackfill.RunAsync(services);
                if (await DemoData.LoadIfEnabledAsync(services) is { } history) await DemoData.WriteHistoryAsync(services, history);
                Console.WriteLine("Database is up to date.");
                return 0;
            }),
        new(["backup"], "backup <folder>", "copy the database and the file store, consistently and while the service runs, into a new folder with a manifest (keys are never in it)",
            Operations.BackupCommand.RunCliAsync),
        new(["restore"], "restore <folder> [--replace]", "put a backup's database and files where the settings point (service stopped; an empty target unless --replace)",
            Operations.RestoreCommand.RunCliAsync),
        new(["audit", "verify"], "audit verify", "check every audit stream's hash chain; exit code 0 intact, 1 broken",
            (services, _) => VerifyAuditChain.RunCliAsync(services)),
        new(["stats", "rebuild"], "stats rebuild", "recompute the daily and monthly statistics from the cases",
            async (services, _) =>
            {
                await using var scope = services.CreateAsyncScope();
                var rows = await Modules.Analytics.CaseStatistics.RebuildAsync(scope.ServiceProvider.GetRequiredService<TongbanDb>(), default);
                Console.WriteLine($"Statistics rebuilt: {rows} daily rows.");
                return 0;
            }),
        new(["certificates", "bench"], "certificates bench [count]", "time issuing e-certificates: PDF, SM2 seal, store (bench/certificate-issue.sh)",
            async (services, args) =>
            {
                await Modules.Certificates.CertificateBench.RunAsync(services, args.Length > 2 && int.TryParse(args[2], out var n) ? n : 1000);
                return 0;
            }),
        new(["supervision", "bench"], "supervision bench [rounds] [due] [at]", "time supervision watcher ticks (bench/supervision-tick.sh)",
            async (services, args) =>
            {
                var rounds = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 30;
                var due = args.Length > 3 && int.TryParse(args[3], out var d) ? d : 100;
                await Modules.Supervision.SupervisionBench.RunAsync(services, rounds, due);
                return 0;
            },
            // With `at`, the watcher's clock runs from that moment (office hours, so ticks raise alerts as by day).
            (builder, args) =>
            {
                if (args.Length > 4 && DateTimeOffset.TryParse(args[4], System.Globalization.CultureInfo.InvariantCulture, out var start))
                    builder.Services.AddSingleton<TimeProvider>(new Modules.Supervision.ShiftedTimeProvider(start - DateTimeOffset.UtcNow));
            }),
        new(["keys", "status"], "keys status", "how many personal-data values each key and algorithm holds (docs/cryptography.md)",
            Security.KeysCommand.StatusAsync),
        new(["keys", "rotate"], "keys rotate [--batch n] [--max-batches n]", "create a new SM4 key and re-encrypt every row to it in batches; continues an unfinished rotation",
            Security.KeysCommand.RotateAsync),
        new(["staff"], "staff disable|enable|password <username>", "disable or enable a staff account, or set its password (read from standard input); ends its sessions",
            Modules.Identity.ManageStaffAccounts.RunCliAsync),
        new(["files", "move"], "files move --to postgres|local", "copy every stored file into the named store (checked by SHA-256, resumable; deletes nothing)",
            Modules.Files.MoveFilesBetweenStores.RunCliAsync),
        new(["help"], "help", "list these commands",
            (_, _) =>
            {
                Console.WriteLine("Tongban commands (dotnet run --project src/Tongban -- <command>; no command starts the server):");
                foreach (var c in All!) Console.WriteLine($"  {c.Usage,-40} {c.Description}");
                return Task.FromResult(0);
            }),
    ];

    /// <summary>The command the arguments name, or null to start the server.</summary>
    public static TongbanCommand? Find(string[] args) =>
        All.FirstOrDefault(c => args.Length >= c.Words.Length && c.Words.Select((w, i) => args[i] == w).All(match => match));
}
