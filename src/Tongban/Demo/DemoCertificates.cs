using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Certificates;

namespace Tongban.Demo;

/// <summary>
/// The demo history's e-certificates: the history is written in bulk (not through the case-change pipeline), so its
/// completed, approved cases of licence items get their certificates afterwards, each through the production use case
/// (<see cref="CertificateIssuer.IssueForCaseAsync"/>, what IssueCertificateOnCompletion calls), dated at the case's
/// completion. Only the most recent ones: every issue renders and seals a PDF, and the demo should load quickly.
/// </summary>
internal static class DemoCertificates
{
    public const int MaxIssued = 150;
    private const int Batch = 25;

    public static async Task<int> IssueAsync(IServiceProvider services, CancellationToken ct)
    {
        var issuer = services.GetRequiredService<CertificateIssuer>();
        var issued = 0;
        while (issued < MaxIssued)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var done = db.Certificates.Where(x => x.CaseNumber != null).Select(x => x.CaseNumber!);
            var cases = await db.Cases.AsNoTracking()
                .Where(c => c.CompletedAt != null && c.Decision == "approve" && c.CertificateTypeCode != null && !done.Contains(c.Number))
                .OrderByDescending(c => c.CompletedAt).Take(Math.Min(Batch, MaxIssued - issued)).ToListAsync(ct);
            if (cases.Count == 0) break;
            foreach (var c in cases)
            {
                await issuer.IssueForCaseAsync(db, c, c.CertificateTypeCode!, AuditActor.System, c.CompletedAt!.Value, ct);
            }
            await db.SaveChangesAsync(ct);
            issued += cases.Count;
        }
        return issued;
    }
}
