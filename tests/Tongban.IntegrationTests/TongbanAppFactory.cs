using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tongban.Infrastructure.Data;

namespace Tongban.IntegrationTests;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real app over HTTP with its own fresh database: a temp SQLite file, or a new PostgreSQL
/// database on the server named by TONGBAN_TEST_POSTGRES (dropped afterwards). Demo mode is on,
/// so the demo district and accounts are there, as a new user would have them.
/// The database starts as a copy of one migrated-and-seeded template per provider and test run
/// (<see cref="TemplateDatabases"/>): the app finds the district there and does not load it again.
/// A factory whose settings change what the first start writes (the case history, the demo or key
/// settings, a clock moved before the start) gets an empty database and loads it itself, as before;
/// a subclass that changes such a setting another way overrides <see cref="UseTemplateDatabase"/>.
/// </summary>
public class TongbanAppFactory : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "TONGBAN_TEST_POSTGRES";

    /// <summary>A Monday morning in Beijing, in UTC.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);

    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"tongban-test-{Guid.NewGuid():N}.db");
    private readonly string? _postgres;

    /// <summary>The file store of this app instance (Tongban:Files:Root), removed afterwards.</summary>
    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), $"tongban-test-files-{Guid.NewGuid():N}");

    public TongbanAppFactory(DatabaseKind kind) : this(kind, null)
    {
    }

    /// <param name="sharedPostgresDatabase">Another node's database (several nodes, one PostgreSQL): this app neither names nor drops it.</param>
    protected TongbanAppFactory(DatabaseKind kind, string? sharedPostgresDatabase)
    {
        Kind = kind;
        if (kind == DatabaseKind.Postgres)
        {
            var baseConnection = Environment.GetEnvironmentVariable(PostgresVariable);
            _ownsDatabase = sharedPostgresDatabase is null;
            if (!string.IsNullOrWhiteSpace(baseConnection))
                _postgres = new NpgsqlConnectionStringBuilder(baseConnection) { Database = sharedPostgresDatabase ?? $"tongban_test_{Guid.NewGuid():N}" }.ConnectionString;
        }
    }

    /// <summary>The builder of a template: the app on the template's own file or database, kept when it stops.</summary>
    private TongbanAppFactory(DatabaseKind kind, string sqlitePath, string? postgres)
    {
        Kind = kind;
        _sqlitePath = sqlitePath;
        _postgres = postgres;
        _buildsTemplate = true;
    }

    private readonly bool _ownsDatabase = true;
    private readonly bool _buildsTemplate;
    private int _databasePrepared;
    private bool _databaseCreated;

    /// <summary>The PostgreSQL database of this app (when Kind is Postgres and a server is configured).</summary>
    public string? PostgresDatabase => _postgres is null ? null : new NpgsqlConnectionStringBuilder(_postgres).Database;

    /// <summary>Extra settings of a test app (e.g. the SMS provider), applied after the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Extra service replacements of a test app (e.g. a scripted SMS gateway).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public DatabaseKind Kind { get; }

    /// <summary>The SQLite file of this app (when Kind is Sqlite).</summary>
    public string SqlitePath => _sqlitePath;

    /// <summary>Load the demo case history (Tongban:Demo:CaseHistory) on the first start.</summary>
    protected virtual bool CaseHistory => false;

    /// <summary>
    /// Start on a copy of the run's template database (migrated, demo district loaded at <see cref="StartTime"/> with
    /// the default settings and this process's keys). False: an empty database, migrated and loaded by the app's first
    /// start. Off for the case history; a subclass that changes what the first start writes in a way the checks in
    /// <see cref="StartsFromTemplate"/> cannot see (e.g. a demo setting set in its own ConfigureWebHost) turns it off.
    /// </summary>
    protected virtual bool UseTemplateDatabase => !CaseHistory;

    /// <summary>Settings that change what the first start writes: a factory that sets one starts from an empty database.</summary>
    private static readonly string[] SeedSettings = ["Tongban:Demo:", "Tongban:PersonalData:", "Tongban:Audit:", "Tongban:Database:"];

    private bool StartsFromTemplate =>
        !_buildsTemplate && UseTemplateDatabase
        // The district is dated by the clock at the first start: a test that moved the clock before it gets its own.
        && Clock.GetUtcNow() == StartTime
        && !Settings.Any(s => SeedSettings.Any(prefix => s.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Once per factory, before its (first) host is built: the copy of the template, when this factory uses one.</summary>
    private void PrepareDatabase()
    {
        if (Interlocked.Exchange(ref _databasePrepared, 1) == 1 || !StartsFromTemplate) return;
        if (Kind == DatabaseKind.Sqlite)
        {
            TemplateDatabases.CopySqlite(_sqlitePath);
        }
        else if (_postgres is not null && _ownsDatabase)
        {
            TemplateDatabases.CopyPostgres(_postgres);
            _databaseCreated = true;
        }
    }

    /// <summary>Starts the app once on <paramref name="sqlitePath"/> or the database of <paramref name="postgres"/>: migrated and loaded.</summary>
    internal static void BuildTemplate(DatabaseKind kind, string sqlitePath, string? postgres)
    {
        using var app = new TongbanAppFactory(kind, sqlitePath, postgres);
        _ = app.Services;
    }

    /// <summary>Called by each test: PostgreSQL tests skip (visibly) when no server is configured.</summary>
    public void SkipIfUnavailable() =>
        Assert.SkipWhen(Kind == DatabaseKind.Postgres && _postgres is null,
            $"{PostgresVariable} is not set: PostgreSQL tests need a server (.ci/run sets one up).");

    public FakeTimeProvider Clock { get; } = new(StartTime);

    /// <summary>Counts the SQL commands the app sends (N+1 checks).</summary>
    public SqlCommandCounter Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        PrepareDatabase();
        builder.UseEnvironment("Testing");
        builder.UseSetting("Tongban:Demo:Enabled", "true");
        // Off by default so tests that count cases stay exact and fast; DemoHistoryTests turns it on.
        builder.UseSetting("Tongban:Demo:CaseHistory", CaseHistory ? "true" : "false");
        if (Kind == DatabaseKind.Postgres)
        {
            builder.UseSetting("Tongban:Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Tongban", _postgres);
        }
        else
        {
            builder.UseSetting("Tongban:Database:Provider", "sqlite");
            builder.UseSetting("Tongban:Database:SqlitePath", _sqlitePath);
        }
        builder.UseSetting("Tongban:Files:Root", FilesRoot);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // The start-up warm-up would add its connections and reads to every fixture; WarmUpTests runs it on its own.
        builder.UseSetting("Tongban:WarmUp:Enabled", "false");
        // Tests send the outbox themselves (OutboxDispatcher.DispatchDueAsync): no background SQL between their measurements.
        builder.UseSetting("Tongban:Notifications:DispatchInBackground", "false");
        // Likewise the supervision watcher: tests tick it (SupervisionWatcher.TickAsync) at the moments they choose.
        builder.UseSetting("Tongban:Supervision:WatchInBackground", "false");
        builder.UseSetting("Tongban:Kiosks:WatchInBackground", "false");
        builder.UseSetting("Tongban:Analytics:DeclineScanInBackground", "false");
        builder.UseSetting("Tongban:Analytics:PopularityInBackground", "false");
        // And the 补正提醒 scan: tests call SupplementReminderScanner.ScanDueAsync.
        builder.UseSetting("Tongban:Notifications:RemindInBackground", "false");
        // And the appointment reminder scan: tests call AppointmentReminderScanner.ScanDueAsync.
        builder.UseSetting("Tongban:Appointments:RemindInBackground", "false");
        builder.UseSetting("Tongban:Appointments:MarkNoShowsInBackground", "false");
        // Many tests share one applicant mobile within a fixture: the hourly per-number limit has its own tests (SmsRulesTests).
        builder.UseSetting("Tongban:Sms:MaxPerNumberPerHour", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestRemoteIp>();
            ConfigureTestServices(services);
            services.ConfigureDbContext<SqliteTongbanDb>(o => o.AddInterceptors(Commands));
            services.ConfigureDbContext<PostgresTongbanDb>(o => o.AddInterceptors(Commands));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<HttpClient> LoginAsync(string username, string password = "Demo#2026")
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/staff/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<LoginBody>();
        var api = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ClientOptions.BaseAddress });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.AccessToken);
        return api;
    }

    internal async Task WithDbAsync(Func<TongbanDb, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TongbanDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        var started = true;
        if (Kind == DatabaseKind.Postgres && _postgres is not null)
        {
            try
            {
                _ = Services;
            }
            catch (InvalidOperationException)
            {
                started = false; // the host never started; nothing to drop
            }
        }
        await base.DisposeAsync();
        if (_buildsTemplate)
        {
            // The template stays for the copies; TemplateDatabases makes it ready and removes it at the end of the run.
            if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true);
            GC.SuppressFinalize(this);
            return;
        }
        if (Kind == DatabaseKind.Postgres && _postgres is not null && (started || _databaseCreated) && _ownsDatabase) await DropDatabaseAsync(_postgres);
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var f in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            if (File.Exists(f)) File.Delete(f);
        if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true);
        GC.SuppressFinalize(this);
    }

    private sealed record LoginBody(string AccessToken);

    /// <summary>
    /// Drops the test database once the app is gone. Plain DROP DATABASE (no FORCE): an autovacuum worker
    /// busy on the new tables belongs to the superuser and may not be terminated by the test role, but
    /// PostgreSQL cancels it for a DROP; a few tries cover the moment it takes.
    /// </summary>
    internal static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\"", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "55006" or "42501")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200)); // cleanup backoff, not test timing: autovacuum is being cancelled
            }
        }
    }
}

public sealed class SqliteApp() : TongbanAppFactory(DatabaseKind.Sqlite);

public sealed class PostgresApp() : TongbanAppFactory(DatabaseKind.Postgres);

/// <summary>
/// TestServer has no socket, so no client IP: a request carrying <see cref="Header"/> gets that address as
/// <c>Connection.RemoteIpAddress</c>, as if it came from there — before any of the app's middleware (forwarded headers
/// included) runs. Test-only: production code has no such header.
/// </summary>
public sealed class TestRemoteIp : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Remote-Ip";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var ip))
            {
                context.Connection.RemoteIpAddress = ip;
                context.Request.Headers.Remove(Header);
            }
            await nextMiddleware();
        });
        next(app);
    };
}

/// <summary>Counts executed SQL commands; tests read the difference around one request.</summary>
public sealed class SqlCommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private int _count;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _recent = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of the last few hundred commands, oldest first (to check which statements a request sends).</summary>
    public IReadOnlyList<string> Recent => [.. _recent];

    private void Keep(System.Data.Common.DbCommand command)
    {
        Interlocked.Increment(ref _count);
        _recent.Enqueue(command.CommandText);
        while (_recent.Count > 500) _recent.TryDequeue(out _);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
