using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;

namespace Tongban.IntegrationTests;

/// <summary>
/// A district that installed v0.1 upgrades in place (DESIGN §3 rule 10): the current build starts on a database made by
/// the v0.1 build (Fixtures/v0.1, README.md there), applies every later migration, and serves what v0.1 recorded, its
/// personal data readable and its audit chain whole. The app runs as its own process (the built Tongban.dll) because the
/// fixture's personal-data key differs from the one the other tests' hosts share, and a process holds one such key.
/// </summary>
public abstract class UpgradeFromV01Tests : IAsyncLifetime
{
    // Test-only keys the fixtures were made with (make-fixtures.sh): never use them for real data.
    private const string PersonalDataKey = "hnICSI9BOc3DU0U8sjMWQTQ90kv/tnRh4GWnyCULsaE=";
    private const string AuditKey = "RzHcR9OojAAgeuNIidrCNSPkPhAGva5iTZor4XfbYI8=";

    /// <summary>What v0.1 recorded: the five cases made through its API, with their applicants as the API masks them.</summary>
    private static readonly (string Number, string Status, string MaskedName)[] Cases =
    [
        ("350505-2026-000001", "completed", "郑**"),
        ("350505-2026-000002", "accepted", "林**"),
        ("350505-2026-000003", "correctionRequested", "陈**"),
        ("350505-2026-000004", "completed", "黄**"),
        ("350505-2026-000005", "submitted", "吴**"),
    ];

    private const int AuditEntries = 15; // 3 staff logins, 12 case actions
    private const int StaffUsers = 14;

    private readonly DatabaseKind _kind;
    private readonly string? _server = Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable);
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), $"tongban-upgrade-{Guid.NewGuid():N}");
    private readonly List<string> _output = [];
    private string? _postgres;

    protected UpgradeFromV01Tests(DatabaseKind kind)
    {
        _kind = kind;
        Assert.SkipWhen(kind == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(_server),
            $"{TongbanAppFactory.PostgresVariable} is not set: PostgreSQL tests need a server (.ci/run sets one up).");
    }

    /// <summary>The migrations v0.1 shipped, one per provider.</summary>
    private string[] V01Migrations => _kind == DatabaseKind.Sqlite ? ["20261130191218_Initial"] : ["20261130191222_Initial"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "v0.1", name);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        if (_kind == DatabaseKind.Sqlite)
        {
            await using var gz = new GZipStream(File.OpenRead(Fixture("v0.1.sqlite.gz")), CompressionMode.Decompress);
            await using var db = File.Create(SqlitePath);
            await gz.CopyToAsync(db, Ct);
        }
        else
        {
            _postgres = new NpgsqlConnectionStringBuilder(_server) { Database = $"tongban_upgrade_{Guid.NewGuid():N}" }.ConnectionString;
            await AdminAsync($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(_postgres).Database}\"");
            await PgRestoreAsync(_postgres, Fixture("v0.1.pgdump"));
        }
    }

    private string SqlitePath => Path.Combine(_workDir, "tongban.db");

    [Fact]
    public async Task The_current_build_starts_on_a_v0_1_database_and_serves_what_v0_1_recorded()
    {
        await using (var db = Db())
        {
            Assert.Equal(V01Migrations, await db.Database.GetAppliedMigrationsAsync(Ct));
            Assert.Equal((Cases.Length, AuditEntries, StaffUsers), await CountsAsync(db));
        }

        var port = KannelGateway.FreePort();
        using var app = await StartAsync(port);

        await using (var db = Db())
        {
            // Every migration the current build knows is applied, and the start changed none of the data.
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            Assert.Equal((Cases.Length, AuditEntries, StaffUsers), await CountsAsync(db));
        }

        // The demo clerk's v0.1 password still logs in; each case reads back (personal data decrypted, then masked) as recorded.
        using var clerk = await LoginAsync(port, "clerk");
        foreach (var (number, status, maskedName) in Cases)
        {
            var response = await clerk.GetAsync($"/api/cases/{number}", Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"GET {number}: {(int)response.StatusCode} {text}\n{Output()}");
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal(status, body.GetProperty("status").GetString());
            Assert.Equal(maskedName, body.GetProperty("applicant").GetProperty("name").GetString());
        }
        var licence = JsonDocument.Parse(await clerk.GetStringAsync($"/api/cases/{Cases[0].Number}", Ct)).RootElement;
        Assert.Equal("SL350505-2026-000001", licence.GetProperty("acceptanceNumber").GetString());
        Assert.Equal("approve", licence.GetProperty("result").GetProperty("decision").GetString());

        // The chain v0.1 began verifies with the new build's entries (this login, the audited reads) appended.
        await using (var db = Db())
        {
            var verification = await new AuditChainVerifier(new AuditKey(Convert.FromBase64String(AuditKey))).VerifyAsync(db, Ct);
            Assert.True(verification.Ok, $"audit chain broken: {verification.BrokenAt}");
            Assert.True(verification.Checked > AuditEntries, $"{verification.Checked} entries checked");
            Assert.Equal(await db.AuditEntries.LongCountAsync(Ct), verification.Checked);
            // And it is the key that makes it verify: another key finds the first entry's MAC wrong.
            Assert.False((await new AuditChainVerifier(new AuditKey(new byte[32])).VerifyAsync(db, Ct)).Ok);
        }
    }

    private TongbanDb Db()
    {
        if (_kind == DatabaseKind.Sqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteTongbanDb>();
            DataSetup.ConfigureSqlite(sqlite, $"Data Source={SqlitePath};Pooling=False");
            return new SqliteTongbanDb(sqlite.Options);
        }
        var postgres = new DbContextOptionsBuilder<PostgresTongbanDb>();
        DataSetup.ConfigurePostgres(postgres, new NpgsqlConnectionStringBuilder(_postgres) { Pooling = false }.ConnectionString);
        return new PostgresTongbanDb(postgres.Options);
    }

    private static async Task<(int Cases, int AuditEntries, int StaffUsers)> CountsAsync(TongbanDb db) =>
        (await db.Cases.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct), await db.StaffUsers.CountAsync(Ct));

    private sealed class AppProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>The current build as a district runs it: Production, the district's keys, no demo mode, migrations at start.</summary>
    private async Task<AppProcess> StartAsync(int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tongban.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\"") { WorkingDirectory = _workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Tongban__PersonalData__Key"] = PersonalDataKey;
        info.Environment["Tongban__Audit__Key"] = AuditKey;
        info.Environment["Tongban__Files__Root"] = Path.Combine(_workDir, "files");
        // Nothing but the start may write before the counts are compared: background work stays off.
        info.Environment["Tongban__Notifications__DispatchInBackground"] = "false";
        info.Environment["Tongban__Notifications__RemindInBackground"] = "false";
        info.Environment["Tongban__Supervision__WatchInBackground"] = "false";
        info.Environment["Tongban__Analytics__DeclineScanInBackground"] = "false";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        // The test build has no web app (wwwroot); this test is about the data.
        info.Environment["Tongban__WebApp__Required"] = "false";
        if (_kind == DatabaseKind.Sqlite)
        {
            info.Environment["Tongban__Database__Provider"] = "sqlite";
            info.Environment["Tongban__Database__SqlitePath"] = SqlitePath;
        }
        else
        {
            info.Environment["Tongban__Database__Provider"] = "postgres";
            info.Environment["ConnectionStrings__Tongban"] = _postgres;
        }
        var process = Process.Start(info)!;
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        // Polls another process until it answers (its start includes the migrations): real time, bounded.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(Ct);
                app.Dispose();
                Assert.Fail($"the current build exited with {process.ExitCode} on the v0.1 database:\n{Output()}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health", Ct)).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200, Ct);
        }
        app.Dispose();
        throw new TimeoutException($"the current build did not become healthy on the v0.1 database within 120 s:\n{Output()}");
    }

    private string Output()
    {
        lock (_output) return string.Join('\n', _output.TakeLast(40));
    }

    private static async Task<HttpClient> LoginAsync(int port, string username)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var login = await client.PostAsJsonAsync("/api/auth/staff/login", new { username, password = TestData.Password }, Ct);
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync(Ct));
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>pg_restore from PATH, or the newest of Debian's /usr/lib/postgresql/*/bin.</summary>
    internal static string PgRestore()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "pg_restore"))) return Path.Combine(dir, "pg_restore");
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_restore")).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException("pg_restore not found on PATH or under /usr/lib/postgresql/*/bin (apt-get install postgresql-client)");
    }

    internal static async Task PgRestoreAsync(string connectionString, string dump)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(PgRestore(), ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", target.Database!, dump])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["PGHOST"] = target.Host;
        info.Environment["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = target.Username;
        info.Environment["PGPASSWORD"] = target.Password;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        _ = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"pg_restore failed ({process.ExitCode}): {await stderr}");
    }

    private async Task AdminAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(_postgres) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(_postgres).Database}\" WITH (FORCE)");
            }
            catch (PostgresException)
            {
                // left for the server's cleanup; the name is unique
            }
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteUpgradeFromV01Tests() : UpgradeFromV01Tests(DatabaseKind.Sqlite);

public sealed class PostgresUpgradeFromV01Tests() : UpgradeFromV01Tests(DatabaseKind.Postgres);
