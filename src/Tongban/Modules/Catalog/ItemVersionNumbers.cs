using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Catalog;

/// <summary>The version number of an item version, read by every case view: fixed when the version is created, so kept for good.</summary>
internal static class ItemVersionNumbers
{
    private static readonly PerDatabase<ConcurrentDictionary<int, int>> Entries = new(() => new ConcurrentDictionary<int, int>());

    public static async Task<int> OfAsync(TongbanDb db, int itemVersionId, CancellationToken ct)
    {
        var numbers = Entries.For(db);
        if (numbers.TryGetValue(itemVersionId, out var number)) return number;
        number = await db.ItemVersions.AsNoTracking().Where(v => v.Id == itemVersionId).Select(v => v.Version).FirstAsync(ct);
        // A district has a few thousand item versions; the bound only guards against an unbounded catalog.
        if (numbers.Count > 100_000) numbers.Clear();
        numbers[itemVersionId] = number;
        return number;
    }
}
