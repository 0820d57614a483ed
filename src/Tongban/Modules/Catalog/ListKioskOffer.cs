using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

internal sealed record ConvenienceServiceDto(
    string Code, string Name, string Provider, string Kind, string Category, string Hours, string Hotline, bool Runnable);

/// <summary>A tile of the kiosk's choose screen: a 主题 of items or a category of convenience services.</summary>
internal sealed record KioskCategoryDto(string Code, string Name, string Kind, int Count);

internal sealed record KioskOfferDto(Paged<ItemSummaryDto> Items, IReadOnlyList<ConvenienceServiceDto> Services, IReadOnlyList<KioskCategoryDto> Categories);

/// <summary>
/// GET /api/kiosk/items?q=&amp;category= — what the kiosk offers: the published items on the kiosk channel
/// (paged, as GET /api/items) and the 便民服务, with the category tiles. Anonymous like the catalog: the
/// attract screen shows it before a card is placed. A category is a person 主题 (items) or a service
/// category (services); the other list is then empty.
/// </summary>
internal static class ListKioskOffer
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/kiosk/items", Handle).AllowAnonymous().Produces<KioskOfferDto>().ProducesValidationProblem()
            .WithName("ListKioskOffer").WithSummary("自助终端可办事项与便民服务");

    internal static async Task<IResult> Handle(TongbanDb db, string? q, string? category, int? page, int? pageSize, CancellationToken ct)
    {
        var lifeEvent = string.IsNullOrWhiteSpace(category) ? null : LifeEvents.Find(category);
        var isServiceCategory = !string.IsNullOrWhiteSpace(category) && ConvenienceServices.IsCategory(category);
        if (!string.IsNullOrWhiteSpace(category) && !isServiceCategory && lifeEvent is not { Audience: LifeEvents.Person })
            return new FieldErrors().Add("category", "没有这个分类").ToResult();

        var items = await SearchItems.Handle(db, q, null, "kiosk", page, pageSize, ct,
            lifeEvent?.Code, LifeEvents.Person);
        if (items is not Ok<Paged<ItemSummaryDto>> { Value: { } paged }) return items;
        // A service category asks for services only: the item list is then empty (its paging as asked).
        if (isServiceCategory) paged = paged with { Items = [], Total = 0 };

        var words = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5).ToList();
        var services = lifeEvent is not null ? [] : ConvenienceServices.All
            .Where(s => !isServiceCategory || s.Category == category)
            .Where(s => words.All(w => s.Name.Contains(w, StringComparison.OrdinalIgnoreCase) || s.Provider.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(s => new ConvenienceServiceDto(s.Code, s.Name, s.Provider, s.Kind, s.Category, s.Hours, s.Hotline, s.Connector is not null))
            .ToList();

        return TypedResults.Ok(new KioskOfferDto(paged, services, await Categories(db, ct)));
    }

    private static async Task<IReadOnlyList<KioskCategoryDto>> Categories(TongbanDb db, CancellationToken ct)
    {
        var themes = await ListLifeEvents.KioskCounts(db, ct);
        var serviceCounts = ConvenienceServices.All.CountBy(s => s.Category).ToDictionary();
        return [
            .. LifeEvents.All.Where(e => e.Audience == LifeEvents.Person && themes.GetValueOrDefault(e.Code) > 0)
                .Select(e => new KioskCategoryDto(e.Code, e.Name, "items", themes[e.Code])),
            .. ConvenienceServices.Categories.Select(c => new KioskCategoryDto(c.Code, c.Name, "services", serviceCounts.GetValueOrDefault(c.Code))),
        ];
    }
}
