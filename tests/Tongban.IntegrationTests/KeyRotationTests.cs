using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tongban.IntegrationTests;

/// <summary>
/// `keys rotate` on a database made by v0.1 (AES-256-GCM, HMAC-SHA-256 index, ADR 0013), while the service runs: a
/// rotation stopped halfway leaves every person findable, resuming it completes it, a second rotation moves everything
/// again, and each person is found by ID number with the same decrypted mobile throughout. The app and the commands run
/// as processes of the built Tongban.dll, because the fixture's key is not the one the other tests' hosts share.
/// </summary>
public abstract class KeyRotationTests : IAsyncLifetime
{
    private const string PersonalDataKey = "hnICSI9BOc3DU0U8sjMWQTQ90kv/tnRh4GWnyCULsaE=";
    private const string AuditKey = "RzHcR9OojAAgeuNIidrCNSPkPhAGva5iTZor4XfbYI8=";

    /// <summary>The v0.1 applicants by ID number (make-fixtures.sh): cases filed, latest name and mobile.</summary>
    private static readonly (string IdNumber, int Cases, string Name, string Mobile)[] People =
    [
        ("11010519491231002X", 3, "吴丽娟", "13800138004"),
        ("440524188001010014", 2, "黄建华", "13800138003"),
    ];

    private readonly DatabaseKind _kind;
    private readonly string? _server = Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable);
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), $"tongban-keys-{Guid.NewGuid():N}");
    private readonly List<string> _output = [];
    private string? _postgres;

    protected KeyRotationTests(DatabaseKind kind)
    {
        _kind = kind;
        Assert.SkipWhen(kind == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(_server),
            $"{TongbanAppFactory.PostgresVariable} is not set: PostgreSQL tests need a server (.ci/run sets one up).");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string SqlitePath => Path.Combine(_workDir, "tongban.db");

    private string KeyFolder => Path.Combine(_workDir, "keys");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        if (_kind == DatabaseKind.Sqlite)
        {
            await using var gz = new GZipStream(File.OpenRead(UpgradeFromV01Tests.Fixture("v0.1.sqlite.gz")), CompressionMode.Decompress);
            await using var db = File.Create(SqlitePath);
            await gz.CopyToAsync(db, Ct);
        }
        else
        {
            _postgres = new NpgsqlConnectionStringBuilder(_server) { Database = $"tongban_keys_{Guid.NewGuid():N}" }.ConnectionString;
            await AdminAsync($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(_postgres).Database}\"");
            await UpgradeFromV01Tests.PgRestoreAsync(_postgres, UpgradeFromV01Tests.Fixture("v0.1.pgdump"));
        }
    }

    [Fact]
    public async Task A_v0_1_database_rotates_to_sm4_while_serving_and_everyone_is_found_by_id_number_throughout()
    {
        Assert.Contains("Database is up to date.", await CommandAsync("migrate"));
        var before = await CommandAsync("keys", "status");
        Assert.Contains("AES-256-GCM, key 0 (v1)", before);
        Assert.Contains("HMAC-SHA-256 index, key 0", before);
        Assert.Contains("Rows still to move", before);

        // Interrupted: two batches of one row, then the process ends (as a crash would, between batches).
        var partial = await CommandAsync("keys", "rotate", "--batch", "1", "--max-batches", "2");
        Assert.Contains("Created key 1", partial);
        Assert.Contains("Stopped after 2 batches", partial);
        var halfway = await CommandAsync("keys", "status");
        Assert.Contains("AES-256-GCM, key 0 (v1)", halfway);
        Assert.Contains("SM4-GCM, key 1 (v2)", halfway);
        Assert.Contains("is not finished", halfway);

        var port = KannelGateway.FreePort();
        using var app = await StartAsync(port);
        using var clerk = await LoginAsync(port, "clerk");
        await AssertEveryoneFoundAsync(clerk); // old and new index side by side

        // Resumed while the service runs: no new key, the rest moves.
        var resumed = await CommandAsync("keys", "rotate");
        Assert.Contains("Continuing the rotation to key 1", resumed);
        Assert.Contains("Rotation to key 1 complete", resumed);
        var done = await CommandAsync("keys", "status");
        Assert.DoesNotContain("AES-256-GCM", done);
        Assert.DoesNotContain("HMAC-SHA-256 index", done);
        Assert.Contains("Every row is under the current key and index.", done);
        await AssertEveryoneFoundAsync(clerk);

        // A second rotation: key 2, which the running service has never seen, reads through its reload.
        var second = await CommandAsync("keys", "rotate", "--batch", "3");
        Assert.Contains("Created key 2", second);
        Assert.Contains("Rotation to key 2 complete", second);
        var after = await CommandAsync("keys", "status");
        Assert.DoesNotContain("key 1 (v2)", after);
        Assert.Contains("SM4-GCM, key 2 (v2)", after);
        Assert.Contains("Every row is under the current key and index.", after);
        await AssertEveryoneFoundAsync(clerk);
        var response = await clerk.GetAsync("/api/cases/350505-2026-000005", Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));

        Assert.Empty(Directory.GetFiles(KeyFolder, "*.rotating"));
        Assert.Equal(["personal-data-1.key", "personal-data-2.key"], Directory.GetFiles(KeyFolder).Select(Path.GetFileName).Order().ToArray());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(KeyFolder, "personal-data-2.key")));
    }

    private async Task AssertEveryoneFoundAsync(HttpClient clerk)
    {
        foreach (var (idNumber, cases, name, mobile) in People)
        {
            var response = await clerk.GetAsync($"/api/people/{idNumber}/materials", Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{idNumber}: {(int)response.StatusCode} {text}\n{Output()}");
            var person = JsonDocument.Parse(text).RootElement.GetProperty("person");
            Assert.Equal(cases, person.GetProperty("caseCount").GetInt32());
            Assert.Equal(name, person.GetProperty("name").GetString());
            Assert.Equal(mobile, person.GetProperty("mobile").GetString());
        }
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tongban.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The test build has no web app beside it; a production node would be unready without one.
        info.Environment["Tongban__WebApp__Required"] = "false";
        info.Environment["Tongban__PersonalData__Key"] = PersonalDataKey;
        info.Environment["Tongban__PersonalData__KeyFolder"] = KeyFolder;
        info.Environment["Tongban__Audit__Key"] = AuditKey;
        info.Environment["Tongban__Files__Root"] = Path.Combine(_workDir, "files");
        info.Environment["Tongban__Notifications__DispatchInBackground"] = "false";
        info.Environment["Tongban__Notifications__RemindInBackground"] = "false";
        info.Environment["Tongban__Supervision__WatchInBackground"] = "false";
        info.Environment["Tongban__Analytics__DeclineScanInBackground"] = "false";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
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
        return info;
    }

    /// <summary>Runs a command of the built Tongban.dll to its end; its standard output, or a failure with both streams.</summary>
    private async Task<string> CommandAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited with {process.ExitCode}:\n{text}\n{await stderr}");
        return text;
    }

    private sealed class AppProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    private async Task<AppProcess> StartAsync(int port)
    {
        var info = Start();
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(info)!;
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        // Polls another process until it answers: real time, bounded.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                app.Dispose();
                Assert.Fail($"the app exited:\n{Output()}");
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
        throw new TimeoutException($"the app did not become healthy within 120 s:\n{Output()}");
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

public sealed class SqliteKeyRotationTests() : KeyRotationTests(DatabaseKind.Sqlite);

public sealed class PostgresKeyRotationTests() : KeyRotationTests(DatabaseKind.Postgres);
