using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Certificates;

/// <summary>The Certificates side of Cases' <see cref="ICertificateMaterials"/> port: a certificate as a case material.</summary>
internal sealed class CertificateMaterials : ICertificateMaterials
{
    public async Task<IReadOnlyDictionary<string, CertificateForMaterial>> FindAsync(TongbanDb db, IReadOnlyCollection<string> ids, DateOnly today, CancellationToken ct)
    {
        var guids = ids.Select(i => Guid.TryParse(i, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        if (guids.Count == 0) return new Dictionary<string, CertificateForMaterial>();
        var rows = await db.Certificates.AsNoTracking().Where(c => guids.Contains(c.Id)).ToListAsync(ct);
        var found = new Dictionary<string, CertificateForMaterial>();
        foreach (var id in ids)
        {
            if (!Guid.TryParse(id, out var g) || rows.FirstOrDefault(r => r.Id == g) is not { } c) continue;
            found[id] = Of(c, today);
        }
        return found;
    }

    public async Task<IReadOnlyList<CertificateForMaterial>> HeldAsync(TongbanDb db, ApplicantKind holderKind, IReadOnlyCollection<string> holderIndexes, IReadOnlyCollection<string> typeCodes,
        DateOnly today, CancellationToken ct)
    {
        if (typeCodes.Count == 0) return [];
        var rows = await db.Certificates.AsNoTracking()
            .Where(c => c.HolderKind == holderKind && holderIndexes.Contains(c.HolderIdIndex) && typeCodes.Contains(c.TypeCode) && c.Status == CertificateStatus.Valid
                && (c.ValidUntil == null || c.ValidUntil >= today))
            .OrderByDescending(c => c.IssuedAt).Take(50).ToListAsync(ct);
        return [.. rows.Select(c => Of(c, today))];
    }

    private static CertificateForMaterial Of(Certificate c, DateOnly today)
    {
        var unusable = c.StatusOn(today) switch { "revoked" => "已吊销", "suspended" => "已暂停使用", "expired" => $"已于 {c.ValidUntil:yyyy-MM-dd} 过期", _ => null };
        return new CertificateForMaterial(c.Id.ToString(), c.Identifier, c.HolderKind, c.HolderIdIndex, c.TypeCode, c.TypeName, unusable, c.FileId);
    }
}

/// <summary>A case that hands in e-certificates (filing or 补正) counts each use on the certificate (电子证照调用, per certificate).</summary>
internal sealed class CountCertificateUse : ICaseChangeHandler
{
    public async Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        if (!change.IsFiling && change.Action != CaseAction.Supplement) return;
        var used = change.Case.Materials.Where(m => m.CertificateId is not null && m.SubmittedAt == change.At && Guid.TryParse(m.CertificateId, out _))
            .Select(m => Guid.Parse(m.CertificateId!)).Distinct().ToList();
        if (used.Count == 0) return;
        foreach (var c in await db.Certificates.Where(c => used.Contains(c.Id)).ToListAsync(ct)) c.UseCount++;
    }
}
