using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Files;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Certificates;

internal sealed record CertificateSummaryDto(Guid Id, string Identifier, string TypeCode, string Name, string IssuerName, DateTimeOffset IssuedAt,
    DateOnly? ValidUntil, string Status);

internal sealed record FaceValueDto(string Key, string Label, string Value);

internal sealed record SealedByDto(string SealCode, string DepartmentCode, string DepartmentName);

/// <param name="HolderIdNumber">Masked unless the caller is the holder.</param>
internal sealed record CertificateDto(Guid Id, string Identifier, string Number, string TypeCode, string TypeName, string IssuerDepartmentCode,
    string IssuerName, string HolderKind, string HolderName, string HolderIdNumber, IReadOnlyList<FaceValueDto> FaceFields, DateTimeOffset IssuedAt,
    DateOnly? ValidUntil, string Status, string? StatusReason, DateTimeOffset? StatusChangedAt, string? CaseNumber, string Origin, string Fingerprint,
    Guid? ReplacesId, Guid? ReplacedById, SealedByDto SealedBy, int UseCount);

/// <summary>Who may read a certificate (its holder; staff of the issuing department or of its case) and how it is shown.</summary>
internal static class CertificateAccess
{
    public static bool IsHolder(Certificate c, ClaimsPrincipal user) =>
        CitizenActor.From(user) is { } me && c.HolderKind == ApplicantKind.Person && me.IdIndexes.Contains(c.HolderIdIndex);

    /// <summary>Staff who work on certificates of the issuing department, or who see its case; the analyst reads no person's record (ADR 0011).</summary>
    public static async Task<bool> StaffMayReadAsync(TongbanDb db, StaffActor staff, Certificate c, CancellationToken ct)
    {
        if (!CaseScope.WorksOnCases(staff)) return false;
        if (CaseScope.SeesAll(staff) || staff.DepartmentCode == c.IssuerDepartmentCode) return true;
        if (c.CaseNumber is null) return false;
        var where = await db.Cases.AsNoTracking().Where(x => x.Number == c.CaseNumber).Select(x => new { x.ServicePointCode, x.DepartmentCode }).FirstOrDefaultAsync(ct);
        return where is not null && CaseScope.CanSee(staff, where.ServicePointCode, where.DepartmentCode);
    }

    public static async Task<bool> MayReadAsync(TongbanDb db, ClaimsPrincipal user, Certificate c, CancellationToken ct) =>
        IsHolder(c, user) || (StaffActor.From(user) is { } staff && await StaffMayReadAsync(db, staff, c, ct));

    /// <summary>A case's staff in scope, or its applicant (or the agent who filed it).</summary>
    public static async Task<bool> MayReadCaseAsync(TongbanDb db, ClaimsPrincipal user, string caseNumber, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Number == caseNumber, ct);
        if (c is null) return false;
        if (StaffActor.From(user) is { } staff) return CaseScope.CanSee(staff, c.ServicePointCode, c.DepartmentCode);
        return CitizenActor.From(user) is { } me && ListMyCases.IsMine(c, me);
    }

    /// <summary>Issuing-department staff who decide on certificates: its reviewers and approvers.</summary>
    public static bool MayChangeStatus(StaffActor staff, Certificate c) =>
        staff.DepartmentCode == c.IssuerDepartmentCode && (staff.IsIn(StaffRoles.Reviewer) || staff.IsIn(StaffRoles.Approver));

    public static CertificateSummaryDto Summary(Certificate c, DateOnly today) =>
        new(c.Id, c.Identifier, c.TypeCode, c.TypeName, c.IssuerName, c.IssuedAt, c.ValidUntil, c.StatusOn(today));

    public static async Task<CertificateDto> DetailAsync(TongbanDb db, Certificate c, bool holder, DateOnly today, CancellationToken ct)
    {
        var type = await db.CertificateTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == c.TypeCode, ct);
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(c.FaceFieldsJson) ?? [];
        var fields = (type?.Fields ?? [.. values.Keys.Select(k => new FaceField(k, k))])
            .Select(f => new FaceValueDto(f.Key, f.Label, f.Key == CertificateTypes.HolderCode && !holder ? Mask(c) : values.GetValueOrDefault(f.Key) ?? "")).ToList();
        var seal = await db.DepartmentSeals.AsNoTracking().Where(s => s.Id == c.SealId).Select(s => new SealedByDto(s.SealCode, s.DepartmentCode, s.DepartmentName)).FirstAsync(ct);
        var replacedBy = await db.Certificates.AsNoTracking().Where(x => x.ReplacesId == c.Id).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        return new CertificateDto(c.Id, c.Identifier, c.Number, c.TypeCode, c.TypeName, c.IssuerDepartmentCode, c.IssuerName,
            c.HolderKind == ApplicantKind.Person ? "person" : "enterprise", c.HolderName, holder ? c.HolderIdNumber : Mask(c), fields, c.IssuedAt, c.ValidUntil,
            c.StatusOn(today), c.StatusReason, c.StatusChangedAt, c.CaseNumber, c.Origin, c.Fingerprint, c.ReplacesId, replacedBy, seal, c.UseCount);
    }

    public static string Mask(Certificate c) => c.HolderKind == ApplicantKind.Person ? ResidentIdNumber.Mask(c.HolderIdNumber) : c.HolderIdNumber;
}

/// <summary>A certificate's PDF may be read by whoever may read the certificate (Files asks; it knows nothing of certificates).</summary>
internal sealed class CertificateFileReadGrant(TongbanDb db) : IFileReadGrant
{
    public async Task<bool> GrantsAsync(Guid fileId, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.FileId == fileId, cancellationToken);
        return c is not null && await CertificateAccess.MayReadAsync(db, reader, c, cancellationToken);
    }
}
