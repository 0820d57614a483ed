using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Audit;

internal sealed record CaseAuditEntryDto(string Stream, long Sequence, DateTimeOffset At, string ActorKind, string ActorName, string? Role,
    string Action, string Summary, string? Before, string? After, string? Ip, string? Channel);

/// <summary>
/// A case's trail: the case stream's entries (what was done to it) and the reads of it, which live in each reader's
/// own stream (so reads never contend with the case's writes). The caller decides who may see it.
/// </summary>
internal static class CaseAuditEntries
{
    /// <summary>A case's trail is short; the cap only guards against a pathological one.</summary>
    public const int MaxEntries = 1000;

    public static Task<List<CaseAuditEntryDto>> ListAsync(TongbanDb db, string caseNumber, CancellationToken ct) =>
        db.AuditEntries.AsNoTracking().Where(e => e.CaseNumber == caseNumber)
            .OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxEntries)
            .Select(e => new CaseAuditEntryDto(e.Stream, e.Sequence, e.At, e.ActorKind, e.ActorName, e.Role, e.Action, e.Summary, e.Before, e.After, e.Ip, e.Channel))
            .ToListAsync(ct);
}
