using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Certificates;

/// <summary>Completing an approved case of an item with a certificate type issues its e-certificate, in the same transaction.</summary>
internal sealed class IssueCertificateOnCompletion(CertificateIssuer issuer) : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct) =>
        change.Action == CaseAction.Complete && change.Case.Decision == "approve" && change.Case.CertificateTypeCode is { } type
            ? issuer.IssueForCaseAsync(db, change.Case, type, change.AuditActor, change.At, ct)
            : Task.CompletedTask;
}
