using System.Globalization;
using Npgsql;

[assembly: AssemblyFixture(typeof(Tongban.IntegrationTests.TemplateDatabases.Cleanup))]

namespace Tongban.IntegrationTests;

/// <summary>
/// One migrated database with the demo district loaded, per provider and test run, built by the app itself on its first
/// use (<see cref="TongbanAppFactory.BuildTemplate"/>) and copied for every test app: migrating and loading ~1,100
/// items, 100+ service points and the staff took most of each test class's start. A template is the app's own first
/// start with the defaults at <see cref="TongbanAppFactory.StartTime"/> and this process's keys (the development key
/// files: one process, one key), so a copy holds exactly what that factory's own first start would have written.
/// </summary>
internal static class TemplateDatabases
{
    /// <summary>Templates older than this are a crashed run's: the next run removes them. (A run takes minutes.)</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromHours(6);

    private const string SqlitePrefix = "tongban-template-";
    private const string PostgresPrefix = "tongban_tpl_";
    private const string StampFormat = "yyyyMMddHHmmss";

    /// <summary>Unique per run (concurrent runs share the server and the temp folder), dated for the clean-up of leftovers.</summary>
    private static readonly string RunId = DateTime.UtcNow.ToString(StampFormat, CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..12];

    private static readonly Lazy<string> SqliteTemplate = new(BuildSqlite, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> PostgresTemplate = new(BuildPostgres, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the SQLite template to <paramref name="path"/> (building the template first, once per run).</summary>
    public static void CopySqlite(string path) => File.Copy(SqliteTemplate.Value, path, overwrite: false);

    /// <summary>Creates the database of <paramref name="connectionString"/> as a copy of the PostgreSQL template.</summary>
    public static void CopyPostgres(string connectionString)
    {
        var template = PostgresTemplate.Value;
        var target = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(Admin(connectionString));
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE \"{target}\" TEMPLATE \"{template}\"", connection);
                command.ExecuteNonQuery();
                return;
            }
            // 55006: someone is connected to the template. Nobody should be (it refuses connections once built); a few
            // tries cover a connection that was closing at that moment. Not test timing: set-up backoff.
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 10)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string Admin(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;

    private static string BuildSqlite()
    {
        foreach (var old in Directory.EnumerateFiles(Path.GetTempPath(), SqlitePrefix + "*"))
            if (File.GetLastWriteTimeUtc(old) < DateTime.UtcNow - Stale) TryDelete(old);
        var path = Path.Combine(Path.GetTempPath(), $"{SqlitePrefix}{RunId}.db");
        TongbanAppFactory.BuildTemplate(DatabaseKind.Sqlite, path, null);
        Tongban.TestSupport.SqliteTemplateFile.Seal(path);
        return path;
    }

    private static string BuildPostgres()
    {
        var baseConnection = Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable)
            ?? throw new InvalidOperationException($"{TongbanAppFactory.PostgresVariable} is not set.");
        DropStalePostgres(baseConnection);
        var name = PostgresPrefix + RunId;
        var connectionString = new NpgsqlConnectionStringBuilder(baseConnection) { Database = name }.ConnectionString;
        TongbanAppFactory.BuildTemplate(DatabaseKind.Postgres, Path.Combine(Path.GetTempPath(), $"{SqlitePrefix}{RunId}-unused.db"), connectionString);
        // CREATE DATABASE … TEMPLATE needs nobody connected to the template: close the pooled connections of the stopped
        // app and refuse new ones (autovacuum too; PostgreSQL itself stops a worker that is still there when copying).
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Admin(baseConnection));
        connection.Open();
        using (var refuse = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false", connection))
            refuse.ExecuteNonQuery();
        using (var close = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND usename = current_user AND pid <> pg_backend_pid()", connection))
        {
            close.Parameters.AddWithValue("name", name);
            close.ExecuteNonQuery();
        }
        PostgresBuilt = baseConnection;
        return name;
    }

    private static string? PostgresBuilt;

    /// <summary>Templates of runs that ended without their clean-up (killed, crashed), older than <see cref="Stale"/>.</summary>
    private static void DropStalePostgres(string baseConnection)
    {
        var stale = new List<string>();
        using var connection = new NpgsqlConnection(Admin(baseConnection));
        connection.Open();
        using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix)", connection))
        {
            list.Parameters.AddWithValue("prefix", PostgresPrefix);
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                var datname = reader.GetString(0);
                var stamp = datname[PostgresPrefix.Length..].Split('_')[0];
                if (DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                    && at < DateTime.UtcNow - Stale)
                    stale.Add(datname);
            }
        }
        foreach (var datname in stale)
        {
            try
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{datname}\"", connection);
                drop.ExecuteNonQuery();
            }
            catch (PostgresException)
            {
                // Another run's clean-up got there first, or it is not ours to drop: leave it.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes this run's templates when the test assembly is done.</summary>
    public sealed class Cleanup : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (SqliteTemplate.IsValueCreated) TryDelete(SqliteTemplate.Value);
            if (PostgresBuilt is { } baseConnection)
            {
                NpgsqlConnection.ClearAllPools();
                await TongbanAppFactory.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(baseConnection) { Database = PostgresTemplate.Value }.ConnectionString);
            }
        }
    }
}
