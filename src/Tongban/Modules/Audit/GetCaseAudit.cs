using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Audit;

internal sealed record CaseAuditEntryDto(string Stream, long Sequence, DateTimeOffset At, string ActorKind, string ActorName, string? Role,
    string Action, string Summary, string? Before, string? After, string? Ip, string? Channel);

/// <summary>
/// GET /api/cases/{caseNumber}/audit — everything recorded about one case, oldest first: the case
/// stream's entries (what was done to it) and the reads of it, which live in each reader's own
/// stream (so reads never contend with the case's writes). Staff who may see the case may see its
/// trail. Looking at the trail is not itself recorded: it shows no personal data (summaries are
/// masked by construction) and recording it under the case would make every look grow the trail.
/// </summary>
internal static class GetCaseAudit
{
    /// <summary>A case's trail is short; the cap only guards against a pathological one.</summary>
    public const int MaxEntries = 1000;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{caseNumber}/audit", Handle).RequireAuthorization(Policies.Staff).WithTags("Audit")
            .Produces<IReadOnlyList<CaseAuditEntryDto>>().ProducesProblem(404).WithName("GetCaseAudit").WithSummary("办件审计记录");

    internal static async Task<IResult> Handle(string caseNumber, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var scope = await db.Cases.AsNoTracking().Where(c => c.Number == caseNumber)
            .Select(c => new { c.ServicePointCode, c.DepartmentCode }).FirstOrDefaultAsync(ct);
        if (scope is null || !CaseScope.CanSee(actor, scope.ServicePointCode, scope.DepartmentCode))
            return Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.CaseNumber == caseNumber)
            .OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxEntries)
            .Select(e => new CaseAuditEntryDto(e.Stream, e.Sequence, e.At, e.ActorKind, e.ActorName, e.Role, e.Action, e.Summary, e.Before, e.After, e.Ip, e.Channel))
            .ToListAsync(ct);
        return TypedResults.Ok(entries);
    }
}
