using Tongban.Infrastructure.Hosting;
using Tongban.Modules.Organization;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;

namespace Tongban.Demo;

/// <summary>
/// Builds the demo district 泉港区 (350505) on an empty database: organisation, catalog, staff.
/// Everything is derived deterministically from the embedded reference data (no randomness), and
/// timestamps come from <paramref name="clock"/>. One SaveChanges in one transaction: either the
/// whole demo district is there or none of it, so a crash mid-seed is retried on the next start.
/// </summary>
internal static class DemoDistrictSeeder
{
    /// <summary>One certificate type per code the demo items issue, defined by the department of the first item that issues it.</summary>
    private static List<Modules.Certificates.CertificateType> DemoCertificateTypes(List<ServiceItemVersion> items, List<Department> departments) =>
        [.. items.Where(i => i.CertificateTypeCode is not null).GroupBy(i => i.CertificateTypeCode!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, n) => Modules.Certificates.CertificateTypes.Define(g.Key, g.First().DepartmentCode,
                departments.First(d => d.Code == g.First().DepartmentCode).CreditCode, n + 1))];

    public static async Task<DemoHistoryJob?> SeedAsync(TongbanDb db, DemoOptions options, TimeProvider clock, AuditKey auditKey, ILogger logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = DemoCatalogRow.ReadAll();

        var points = DemoOrganization.ServicePoints();
        var departments = DemoOrganization.Departments(rows);
        var windows = DemoOrganization.Windows(points, departments);
        var kiosks = DemoOrganization.Kiosks(points);
        var items = DemoCatalog.Items(rows, departments, now);
        var staff = DemoStaff.Users(points, departments);
        // Each account gets its own salted hash; computing them overlaps the database work below.
        var hashing = Task.Run(() => DemoStaff.HashPasswords(staff, options.StaffPassword), ct);

        // Bulk insert of ~6,000 new rows: change detection would rescan every tracked entity per Add.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Regions.Add(DemoOrganization.Region());
            db.ServicePoints.AddRange(points);
            db.Departments.AddRange(departments);
            db.Windows.AddRange(windows);
            db.Kiosks.AddRange(kiosks);
            db.AddRange(DemoOrganization.WeeklyOpeningDays(points));
            db.ItemVersions.AddRange(items);
            db.ItemSituations.AddRange(DemoSituations.For(items, now));
            db.CertificateTypes.AddRange(DemoCertificateTypes(items, departments));
            await db.SaveChangesAsync(ct);
            await hashing;
            db.StaffUsers.AddRange(staff);
            await db.SaveChangesAsync(ct);
            // The history is only planned here (its case numbers reserved in this transaction); it is
            // written afterwards, in the background when the server starts, so the first start stays fast.
            DemoHistoryJob? job = options.CaseHistory ? DemoCaseHistory.Prepare(db, auditKey, clock, points, windows, kiosks, departments, items, staff) : null;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            ReferenceCache.Invalidate(db);
            return job;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.ChangeTracker.Clear();
        }
    }
}
