using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Audit;

internal sealed record AuditBreak(string Stream, long Sequence, string Reason, string Message);

internal sealed record AuditVerification(bool Ok, long Checked, AuditBreak? BrokenAt);

/// <summary>
/// GET /api/audit/verify and `Tongban audit verify`: walks every stream in sequence order and
/// recomputes each MAC, checks that sequences have no gap, that each entry names its predecessor's
/// MAC, and that the stream head (with its own MAC) points at the last entry. Reads in pages,
/// stream by stream (keyset pagination), never the whole table. Stops at the first break.
/// </summary>
internal static class VerifyAuditChain
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit/verify", Handle).RequireAuthorization(Policies.AuditVerify).WithTags("Audit")
            .Produces<AuditVerification>().ProducesProblem(403).WithName("VerifyAuditChain").WithSummary("校验审计链");

    internal static async Task<IResult> Handle(TongbanDb db, AuditChainVerifier verifier, ILoggerFactory loggers, CancellationToken ct)
    {
        var result = await verifier.VerifyAsync(db, ct);
        if (!result.Ok)
            loggers.CreateLogger("Tongban.Audit").LogError("Audit chain broken at {Stream}#{Sequence}: {Reason}", result.BrokenAt!.Stream, result.BrokenAt.Sequence, result.BrokenAt.Reason);
        return TypedResults.Ok(result);
    }

    private static readonly JsonSerializerOptions CliJson = new(JsonSerializerOptions.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The CLI: prints the result as JSON; exit code 0 when the chain is whole, 1 when broken.</summary>
    public static async Task<int> RunCliAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var result = await scope.ServiceProvider.GetRequiredService<AuditChainVerifier>().VerifyAsync(db, ct);
        Console.WriteLine(JsonSerializer.Serialize(result, CliJson));
        Console.WriteLine(result.Ok ? $"Audit chain intact: {result.Checked} entries checked." : $"Audit chain BROKEN at {result.BrokenAt!.Stream}#{result.BrokenAt.Sequence}: {result.BrokenAt.Message}");
        return result.Ok ? 0 : 1;
    }
}

internal sealed class AuditChainVerifier(AuditKey key)
{
    public const int DefaultPageSize = 1000;

    public async Task<AuditVerification> VerifyAsync(TongbanDb db, CancellationToken ct, int pageSize = DefaultPageSize)
    {
        long verified = 0;
        string? afterStream = null;
        // Pass 1: every stream that has a head, its entries in sequence order.
        while (true)
        {
            var query = db.AuditStreamHeads.AsNoTracking();
            if (afterStream is not null) query = query.Where(h => string.Compare(h.Stream, afterStream) > 0);
            var heads = await query.OrderBy(h => h.Stream).Take(pageSize).ToListAsync(ct);
            if (heads.Count == 0) break;
            foreach (var head in heads)
            {
                var (count, broken) = await VerifyStreamAsync(db, head, pageSize, ct);
                verified += count;
                if (broken is not null) return new(false, verified, broken);
            }
            afterStream = heads[^1].Stream;
        }

        // Pass 2: entries in a stream without a head were inserted behind the application's back.
        afterStream = null;
        while (true)
        {
            var query = db.AuditEntries.AsNoTracking();
            if (afterStream is not null) query = query.Where(e => string.Compare(e.Stream, afterStream) > 0);
            var streams = await query.Select(e => e.Stream).Distinct().OrderBy(s => s).Take(pageSize).ToListAsync(ct);
            if (streams.Count == 0) break;
            var withHead = await db.AuditStreamHeads.AsNoTracking().Where(h => streams.Contains(h.Stream)).Select(h => h.Stream).ToListAsync(ct);
            var orphan = streams.Except(withHead, StringComparer.Ordinal).FirstOrDefault();
            if (orphan is not null)
            {
                var first = await db.AuditEntries.AsNoTracking().Where(e => e.Stream == orphan).MinAsync(e => e.Sequence, ct);
                return new(false, verified, new(orphan, first, "head_missing", "审计流没有流头记录：条目可能是伪造插入的"));
            }
            afterStream = streams[^1];
        }
        return new(true, verified, null);
    }

    private async Task<(long Count, AuditBreak? Broken)> VerifyStreamAsync(TongbanDb db, AuditStreamHead head, int pageSize, CancellationToken ct)
    {
        if (AuditHashing.HeadMac(key.Bytes, head) != head.Mac)
            return (0, new(head.Stream, head.LastSequence, "head_mac_mismatch", "流头记录的校验码不符：流头被改动过"));
        long count = 0, expected = 1;
        var previous = AuditHashing.Genesis;
        var stream = head.Stream;
        while (true)
        {
            var after = expected - 1;
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Stream == stream && e.Sequence > after)
                .OrderBy(e => e.Sequence).Take(pageSize).ToListAsync(ct);
            foreach (var entry in page)
            {
                if (entry.Sequence != expected)
                    return (count, new(stream, expected, "sequence_gap", $"缺少序号 {expected} 的审计条目：条目被删除过"));
                if (entry.PreviousHash != previous)
                    return (count, new(stream, entry.Sequence, "previous_hash_mismatch", "条目记录的前序校验码与前一条不符：链被改动过"));
                if (AuditHashing.EntryMac(key.Bytes, entry) != entry.Hash)
                    return (count, new(stream, entry.Sequence, "hash_mismatch", "条目内容与其校验码不符：条目被改动过"));
                count++;
                expected++;
                previous = entry.Hash;
            }
            if (page.Count < pageSize) break;
        }
        var last = expected - 1;
        if (last != head.LastSequence)
            return (count, new(stream, last < head.LastSequence ? last + 1 : head.LastSequence + 1, "head_mismatch",
                $"流头记录最后序号为 {head.LastSequence}，实际链到序号 {last}：最新条目被删除或有条目被追加"));
        if (previous != head.LastHash)
            return (count, new(stream, last, "head_mismatch", "流头记录的最后校验码与最后一条不符"));
        return (count, null);
    }
}
