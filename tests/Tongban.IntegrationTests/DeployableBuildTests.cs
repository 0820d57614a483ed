using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Npgsql;
using Tongban.Infrastructure.Data;

namespace Tongban.IntegrationTests;

/// <summary>
/// A node of an older build beside a newer schema (docs/operations.md § Upgrades): the built Tongban.dll, started on a
/// database that holds a migration it does not know, neither serves nor migrates; it exits 3 with a message naming it.
/// </summary>
public abstract class NewerSchemaTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string FutureMigration = "29991231235959_FromANewerBuild";
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), $"tongban-newer-{Guid.NewGuid():N}");
    private readonly TongbanAppFactory _app = new(kind);

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_build_refuses_to_start_or_migrate_a_database_that_a_newer_build_upgraded()
    {
        _app.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        List<string> before = [];
        await _app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ('{FutureMigration}', '99.0.0')", ct);
            Assert.Equal([FutureMigration], await SchemaVersion.UnknownMigrationsAsync(db, ct));
            before = [.. await db.Database.GetAppliedMigrationsAsync(ct)];
        });

        var env = BuiltTongban.Environment(_workDir, KannelGateway.FreePort());
        env["Tongban__WebApp__Required"] = "false";
        if (kind == DatabaseKind.Sqlite)
        {
            env["Tongban__Database__Provider"] = "sqlite";
            env["Tongban__Database__SqlitePath"] = _app.SqlitePath;
        }
        else
        {
            env["Tongban__Database__Provider"] = "postgres";
            env["ConnectionStrings__Tongban"] = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable))
                { Database = _app.PostgresDatabase }.ConnectionString;
        }
        foreach (var args in new string[][] { [], ["migrate"] })
        {
            var (exitCode, output) = await BuiltTongban.RunAsync(_workDir, env, args, TimeSpan.FromSeconds(120));
            Assert.True(exitCode == 3, $"Tongban {string.Join(' ', args)} exited {exitCode}:\n{output}");
            Assert.Contains(FutureMigration, output, StringComparison.Ordinal);
            Assert.Contains("newer Tongban build", output, StringComparison.Ordinal);
        }
        await _app.WithDbAsync(async db => Assert.Equal(before, await db.Database.GetAppliedMigrationsAsync(ct)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
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

public sealed class SqliteNewerSchemaTests() : NewerSchemaTests(DatabaseKind.Sqlite);

public sealed class PostgresNewerSchemaTests() : NewerSchemaTests(DatabaseKind.Postgres);

/// <summary>
/// /health is what a load balancer and systemd's operator ask: 503 when the node cannot serve the web app or reach its
/// database, 200 when it can.
/// </summary>
public abstract class HealthReadinessTests(DatabaseKind kind)
{
    private sealed class WebAppRequiredApp(DatabaseKind kind) : TongbanAppFactory(kind)
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Tongban:WebApp:Required", "true")];
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health", Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }

    private static string Check(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Health_is_503_while_the_web_root_has_no_index_html_and_200_once_it_has()
    {
        await using var app = new WebAppRequiredApp(kind);
        app.SkipIfUnavailable();
        var empty = Directory.CreateTempSubdirectory("tongban-wwwroot-").FullName;
        try
        {
            var environment = app.Services.GetRequiredService<IWebHostEnvironment>();
            environment.WebRootFileProvider = new PhysicalFileProvider(empty);
            var client = app.CreateClient();
            var (status, body) = await HealthAsync(client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", Check(body, "webapp"));
            Assert.Equal("Healthy", Check(body, "database"));

            await File.WriteAllTextAsync(Path.Combine(empty, "index.html"), "<!doctype html><title>通办</title>", Ct);
            environment.WebRootFileProvider = new PhysicalFileProvider(empty);
            (status, body) = await HealthAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", Check(body, "webapp"));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Health_is_503_when_the_database_is_gone()
    {
        await using var app = new TongbanAppFactory(kind);
        app.SkipIfUnavailable();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(client)).Status);

        if (kind == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { app.SqlitePath, app.SqlitePath + "-wal", app.SqlitePath + "-shm" }) File.Delete(f);
        }
        else
        {
            var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable)) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{app.PostgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(Ct);
            NpgsqlConnection.ClearAllPools();
        }
        var (status, body) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Check(body, "database"));
    }
}

public sealed class SqliteHealthReadinessTests() : HealthReadinessTests(DatabaseKind.Sqlite);

public sealed class PostgresHealthReadinessTests() : HealthReadinessTests(DatabaseKind.Postgres);

/// <summary>Behind nginx (deploy/nginx): the proxy's X-Forwarded-Proto makes a request HTTPS, and only the listed proxy's.</summary>
public sealed class ForwardedProtoTests(SqliteProxiedApp app) : IClassFixture<SqliteProxiedApp>
{
    [Fact]
    public async Task Https_forwarded_by_the_known_proxy_gets_hsts_and_the_same_header_from_anyone_else_does_not()
    {
        var client = app.CreateClient();
        async Task<HttpResponseMessage> Send(string remote)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://tongban.example.gov.cn/health");
            request.Headers.Add(TestRemoteIp.Header, remote);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }
        Assert.True((await Send(ProxiedApps.Proxy)).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await Send("203.0.113.9")).Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>
/// A build started from another folder (systemd's WorkingDirectory, an operator's shell): it reads the settings beside
/// Tongban.dll and looks for its web app there; without wwwroot/index.html a Production node reports itself unready.
/// </summary>
public sealed class ContentRootTests : IAsyncDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("tongban-elsewhere-").FullName;

    [Fact]
    public async Task A_build_started_from_another_folder_uses_its_own_folder_and_is_unready_without_its_web_app()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.False(File.Exists(Path.Combine(_workDir, "appsettings.json")));
        var port = KannelGateway.FreePort();
        var env = BuiltTongban.Environment(_workDir, port);
        env["Tongban__Database__SqlitePath"] = Path.Combine(_workDir, "data", "tongban.db");
        var output = new List<string>();
        using var process = BuiltTongban.Start(_workDir, env, [], output);
        try
        {
            using var http = new HttpClient();
            HttpResponseMessage? response = null;
            // Polls another process until it answers (its start includes the migrations): real time, bounded.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (response is null && watch.Elapsed < TimeSpan.FromSeconds(120))
            {
                lock (output) Assert.False(process.HasExited, $"Tongban exited with {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join('\n', output)}");
                try
                {
                    response = await http.GetAsync($"http://127.0.0.1:{port}/health", ct);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250, ct);
                }
            }
            Assert.NotNull(response);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var webapp = body.GetProperty("checks").GetProperty("webapp");
            Assert.Equal("Unhealthy", webapp.GetProperty("status").GetString());
            // The web app is looked for beside the build, not in the working folder.
            Assert.Contains(Path.Combine(AppContext.BaseDirectory, "wwwroot"), webapp.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            // Data paths stay relative to the working folder: the SQLite file is where the settings put it.
            Assert.True(File.Exists(Path.Combine(_workDir, "data", "tongban.db")));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
