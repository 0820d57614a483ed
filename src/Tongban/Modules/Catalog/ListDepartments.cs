using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Catalog;

internal sealed record DepartmentDto(string Code, string Name, string CreditCode, int ItemCount, string? Hotline);

/// <summary>GET /api/departments — every department with its number of published items (the portal's 按部门 browsing).</summary>
internal static class ListDepartments
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/departments", Handle).AllowAnonymous().Produces<List<DepartmentDto>>().WithName("ListDepartments").WithSummary("部门列表");

    internal static async Task<IResult> Handle(TongbanDb db, CancellationToken ct)
    {
        // One grouped count instead of one count per department.
        var counts = await db.ItemVersions.AsNoTracking()
            .Where(i => i.Status == ItemVersionStatus.Published)
            .GroupBy(i => i.DepartmentCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(ct);
        return TypedResults.Ok(departments.Select(d => new DepartmentDto(d.Code, d.Name, d.CreditCode, counts.GetValueOrDefault(d.Code), d.Hotline)).ToList());
    }
}
