namespace Tongban.Infrastructure.Data;

/// <summary>
/// A page of a list. When <see cref="TotalIsCapped"/> is true there are at least <see cref="Total"/>
/// rows ("10000+"): counting every row of a province-sized table on each page view would cost more
/// than the page itself.
/// </summary>
internal sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize, bool TotalIsCapped = false);

internal static class Paging
{
    public const int CountCap = 10_000;

    /// <summary>Counts up to <see cref="CountCap"/> rows (SELECT count(*) FROM (… LIMIT cap+1)).</summary>
    public static async Task<(int Total, bool Capped)> CountCappedAsync<T>(IQueryable<T> query, CancellationToken ct)
    {
        var n = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(query.Take(CountCap + 1), ct);
        return n > CountCap ? (CountCap, true) : (n, false);
    }
}
