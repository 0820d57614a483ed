using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

internal sealed record LifeEventDto(string Code, string Audience, string Name, int ItemCount);

/// <summary>
/// GET /api/life-events?audience=person|enterprise — the portal's 主题服务 tiles: each theme with the
/// number of published items in it (one query; themes without items are still listed).
/// </summary>
internal static class ListLifeEvents
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/life-events", Handle).AllowAnonymous().Produces<IReadOnlyList<LifeEventDto>>().ProducesValidationProblem()
            .WithName("ListLifeEvents").WithSummary("主题服务（个人、法人一生事）");

    internal static async Task<IResult> Handle(TongbanDb db, string? audience, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(audience) && audience is not (LifeEvents.Person or LifeEvents.Enterprise))
            return new FieldErrors().Add("audience", "服务对象只能是 person（个人）或 enterprise（法人）").ToResult();
        // Only the theme lists of published items are read (a district publishes about a thousand), counted here:
        // grouping over a JSON array column does not translate on SQLite.
        var lists = await db.ItemVersions.AsNoTracking().Where(i => i.Status == ItemVersionStatus.Published && i.LifeEvents.Count > 0)
            .Select(i => i.LifeEvents).ToListAsync(ct);
        var counts = lists.SelectMany(l => l).CountBy(code => code).ToDictionary();
        return TypedResults.Ok(LifeEvents.All.Where(e => string.IsNullOrWhiteSpace(audience) || e.Audience == audience)
            .Select(e => new LifeEventDto(e.Code, e.Audience, e.Name, counts.GetValueOrDefault(e.Code))).ToList());
    }

    /// <summary>Published items for persons on the kiosk channel, counted per 主题 (the kiosk's tiles).</summary>
    internal static async Task<Dictionary<string, int>> KioskCounts(TongbanDb db, CancellationToken ct)
    {
        var lists = await db.ItemVersions.AsNoTracking()
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && (i.Channels & Channels.Kiosk) == Channels.Kiosk && i.LifeEvents.Count > 0)
            .Select(i => i.LifeEvents).ToListAsync(ct);
        return lists.SelectMany(l => l).CountBy(code => code).ToDictionary();
    }
}
