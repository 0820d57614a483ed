using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Cases;

/// <summary>Tongban:Cases options.</summary>
internal sealed class CaseOptions
{
    public const string Section = "Tongban:Cases";

    /// <summary>
    /// How many case numbers a node reserves at once. 1 keeps numbers gap-free on one node; larger
    /// blocks take the numbering row out of every submission's transaction (ADR 0002).
    /// </summary>
    public int NumberBlockSize { get; set; } = 1;

    /// <summary>Wrong query codes (办件查询) one case number takes in an hour before it answers 429 until the hour has passed.</summary>
    public int WrongQueryCodesPerCasePerHour { get; set; } = 5;

    /// <summary>Wrong query codes one address may send in an hour, over all case numbers.</summary>
    public int WrongQueryCodesPerAddressPerHour { get; set; } = 20;
}

/// <summary>
/// Hands out readable case numbers (350505-2026-000123), unique per region and year. Numbers
/// are reserved in a short transaction of their own, so the numbering row is never locked for
/// the length of a submission; a crash between reservation and insert leaves a gap, never a
/// duplicate.
/// </summary>
internal sealed class CaseNumberAllocator(IServiceScopeFactory scopes, IOptions<CaseOptions> options)
{
    private readonly ConcurrentDictionary<(string Region, int Year), Block> _blocks = new();

    private sealed class Block
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Next;
        public long Last;
    }

    public async Task<string> NextAsync(string regionCode, int year, CancellationToken ct)
    {
        var block = _blocks.GetOrAdd((regionCode, year), _ => new Block());
        await block.Gate.WaitAsync(ct);
        try
        {
            if (block.Next == 0 || block.Next > block.Last)
            {
                var size = Math.Max(1, options.Value.NumberBlockSize);
                block.Last = await ReserveAsync(regionCode, year, size, ct);
                block.Next = block.Last - size + 1;
            }
            var value = block.Next++;
            return Format(regionCode, year, value);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    public static string Format(string regionCode, int year, long value) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{regionCode}-{year}-{value:D6}");

    private async Task<long> ReserveAsync(string regionCode, int year, int size, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A single UPDATE … RETURNING is atomic on both providers: no read-modify-write race.
            var reserved = await db.Database.SqlQuery<long>(
                $"UPDATE case_number_blocks SET last_allocated = last_allocated + {size} WHERE region_code = {regionCode} AND year = {year} RETURNING last_allocated AS \"Value\"")
                .ToListAsync(ct);
            if (reserved.Count == 1) return reserved[0];
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO case_number_blocks (region_code, year, last_allocated) VALUES ({regionCode}, {year}, 0) ON CONFLICT DO NOTHING", ct);
        }
        throw new InvalidOperationException($"Could not reserve case numbers for {regionCode}/{year}.");
    }
}
