using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Organization;

/// <summary>A service point as the case process needs it: its name and level, and what an SMS says about it.</summary>
internal sealed record PointInfo(string Code, string Name, ServicePointLevel Level, string RegionCode, string? Address, string? OpeningHours, string? Hotline);

/// <summary>A department as the case process needs it: its name, and its hotline for SMS.</summary>
internal sealed record DepartmentInfo(string Code, string Name, string? Hotline);

/// <summary>
/// The organization that every submission, step and case view reads and that changes a few times a year: service
/// points, departments, windows (the catalog keeps item version numbers and Notifications the saved SMS templates alike).
/// Read from the database at most every <see cref="MaxAge"/> per database; a change made on this node (the hotline and
/// demo seeder) calls <see cref="Invalidate"/> and shows at once, one made on another node shows
/// within <see cref="MaxAge"/>. Something not found (a point created moments ago on another node) is looked up in the
/// database, so a new point, department or window is never refused for being newer than the snapshot.
/// Why: these reads were a large share of each submission's and case view's round trips
/// (docs/performance.md).
/// One cache per database (by connection string), as static state, because the callers are static use-case helpers
/// (<c>CaseView</c>, <c>CaseMessages</c>) given only the DbContext; the key keeps test apps on separate databases apart.
/// </summary>
internal static class ReferenceCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(long LoadedAt, IReadOnlyDictionary<string, PointInfo> Points, IReadOnlyDictionary<string, DepartmentInfo> Departments,
        IReadOnlySet<(string Point, string Window)> Windows, IReadOnlyDictionary<string, string> DistrictCenters);

    private static readonly Expression<Func<ServicePoint, PointInfo>> ToPointInfo =
        p => new PointInfo(p.Code, p.Name, p.Level, p.RegionCode, p.Address, p.OpeningHours, p.Hotline);

    private static readonly Expression<Func<Department, DepartmentInfo>> ToDepartmentInfo = d => new DepartmentInfo(d.Code, d.Name, d.Hotline);

    private sealed class Entry
    {
        public volatile Snapshot? Current;
    }

    private static readonly PerDatabase<Entry> Entries = new(() => new Entry());

    private static Entry For(TongbanDb db) => Entries.For(db);

    /// <summary>Forget the snapshot of this database: the next read loads it again. Call after changing points, departments or windows.</summary>
    public static void Invalidate(TongbanDb db) => For(db).Current = null;

    /// <summary>Forget every snapshot (another node changed reference data: <see cref="ReferenceChangedElsewhere"/>).</summary>
    public static void InvalidateAll()
    {
        foreach (var entry in Entries.All) entry.Current = null;
    }

    private static async Task<Snapshot> CurrentAsync(TongbanDb db, CancellationToken ct)
    {
        var entry = For(db);
        var current = entry.Current;
        if (current is not null && Environment.TickCount64 - current.LoadedAt < MaxAge.TotalMilliseconds) return current;
        // Two requests may load at the same moment after expiry: both get a correct snapshot, the last one stays.
        var loadedAt = Environment.TickCount64;
        var points = await db.ServicePoints.AsNoTracking().Select(ToPointInfo).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().Select(ToDepartmentInfo).ToListAsync(ct);
        var windows = await db.Windows.AsNoTracking().Select(w => new { w.ServicePointCode, w.Code }).ToListAsync(ct);
        var snapshot = new Snapshot(loadedAt,
            points.ToDictionary(p => p.Code, StringComparer.Ordinal),
            departments.ToDictionary(d => d.Code, StringComparer.Ordinal),
            windows.Select(w => (w.ServicePointCode, w.Code)).ToHashSet(),
            // Each region's district center: the lowest code at district level.
            points.Where(p => p.Level == ServicePointLevel.District).GroupBy(p => p.RegionCode, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).First(), StringComparer.Ordinal));
        entry.Current = snapshot;
        return snapshot;
    }

    public static async Task<PointInfo?> PointAsync(TongbanDb db, string code, CancellationToken ct)
    {
        if ((await CurrentAsync(db, ct)).Points.TryGetValue(code, out var point)) return point;
        var created = await db.ServicePoints.AsNoTracking().Where(p => p.Code == code).Select(ToPointInfo).FirstOrDefaultAsync(ct);
        if (created is not null) Invalidate(db);
        return created;
    }

    public static async Task<DepartmentInfo?> DepartmentAsync(TongbanDb db, string code, CancellationToken ct)
    {
        if ((await CurrentAsync(db, ct)).Departments.TryGetValue(code, out var department)) return department;
        var created = await db.Departments.AsNoTracking().Where(d => d.Code == code).Select(ToDepartmentInfo).FirstOrDefaultAsync(ct);
        if (created is not null) Invalidate(db);
        return created;
    }

    public static async Task<bool> HasWindowAsync(TongbanDb db, string servicePointCode, string windowCode, CancellationToken ct)
    {
        if ((await CurrentAsync(db, ct)).Windows.Contains((servicePointCode, windowCode))) return true;
        var created = await db.Windows.AsNoTracking().AnyAsync(w => w.Code == windowCode && w.ServicePointCode == servicePointCode, ct);
        if (created) Invalidate(db);
        return created;
    }

    /// <summary>The region's district center (the lowest code at district level): where online applications are received.</summary>
    public static async Task<string?> DistrictCenterAsync(TongbanDb db, string regionCode, CancellationToken ct)
    {
        if ((await CurrentAsync(db, ct)).DistrictCenters.TryGetValue(regionCode, out var center)) return center;
        center = await db.ServicePoints.AsNoTracking().Where(p => p.RegionCode == regionCode && p.Level == ServicePointLevel.District)
            .OrderBy(p => p.Code).Select(p => p.Code).FirstOrDefaultAsync(ct);
        if (center is not null) Invalidate(db);
        return center;
    }
}
