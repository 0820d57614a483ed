using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Certificates;

/// <summary>
/// GET /api/cases/{caseNumber}/certificates — the certificates a case issued (and their renewals), so the case page can link
/// them: whoever may read the case; a stranger gets an empty list, as if the case issued none.
/// </summary>
internal static class CaseCertificates
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{caseNumber}/certificates", Handle).RequireAuthorization(Policies.CaseWorkOrCitizen).WithTags("Certificates")
            .Produces<List<CertificateSummaryDto>>().WithName("ListCaseCertificates").WithSummary("办件签发的电子证照");

    internal static async Task<IResult> Handle(string caseNumber, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!await CertificateAccess.MayReadCaseAsync(db, http.User, caseNumber, ct)) return TypedResults.Ok(new List<CertificateSummaryDto>());
        var today = ChinaTime.Today(clock);
        var rows = await db.Certificates.AsNoTracking().Where(c => c.CaseNumber == caseNumber).OrderByDescending(c => c.IssuedAt).Take(20).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(c => CertificateAccess.Summary(c, today)).ToList());
    }
}
