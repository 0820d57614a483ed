using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Catalog;

internal sealed record WherePointDto(string Code, string Name, ServicePointLevel Level, string? Address, string? OpeningHours, string? Hotline, bool DepartmentWindow);

internal sealed record WhereKioskDto(string Code, string Name, string LocationName, string? Address, bool Open24Hours);

/// <summary>“Where and how” of a guide: the points that accept it, the kiosks that offer it, whether it can be booked.</summary>
internal sealed record WhereToApplyDto(TongbanScope TongbanScope, bool AppointmentSupported, IReadOnlyList<string> Channels,
    IReadOnlyList<WherePointDto> ServicePoints, IReadOnlyList<WhereKioskDto> Kiosks);

/// <summary>
/// GET /api/items/{code}/where — a point with a window of the item's department accepts it; with 通办 (全区通办 and
/// wider) every district and town center of the item's region accepts it too and passes it on (受办分离). Kiosks are
/// listed when the item is on the kiosk channel. Hours per day: GET /api/service-points/{code}/hours.
/// </summary>
internal static class GetWhereToApply
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/items/{code}/where", Handle).AllowAnonymous().Produces<WhereToApplyDto>().ProducesProblem(404)
            .WithName("GetWhereToApply").WithSummary("办事指南：在哪里办、怎么办");

    private static async Task<IResult> Handle(string code, TongbanDb db, CancellationToken ct)
    {
        var item = await db.ItemVersions.AsNoTracking().Where(i => i.Code == code && i.Status == ItemVersionStatus.Published)
            .Select(i => new { i.DepartmentCode, i.RegionCode, i.TongbanScope, i.AppointmentSupported, i.Channels }).FirstOrDefaultAsync(ct);
        if (item is null) return Problems.NotFound("catalog.item_not_found", "事项不存在或未发布", $"找不到编码为 {code} 的已发布事项。");
        var withWindow = (await db.Windows.AsNoTracking().Where(w => w.DepartmentCodes.Contains(item.DepartmentCode))
            .Select(w => w.ServicePointCode).Distinct().ToListAsync(ct)).ToHashSet();
        var anywhere = item.TongbanScope != TongbanScope.None;
        var points = await db.ServicePoints.AsNoTracking()
            .Where(p => withWindow.Contains(p.Code) || (anywhere && p.RegionCode == item.RegionCode && p.Level != ServicePointLevel.Village))
            .Select(p => new { p.Code, p.Name, p.Level, p.Address, p.OpeningHours, p.Hotline }).ToListAsync(ct);
        var kiosks = item.Channels.HasFlag(Channels.Kiosk)
            ? await db.Kiosks.AsNoTracking().OrderBy(k => k.Code)
                .Select(k => new WhereKioskDto(k.Code, k.Name, k.LocationName, k.Address, k.Open24Hours)).ToListAsync(ct)
            : [];
        return TypedResults.Ok(new WhereToApplyDto(item.TongbanScope, item.AppointmentSupported, ItemMapping.ChannelNames(item.Channels),
            [.. points.OrderBy(p => p.Level).ThenBy(p => !withWindow.Contains(p.Code)).ThenBy(p => p.Code, StringComparer.Ordinal)
                .Select(p => new WherePointDto(p.Code, p.Name, p.Level, p.Address, p.OpeningHours, p.Hotline, withWindow.Contains(p.Code)))],
            kiosks));
    }
}
