using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Catalog;

/// <summary>
/// GET /api/items/{code} — the 办事指南 of the published version. Staff may ask for a given
/// version (?version=) including drafts and retired ones; the public sees only what is published.
/// </summary>
internal static class GetItemGuide
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/items/{code}", Handle).AllowAnonymous().Produces<ItemGuideDto>().ProducesProblem(404).WithName("GetItemGuide").WithSummary("办事指南");
        api.MapGet("/items/{code}/versions", ListVersions).RequireAuthorization(Policies.Staff).WithName("ListItemVersions");
    }

    internal static async Task<IResult> Handle(string code, int? version, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var query = db.ItemVersions.AsNoTracking().Include(i => i.Materials).Where(i => i.Code == code);
        var isStaff = StaffActor.From(http.User) is not null;
        query = version is { } v && isStaff
            ? query.Where(i => i.Version == v)
            : query.Where(i => i.Status == ItemVersionStatus.Published);
        var item = await query.AsSplitQuery().FirstOrDefaultAsync(ct);
        if (item is null) return Problems.NotFound("catalog.item_not_found", "事项不存在或未发布", $"找不到编码为 {code} 的已发布事项。");
        var department = await db.Departments.AsNoTracking().Where(d => d.Code == item.DepartmentCode)
            .Select(d => new { d.Name, d.Hotline }).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(ItemMapping.ToGuide(item, department?.Name ?? item.DepartmentCode, department?.Hotline));
    }

    internal sealed record ItemVersionRow(int Version, ItemVersionStatus Status, string Name, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? RetiredAt);

    private static async Task<IResult> ListVersions(string code, TongbanDb db, CancellationToken ct)
    {
        var rows = await db.ItemVersions.AsNoTracking().Where(i => i.Code == code).OrderByDescending(i => i.Version)
            .Select(i => new ItemVersionRow(i.Version, i.Status, i.Name, i.CreatedAt, i.PublishedAt, i.RetiredAt)).ToListAsync(ct);
        return rows.Count == 0 ? Problems.NotFound("catalog.item_not_found", "事项不存在") : TypedResults.Ok(rows);
    }
}
