using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Analytics;

/// <param name="Issued">电子证照生成: approved cases of items that issue an e-certificate, completed in the period.</param>
/// <param name="Converted">存量转化: paper certificates converted into e-certificates in the period; null when an item, channel or
/// service point filter is set (a conversion belongs to no case, so those filters do not apply to it).</param>
/// <param name="Used">电子证照调用: e-certificates handed in as case materials in the period.</param>
internal sealed record CertificateFiguresDto(int Issued, int? Converted, int Used);

/// <param name="CertificateItems">Published items of the department that issue an e-certificate (narrowed to the item filter).</param>
internal sealed record DepartmentCertificateStatsDto(string DepartmentCode, string DepartmentName, int Issued, int? Converted, int Used, int CertificateItems);

/// <param name="LibraryConnected">
/// Whether the e-certificate library (电子证照库) is connected: until it is, nothing can be converted or used and those
/// figures are 0 because of that, not because nothing happened (the page says so).
/// </param>
/// <param name="Totals">The period's figures for every department in scope (the rows add up to them).</param>
/// <param name="Departments">One row per department (only the filtered one when a department is given).</param>
internal sealed record CertificateStatsDto(DateOnly From, DateOnly To, string? DepartmentCode, bool LibraryConnected, CertificateFiguresDto Totals,
    IReadOnlyList<DepartmentCertificateStatsDto> Departments);

/// <summary>
/// GET /api/stats/certificates — 电子证照生成情况及存量转化情况统计、电子证照调用情况统计. Issued and used are case
/// counters (<see cref="DailyCaseStat"/>, rolled up in <see cref="PeriodCaseStat"/>) and follow every filter; conversions
/// (<see cref="CertificateConversion"/>) follow the period and department only. The e-certificate module (a later issue)
/// feeds them: it issues in the completing transaction, lifts the ADR 0004 refusal of certificateId, and records
/// conversions with <see cref="RecordCertificateConversion"/>.
/// </summary>
internal static class CertificateStats
{
    /// <summary>The e-certificate library (Modules/Certificates) is connected: issued, converted and used are all counted where they happen.</summary>
    public const bool LibraryConnected = true;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics")
            .MapGet("/certificates", Handle).Produces<CertificateStatsDto>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("StatsCertificates").WithSummary("电子证照统计：生成、存量转化、调用（分部门）");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, [AsParameters] StatsFilter filter, CancellationToken ct)
    {
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(await OfAsync(db, scope!, ct));
    }

    internal static async Task<CertificateStatsDto> OfAsync(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var byDepartment = scope.UsesRollup
            ? await scope.Apply(db.PeriodCaseStats.AsNoTracking()).GroupBy(r => r.DepartmentCode)
                .Select(g => new Figures(g.Key, g.Sum(r => r.CertificatesIssued), g.Sum(r => r.CertificatesUsed))).ToDictionaryAsync(f => f.DepartmentCode, ct)
            : await scope.Apply(db.DailyCaseStats.AsNoTracking()).GroupBy(r => r.DepartmentCode)
                .Select(g => new Figures(g.Key, g.Sum(r => r.CertificatesIssued), g.Sum(r => r.CertificatesUsed))).ToDictionaryAsync(f => f.DepartmentCode, ct);

        // A conversion has no item, channel or service point: with one of those filters it is not counted at all (null).
        Dictionary<string, int>? converted = null;
        if (scope is { Item: null, Channel: null, ServicePoint: null })
        {
            var (from, to) = (scope.From, scope.To);
            var conversions = db.CertificateConversions.AsNoTracking().Where(c => c.Day >= from && c.Day <= to);
            if (scope.Department is { } d) conversions = conversions.Where(c => c.DepartmentCode == d);
            converted = await conversions.GroupBy(c => c.DepartmentCode).Select(g => new { Code = g.Key, Count = g.Sum(c => c.Converted) })
                .ToDictionaryAsync(x => x.Code, x => x.Count, ct);
        }

        var items = await db.ItemVersions.AsNoTracking()
            .Where(i => i.Status == Catalog.ItemVersionStatus.Published && i.CertificateTypeCode != null
                && (scope.Department == null || i.DepartmentCode == scope.Department) && (scope.Item == null || i.Code == scope.Item))
            .GroupBy(i => i.DepartmentCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Code, x => x.Count, ct);
        var departments = await db.Departments.AsNoTracking().Where(d => scope.Department == null || d.Code == scope.Department)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var rows = departments.Select(d =>
        {
            var mine = byDepartment.GetValueOrDefault(d.Code);
            return new DepartmentCertificateStatsDto(d.Code, d.Name, mine?.Issued ?? 0, converted is null ? null : converted.GetValueOrDefault(d.Code),
                mine?.Used ?? 0, items.GetValueOrDefault(d.Code));
        }).ToList();
        var totals = new CertificateFiguresDto(byDepartment.Values.Sum(f => f.Issued), converted?.Values.Sum(), byDepartment.Values.Sum(f => f.Used));
        return new CertificateStatsDto(scope.From, scope.To, scope.Department, LibraryConnected, totals, rows);
    }

    private sealed record Figures(string DepartmentCode, int Issued, int Used);
}
