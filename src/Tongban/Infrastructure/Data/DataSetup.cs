using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace Tongban.Infrastructure.Data;

/// <summary>Tongban:Database — which provider and whether migrations run at start.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Tongban:Database";

    /// <summary>sqlite (default, embedded file) or postgres (needs ConnectionStrings:Tongban).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Tongban:Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>SQLite file when no connection string is given; relative to the working folder.</summary>
    public string SqlitePath { get; set; } = "data/tongban.db";

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}

internal static class DataSetup
{
    public static IServiceCollection AddTongbanData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Tongban");

        // Pooled contexts (AddDbContextPool): a request takes a context whose internal services are already resolved
        // instead of building them again (about 6 % of a case view's CPU, docs/performance.md). Safe because TongbanDb
        // keeps no state of its own beyond EF's, and EF resets what a unit of work may change (change tracker, tracking
        // and auto-transaction behaviour, command timeout) when the context goes back to the pool.
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    ["Tongban:Database:Provider=postgres needs ConnectionStrings:Tongban (e.g. Host=127.0.0.1;Database=tongban;Username=tongban;Password=...)."]);
            // Parsed once here, not in the options callback.
            var postgres = WithPoolDefaults(connectionString);
            services.AddDbContextPool<PostgresTongbanDb>(o => ConfigurePostgres(o, postgres));
            services.AddScoped<TongbanDb>(sp => sp.GetRequiredService<PostgresTongbanDb>());
        }
        else
        {
            var sqlite = string.IsNullOrWhiteSpace(connectionString) ? SqliteConnectionFor(options.SqlitePath) : connectionString;
            services.AddDbContextPool<SqliteTongbanDb>(o => ConfigureSqlite(o, sqlite));
            services.AddScoped<TongbanDb>(sp => sp.GetRequiredService<SqliteTongbanDb>());
        }
        services.AddHealthChecks().AddDbContextCheck<TongbanDb>("database");
        services.AddSingleton<ClusterBroadcast>();
        services.AddHostedService<ClusterListener>();
        return services;
    }

    /// <summary>Adds an EF interceptor (a module's reaction to saves) to the context of whichever provider is in use.</summary>
    public static IServiceCollection AddTongbanDbInterceptor(this IServiceCollection services, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor)
    {
        services.ConfigureDbContext<SqliteTongbanDb>(o => o.AddInterceptors(interceptor));
        services.ConfigureDbContext<PostgresTongbanDb>(o => o.AddInterceptors(interceptor));
        return services;
    }

    public static string SqliteConnectionFor(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // WAL lets readers go on while one writer commits; the busy timeout makes a second writer wait
        // instead of failing. (No shared cache: it turns waits into immediate "table locked" errors.)
        return $"Data Source={full};Default Timeout=30;Pooling=True";
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(TongbanDb).Assembly.FullName))
         .UseSnakeCaseNamingConvention()
         .ConfigureWarnings(QuietExpectedConflicts);

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, n => n.MigrationsAssembly(typeof(TongbanDb).Assembly.FullName))
         .UseSnakeCaseNamingConvention()
         .ConfigureWarnings(QuietExpectedConflicts);

    /// <summary>
    /// Tongban's defaults for a pooled PostgreSQL connection, where the connection string does not say otherwise
    /// (bench/perf.sh, docs/performance.md: whole-case views +40–50 % at 8 clients):
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c>: statements run often (every case view repeats the same dozen) are prepared once
    /// per physical connection, so PostgreSQL stops parsing and planning them on every request.</item>
    /// <item><c>No Reset On Close=true</c>: a connection going back to the pool is not reset with <c>DISCARD ALL</c>, which
    /// would drop those prepared statements and costs a statement of its own at every reuse. Safe because Tongban keeps
    /// no session state on a connection (no <c>SET</c>, temporary tables or session advisory locks; transactions end
    /// before a connection returns).</item>
    /// </list>
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        static bool Has(System.Data.Common.DbConnectionStringBuilder b, params string[] keys) => keys.Any(b.ContainsKey);
        if (!Has(given, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Has(given, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>
    /// A failed SaveChanges is often expected (a unique key losing a double-submit race) and handled
    /// by the caller; unhandled ones are still logged as errors by the exception handler.
    /// </summary>
    private static void QuietExpectedConflicts(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder w) =>
        w.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Warning));

    /// <summary>Applies migrations (creates the database if missing). SQLite gets WAL mode.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var unknown = await SchemaVersion.UnknownMigrationsAsync(db, cancellationToken);
        if (unknown.Count > 0) throw new SchemaTooNewException(unknown, SchemaVersion.NewestKnown(db));
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>Used by `dotnet ef` to build the SQLite migration set.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTongbanDb>
{
    public SqliteTongbanDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteTongbanDb>();
        DataSetup.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteTongbanDb(builder.Options);
    }
}

/// <summary>Used by `dotnet ef` to build the PostgreSQL migration set (no server needed).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTongbanDb>
{
    public PostgresTongbanDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresTongbanDb>();
        DataSetup.ConfigurePostgres(builder, "Host=localhost;Database=tongban_design");
        return new PostgresTongbanDb(builder.Options);
    }
}
