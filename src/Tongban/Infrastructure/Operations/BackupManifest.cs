using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tongban.Infrastructure.Operations;

/// <summary>manifest.json of a backup folder: what was taken, from which build and schema, and each file's digest.</summary>
internal sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const string SqliteFile = "tongban.db";
    public const string PostgresFile = "tongban.pgdump";
    public const string FilesFolder = "files";
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string TongbanVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>sqlite or postgres: a backup restores into the same provider.</summary>
    public required string Provider { get; init; }
    /// <summary>The newest applied migration: the schema of the backup.</summary>
    public required string? SchemaMigration { get; init; }
    public required IReadOnlyList<string> Migrations { get; init; }
    public required BackupFile Database { get; init; }
    public required BackupCounts Counts { get; init; }
    public required IReadOnlyList<BackupFile> Files { get; init; }
    /// <summary>Files the database lists but the store did not hold at backup time (restored without them).</summary>
    public IReadOnlyList<string> MissingFiles { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Version =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        // Written last and renamed into place: a folder with a manifest holds a finished backup.
        var temp = Path.Combine(folder, FileName + ".part");
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(this, Json), cancellationToken);
        File.Move(temp, Path.Combine(folder, FileName), overwrite: true);
    }

    public static async Task<BackupManifest> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new BackupException($"{path} is missing: not a finished Tongban backup.");
        return JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(path, cancellationToken), Json)
            ?? throw new BackupException($"{path} is empty.");
    }
}

/// <summary>A file of the backup: a path relative to its folder (for the file store: the storage key), size and SHA-256.</summary>
internal sealed record BackupFile(string Path, long Size, string Sha256);

internal sealed record BackupCounts(long Cases, long StoredFiles, long AuditEntries)
{
    /// <summary>Counts as one database (a backup copy or a snapshot) holds them; the table names are the same on both providers.</summary>
    public static async Task<BackupCounts> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(await CountAsync(connection, transaction, "cases", cancellationToken),
            await CountAsync(connection, transaction, "stored_files", cancellationToken),
            await CountAsync(connection, transaction, "audit_entries", cancellationToken));

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A backup or restore that cannot go on; the message says why and what to do.</summary>
internal sealed class BackupException(string message) : Exception(message);

/// <summary>Rows read from a database by raw SQL (the same on both providers).</summary>
internal static class BackupQueries
{
    public static async Task<List<string>> MigrationsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var list = new List<string>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY migration_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(reader.GetString(0));
        return list;
    }

    public static async Task<List<BackupFile>> StoredFilesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var list = new List<BackupFile>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT storage_key, size, sha256 FROM stored_files ORDER BY storage_key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new BackupFile(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return list;
    }
}
