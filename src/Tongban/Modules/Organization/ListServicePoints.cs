using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Organization;

internal sealed record ServicePointDto(
    string Code, string Name,
    ServicePointLevel Level,
    string? ParentCode, string? Address, string? OpeningHours, string? Hotline);

/// <summary>GET /api/service-points?level= — the three levels of service points (三级联动).</summary>
internal static class ListServicePoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/service-points", Handle).AllowAnonymous().Produces<List<ServicePointDto>>().WithName("ListServicePoints").WithSummary("服务点列表");

    internal static async Task<IResult> Handle(TongbanDb db, string? level, string? parent, CancellationToken ct)
    {
        var query = db.ServicePoints.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!Enum.TryParse<ServicePointLevel>(level, ignoreCase: true, out var parsed))
                return new Infrastructure.ErrorHandling.FieldErrors().Add("level", "服务点层级只能是 district、town 或 village").ToResult();
            query = query.Where(p => p.Level == parsed);
        }
        if (!string.IsNullOrWhiteSpace(parent)) query = query.Where(p => p.ParentCode == parent);
        var points = await query.OrderBy(p => p.Level).ThenBy(p => p.Code).ToListAsync(ct);
        return TypedResults.Ok(points.Select(p => new ServicePointDto(p.Code, p.Name, p.Level, p.ParentCode, p.Address, p.OpeningHours, p.Hotline)).ToList());
    }
}
