using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Tongban.Infrastructure.Data;

namespace Tongban.Infrastructure.Operations;

/// <summary>
/// <c>Tongban restore &lt;folder&gt; [--replace]</c>: puts a backup's database and files where this node's settings point,
/// with the service stopped. Refuses a backup of another provider, one whose schema this build does not know, a
/// damaged one (digests in the manifest), and a target that already holds a Tongban database unless --replace.
/// Keys are not restored: the node must run with the keys the backed-up instance used (docs/operations.md).
/// </summary>
internal static class RestoreCommand
{
    public static async Task<int> RunCliAsync(IServiceProvider services, string[] args)
    {
        var folder = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (string.IsNullOrWhiteSpace(folder))
        {
            await Console.Error.WriteLineAsync("usage: Tongban restore <folder> [--replace]   (stop the service first)");
            return 2;
        }
        try
        {
            var manifest = await RunAsync(services, folder, args.Contains("--replace"), CancellationToken.None);
            Console.WriteLine($"Restored {Path.GetFullPath(folder)} (made {manifest.CreatedAt:u} by {manifest.TongbanVersion}): schema {manifest.SchemaMigration}, "
                + $"{manifest.Counts.Cases} cases, {manifest.Files.Count} files, {manifest.Counts.AuditEntries} audit entries. "
                + "Next: `Tongban audit verify` (with the instance's audit key), then start the service.");
            return 0;
        }
        catch (BackupException e)
        {
            await Console.Error.WriteLineAsync($"Restore failed: {e.Message}");
            return 1;
        }
    }

    public static async Task<BackupManifest> RunAsync(IServiceProvider services, string folder, bool replace, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        var manifest = await BackupManifest.ReadAsync(folder, cancellationToken);
        if (manifest.Format > BackupManifest.CurrentFormat)
            throw new BackupException($"the backup's format {manifest.Format} is newer than this build reads ({BackupManifest.CurrentFormat}): restore it with the build that made it ({manifest.TongbanVersion}).");

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var provider = db.Database.IsNpgsql() ? "postgres" : "sqlite";
        if (manifest.Provider != provider)
            throw new BackupException($"the backup is of a {manifest.Provider} database and this node is configured for {provider} (Tongban:Database:Provider).");
        var unknown = manifest.Migrations.Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new BackupException($"the backup's schema is newer than this build ({string.Join(", ", unknown)}): restore it with {manifest.TongbanVersion} or newer.");
        await CheckAsync(folder, manifest.Database, cancellationToken);

        var connectionString = db.Database.GetConnectionString()!;
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        // Found before anything is touched; the database is created first, so that asking it for its migrations is not
        // a failed connection in the log.
        var pgRestore = provider == "postgres" ? PostgresTools.Find("pg_restore", configuration) : null;
        if (pgRestore is not null) await CreateDatabaseIfMissingAsync(connectionString, cancellationToken);
        if (!replace && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
            throw new BackupException("the target database already holds a Tongban database. Restore into an empty one, or add --replace to overwrite it.");

        if (provider == "sqlite") await RestoreSqliteAsync(folder, connectionString, cancellationToken);
        else await RestorePostgresAsync(folder, connectionString, replace, pgRestore!, cancellationToken);

        var root = Path.GetFullPath(scope.ServiceProvider.GetRequiredService<IOptions<Modules.Files.FileOptions>>().Value.Root);
        foreach (var file in manifest.Files) await RestoreFileAsync(folder, root, file, replace, cancellationToken);

        // What arrived is what was taken.
        await db.Database.OpenConnectionAsync(cancellationToken);
        BackupCounts counts;
        try
        {
            counts = await BackupCounts.ReadAsync(db.Database.GetDbConnection(), null, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (counts != manifest.Counts)
            throw new BackupException($"the restored database holds {counts}, the backup says {manifest.Counts}.");
        return manifest;
    }

    private static async Task RestoreSqliteAsync(string folder, string connectionString, CancellationToken cancellationToken)
    {
        var target = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        SqliteConnection.ClearAllPools();
        await using (var backup = new SqliteConnection($"Data Source={Path.Combine(folder, BackupManifest.SqliteFile)};Mode=ReadOnly;Pooling=False"))
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))
        {
            await backup.OpenAsync(cancellationToken);
            await destination.OpenAsync(cancellationToken);
            // Replaces every page of the destination (its old content, if any, is gone).
            backup.BackupDatabase(destination);
            await using var wal = destination.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task RestorePostgresAsync(string folder, string connectionString, bool replace, string pgRestore, CancellationToken cancellationToken)
    {
        List<string> arguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];
        if (replace) arguments.AddRange(["--clean", "--if-exists"]);
        arguments.AddRange(["--dbname", new NpgsqlConnectionStringBuilder(connectionString).Database!, Path.Combine(folder, BackupManifest.PostgresFile)]);
        await PostgresTools.RunAsync(pgRestore, arguments, connectionString, cancellationToken);
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RestoreFileAsync(string folder, string root, BackupFile file, bool replace, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(Path.Combine(folder, BackupManifest.FilesFolder, file.Path));
        var target = Path.GetFullPath(Path.Combine(root, file.Path));
        // Paths come from the manifest, which is input: none may leave the backup or the file store.
        if (!source.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new BackupException($"the manifest names a file outside its folders: {file.Path}");
        if (File.Exists(target))
        {
            if (string.Equals(await Sha256Async(target, cancellationToken), file.Sha256, StringComparison.OrdinalIgnoreCase)) return;
            if (!replace) throw new BackupException($"{target} exists with other content; add --replace to overwrite it.");
        }
        await using var input = File.OpenRead(source);
        var copied = await BackupCommand.CopyHashedAsync(input, target, cancellationToken);
        if (!string.Equals(copied.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(target);
            throw new BackupException($"backup file {file.Path} is damaged (SHA-256 {copied.Sha256}, manifest {file.Sha256}).");
        }
    }

    private static async Task CheckAsync(string folder, BackupFile file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, file.Path);
        if (!File.Exists(path)) throw new BackupException($"{path} is missing.");
        var hash = await Sha256Async(path, cancellationToken);
        if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new BackupException($"{path} is damaged (SHA-256 {hash}, manifest {file.Sha256}).");
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
