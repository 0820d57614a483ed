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

    /// <summary>
    /// The highest page anyone can ask for. (page − 1) × pageSize was computed in int: page=2147483647 overflowed to a
    /// negative skip and answered page 1's rows labelled as that page. A million pages of 100 is past any list here.
    /// </summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Checks page (from 1, at most <see cref="MaxPage"/>) and pageSize (1 … max), reporting a message per bad field.</summary>
    public static (int Page, int Size) Check(int? page, int? pageSize, int defaultSize, int maxSize, Action<string, string> error)
    {
        var p = page ?? 1;
        var size = pageSize ?? defaultSize;
        if (p is < 1 or > MaxPage) error("page", $"页码必须在 1 到 {MaxPage} 之间");
        if (size < 1 || size > maxSize) error("pageSize", $"每页条数必须在 1 到 {maxSize} 之间");
        return (p, size);
    }

    /// <summary>The rows before the page, computed in 64 bits; past the end is an empty page, never another page's rows.</summary>
    public static int Skip(int page, int size) => (int)Math.Min(((long)page - 1) * size, int.MaxValue);

    /// <summary>Counts up to <see cref="CountCap"/> rows (SELECT count(*) FROM (… LIMIT cap+1)).</summary>
    public static async Task<(int Total, bool Capped)> CountCappedAsync<T>(IQueryable<T> query, CancellationToken ct)
    {
        var n = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(query.Take(CountCap + 1), ct);
        return n > CountCap ? (CountCap, true) : (n, false);
    }
}
