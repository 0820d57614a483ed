using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Cases;

/// <summary>An e-certificate as a submission sees it: whose it is, of which type, whether it can be used today, and its file.</summary>
/// <param name="Unusable">Why it cannot be used today (revoked, suspended, expired), or null.</param>
internal sealed record CertificateForMaterial(string Id, string Identifier, ApplicantKind HolderKind, string HolderIndex, string TypeCode, string TypeName, string? Unusable, Guid FileId);

/// <summary>
/// The e-certificate library as Cases needs it to accept <c>materials[i].certificateId</c> (电子证照调用). Cases owns the
/// contract and the Certificates module implements it, so Cases never reads that module's tables.
/// </summary>
internal interface ICertificateMaterials
{
    /// <summary>The certificates of <paramref name="ids"/> that exist, by id.</summary>
    Task<IReadOnlyDictionary<string, CertificateForMaterial>> FindAsync(TongbanDb db, IReadOnlyCollection<string> ids, DateOnly today, CancellationToken ct);

    /// <summary>The holder's certificates of <paramref name="typeCodes"/> usable today, newest first: what can stand in for a material.</summary>
    Task<IReadOnlyList<CertificateForMaterial>> HeldAsync(TongbanDb db, ApplicantKind holderKind, IReadOnlyCollection<string> holderIndexes, IReadOnlyCollection<string> typeCodes,
        DateOnly today, CancellationToken ct);
}
