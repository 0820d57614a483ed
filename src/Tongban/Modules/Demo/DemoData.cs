using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Demo;

/// <summary>Tongban:Demo — the demo district (DESIGN §5).</summary>
internal sealed class DemoOptions
{
    public const string Section = "Tongban:Demo";

    /// <summary>Load the demo district on an empty database, and list demo accounts. Off in production.</summary>
    public bool Enabled { get; set; }

    /// <summary>Password of every demo staff account.</summary>
    public string StaffPassword { get; set; } = "Demo#2026";

    /// <summary>Also load about six months of case history (~4,000 cases) with the demo district (docs/demo-data.md).</summary>
    public bool CaseHistory { get; set; } = true;
}

/// <summary>Loads the demo district into an empty database when demo mode is on.</summary>
internal static class DemoData
{
    public static async Task LoadIfEnabledAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (!options.Enabled) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        if (await db.Regions.AnyAsync(ct)) return;
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Tongban.Demo");
        var started = clock.GetTimestamp();
        var auditKey = scope.ServiceProvider.GetRequiredService<Modules.Audit.AuditKey>();
        await DemoDistrictSeeder.SeedAsync(db, options, clock, auditKey, logger, ct);
        logger.LogInformation("Demo district loaded in {Elapsed} ms", (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }
}
