using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Cases;

/// <summary>
/// GET /api/cases/{caseNumber}/audit — everything recorded about one case, oldest first (<see cref="CaseAuditEntries"/>).
/// Staff who may see the case may see its trail. Looking at the trail is not itself recorded: it shows no personal
/// data (summaries are masked by construction) and recording it under the case would make every look grow the trail.
/// </summary>
internal static class GetCaseAudit
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{caseNumber}/audit", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Audit")
            .Produces<IReadOnlyList<CaseAuditEntryDto>>().ProducesProblem(403).ProducesProblem(404).WithName("GetCaseAudit").WithSummary("办件审计记录");

    internal static async Task<IResult> Handle(string caseNumber, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var scope = await db.Cases.AsNoTracking().Where(c => c.Number == caseNumber)
            .Select(c => new { c.ServicePointCode, c.DepartmentCode }).FirstOrDefaultAsync(ct);
        if (scope is null || !CaseScope.CanSee(actor, scope.ServicePointCode, scope.DepartmentCode))
            return Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");
        return TypedResults.Ok(await CaseAuditEntries.ListAsync(db, caseNumber, ct));
    }
}
