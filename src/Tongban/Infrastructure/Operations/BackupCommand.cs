using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Files;

namespace Tongban.Infrastructure.Operations;

/// <summary>
/// <c>Tongban backup &lt;folder&gt;</c>: the database and the file store, consistent with each other, while the service
/// runs. The database is copied first as of one moment (SQLite's online backup; PostgreSQL: pg_dump of an exported
/// snapshot), then every file that copy lists is copied and its SHA-256 checked against its row. Files are written
/// before their rows commit and never changed, so every file the copy needs exists. Keys are never in a backup.
/// </summary>
internal static class BackupCommand
{
    public static async Task<int> RunCliAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: Tongban backup <folder>   (a new or empty folder)");
            return 2;
        }
        try
        {
            var manifest = await RunAsync(services, args[1], CancellationToken.None);
            Console.WriteLine($"Backup written to {Path.GetFullPath(args[1])}: schema {manifest.SchemaMigration}, {manifest.Counts.Cases} cases, "
                + $"{manifest.Files.Count} files, {manifest.Counts.AuditEntries} audit entries.");
            if (manifest.MissingFiles.Count == 0) return 0;
            await Console.Error.WriteLineAsync($"WARNING: {manifest.MissingFiles.Count} file(s) listed in the database were not in the file store: "
                + string.Join(", ", manifest.MissingFiles.Take(20)));
            return 1;
        }
        catch (BackupException e)
        {
            await Console.Error.WriteLineAsync($"Backup failed: {e.Message}");
            return 1;
        }
    }

    public static async Task<BackupManifest> RunAsync(IServiceProvider services, string folder, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BackupException($"{folder} is not empty: a backup goes into a new or empty folder.");
        Directory.CreateDirectory(folder);
        await SchemaVersion.EnsureNotNewerAsync(services, cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var connectionString = db.Database.GetConnectionString()!;
        var (provider, databaseFile, migrations, counts, rows) = db.Database.IsNpgsql()
            ? await DumpPostgresAsync(connectionString, folder, scope.ServiceProvider.GetRequiredService<IConfiguration>(), cancellationToken)
            : await CopySqliteAsync(connectionString, folder, cancellationToken);

        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        // With Tongban:Files:Store=postgres the files are rows of file_chunks, inside the dump already.
        if (store is PostgresFileStore) rows = [];
        var files = new List<BackupFile>(rows.Count);
        var missing = new List<string>();
        foreach (var row in rows)
        {
            await using var source = await store.OpenReadAsync(row.Path, cancellationToken);
            if (source is null)
            {
                missing.Add(row.Path);
                continue;
            }
            var copied = await CopyHashedAsync(source, Path.Combine(folder, BackupManifest.FilesFolder, row.Path), cancellationToken);
            if (!string.Equals(copied.Sha256, row.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new BackupException($"file {row.Path} in the store does not match its record (SHA-256 {copied.Sha256}, recorded {row.Sha256}): the store was changed outside Tongban.");
            files.Add(row with { Size = copied.Size });
        }

        var manifest = new BackupManifest
        {
            TongbanVersion = BackupManifest.Version,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            Provider = provider,
            SchemaMigration = migrations.LastOrDefault(),
            Migrations = migrations,
            Database = databaseFile,
            Counts = counts,
            Files = files,
            MissingFiles = missing,
        };
        await manifest.WriteAsync(folder, cancellationToken);
        return manifest;
    }

    private static async Task<(string, BackupFile, List<string>, BackupCounts, List<BackupFile>)> CopySqliteAsync(
        string connectionString, string folder, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, BackupManifest.SqliteFile);
        // The online backup API copies a consistent image while writers go on (it restarts if one commits meanwhile).
        await using (var source = new SqliteConnection(connectionString))
        await using (var copy = new SqliteConnection($"Data Source={target};Pooling=False"))
        {
            await source.OpenAsync(cancellationToken);
            await copy.OpenAsync(cancellationToken);
            source.BackupDatabase(copy);
            await using var checkpoint = copy.CreateCommand();
            // One self-contained file: no -wal beside it.
            checkpoint.CommandText = "PRAGMA journal_mode=DELETE;";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var backup = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await backup.OpenAsync(cancellationToken);
        var migrations = await BackupQueries.MigrationsAsync(backup, null, cancellationToken);
        var counts = await BackupCounts.ReadAsync(backup, null, cancellationToken);
        var rows = await BackupQueries.StoredFilesAsync(backup, null, cancellationToken);
        await backup.CloseAsync();
        return ("sqlite", await DescribeAsync(folder, BackupManifest.SqliteFile, cancellationToken), migrations, counts, rows);
    }

    private static async Task<(string, BackupFile, List<string>, BackupCounts, List<BackupFile>)> DumpPostgresAsync(
        string connectionString, string folder, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var pgDump = PostgresTools.Find("pg_dump", configuration);
        // The dump and the list of files come from one exported snapshot: both see the same committed rows.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
            snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        var migrations = await BackupQueries.MigrationsAsync(connection, transaction, cancellationToken);
        var counts = await BackupCounts.ReadAsync(connection, transaction, cancellationToken);
        var rows = await BackupQueries.StoredFilesAsync(connection, transaction, cancellationToken);
        await PostgresTools.RunAsync(pgDump,
            ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", "--file", Path.Combine(folder, BackupManifest.PostgresFile)],
            connectionString, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ("postgres", await DescribeAsync(folder, BackupManifest.PostgresFile, cancellationToken), migrations, counts, rows);
    }

    private static async Task<BackupFile> DescribeAsync(string folder, string name, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, name));
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        return new BackupFile(name, stream.Length, hash);
    }

    /// <summary>Copies to <paramref name="target"/> (through a temporary name) and returns size and SHA-256 of what was written.</summary>
    public static async Task<BackupFile> CopyHashedAsync(Stream source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".part";
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
            output.Flush(flushToDisk: true);
        }
        File.Move(temp, target, overwrite: true);
        return new BackupFile(target, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
