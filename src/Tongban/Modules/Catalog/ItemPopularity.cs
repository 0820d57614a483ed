using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Catalog;

/// <summary>
/// How often an item was applied for recently: search ranks equally relevant items by it. Catalog owns the number;
/// Analytics, which counts the cases, writes it through <see cref="ReplaceAllAsync"/> (Catalog never reads Analytics).
/// </summary>
internal sealed class ItemPopularity
{
    public required string ItemCode { get; init; }
    public int Applications { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Sets every item's number to the given counts (items not named go to 0), in the caller's unit of work.</summary>
    public static async Task ReplaceAllAsync(TongbanDb db, IReadOnlyDictionary<string, int> applications, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.ItemPopularity.ToDictionaryAsync(p => p.ItemCode, ct);
        foreach (var row in rows.Values)
            if (!applications.ContainsKey(row.ItemCode) && row.Applications != 0) { row.Applications = 0; row.UpdatedAt = now; }
        foreach (var (code, count) in applications)
        {
            if (rows.TryGetValue(code, out var row))
            {
                if (row.Applications != count) { row.Applications = count; row.UpdatedAt = now; }
            }
            else db.ItemPopularity.Add(new ItemPopularity { ItemCode = code, Applications = count, UpdatedAt = now });
        }
    }
}

internal sealed class ItemPopularityConfiguration : IEntityTypeConfiguration<ItemPopularity>
{
    public void Configure(EntityTypeBuilder<ItemPopularity> e)
    {
        e.ToTable("item_popularity");
        e.HasKey(x => x.ItemCode);
        e.Property(x => x.ItemCode).HasMaxLength(80);
    }
}
