using System.Text.Json.Serialization;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Certificates;

/// <summary>
/// The district's own seal CA (电子印章制章机构): an SM2 key and a self-signed X.509 certificate (SM3withSM2) that issues
/// every department's seal certificate. One row per region; its private key is encrypted at rest (<see cref="SealKeyRing"/>).
/// </summary>
internal sealed class SealAuthority
{
    public int Id { get; init; }
    public required string RegionCode { get; init; }
    public required string Name { get; init; }
    /// <summary>DER of the self-signed certificate (public).</summary>
    public required byte[] CertificateDer { get; init; }
    /// <summary>The PKCS#8 private key, sealed under Tongban:Certificates:SealKey. Never leaves the module.</summary>
    public required string EncryptedPrivateKey { get; init; }
    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset ValidTo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// 电子印章: one department's seal — an SM2 key pair and an X.509 certificate issued by the <see cref="SealAuthority"/>.
/// The picture (the red round seal) is drawn from the department's name whenever a document is sealed.
/// </summary>
internal sealed class DepartmentSeal
{
    public int Id { get; init; }
    /// <summary>印章编码 shown to verifiers (ES + department code + sequence).</summary>
    public required string SealCode { get; init; }
    public required string DepartmentCode { get; init; }
    public required string DepartmentName { get; init; }
    public required string CreditCode { get; init; }
    public required byte[] CertificateDer { get; init; }
    public required string EncryptedPrivateKey { get; init; }
    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset ValidTo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Set when the seal is replaced; documents it sealed still verify against its certificate.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
    /// <summary>"generated" (by the region's seal CA) or "imported" (issued elsewhere, PEM/PKCS#12).</summary>
    public string Source { get; init; } = SealSources.Generated;
    /// <summary>An imported seal's issuing CA certificate (itself when self-signed); null: the region's seal CA.</summary>
    public byte[]? IssuerCertificateDer { get; init; }
}

internal static class SealSources
{
    public const string Generated = "generated";
    public const string Imported = "imported";
}

/// <summary>One network's public verifications in one minute, counted in the database so every node shares the limit.</summary>
internal sealed class VerificationWindow
{
    public required string AddressKey { get; init; }
    /// <summary>Unix minute the window starts at.</summary>
    public long Minute { get; init; }
    public int Count { get; set; }
}

/// <summary>One line of the face (照面信息) of a certificate type: a key (stable, for import columns) and its label.</summary>
internal sealed record FaceField(string Key, string Label);

/// <summary>证照类型: what a certificate of this kind says, who issues it and how long it is valid.</summary>
internal sealed class CertificateType
{
    public int Id { get; init; }
    /// <summary>The catalog's 证照类型代码 (items and material requirements name it), e.g. business-licence.</summary>
    public required string Code { get; init; }
    public required string Name { get; set; }
    /// <summary>GB/T 36904 证照类型代码 in the identifier: the defining department's credit code and a 3-digit sequence.</summary>
    public required string NationalTypeCode { get; set; }
    public required string IssuerDepartmentCode { get; set; }
    /// <summary>照面信息 fields as JSON [{key, label}] (<see cref="Fields"/>).</summary>
    public string FieldsJson { get; set; } = "[]";
    public IReadOnlyList<FaceField> Fields
    {
        get => System.Text.Json.JsonSerializer.Deserialize<List<FaceField>>(FieldsJson, System.Text.Json.JsonSerializerOptions.Web) ?? [];
        set => FieldsJson = System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web);
    }
    /// <summary>Null: valid without an end date (长期).</summary>
    public int? ValidityMonths { get; set; }
}

/// <summary>The registry state of a certificate. Expired is not stored: it is read from <see cref="Certificate.ValidUntil"/>.</summary>
internal enum CertificateStatus
{
    [JsonStringEnumMemberName("valid")]
    Valid,
    [JsonStringEnumMemberName("suspended")]
    Suspended,
    [JsonStringEnumMemberName("revoked")]
    Revoked,
}

/// <summary>
/// 电子证照: the registry record (GB/T 36902/36903 fields) of one issued certificate and its sealed PDF. The holder's ID
/// number or credit code is encrypted at rest and found through its blind index, as a case's applicant is.
/// </summary>
internal sealed class Certificate : IHasBlindIndexes
{
    public Guid Id { get; init; }
    /// <summary>证照标识 (GB/T 36904).</summary>
    public required string Identifier { get; init; }
    /// <summary>证照编号 printed on the face.</summary>
    public required string Number { get; init; }
    public required string TypeCode { get; init; }
    public required string TypeName { get; init; }
    public required string IssuerDepartmentCode { get; init; }
    public required string IssuerName { get; init; }
    public required string IssuerCreditCode { get; init; }
    public ApplicantKind HolderKind { get; init; }
    public required string HolderName { get; init; }
    /// <summary>Resident ID number or unified social credit code (encrypted at rest).</summary>
    public required string HolderIdNumber { get; init; }
    public string HolderIdIndex { get; set; } = "";
    /// <summary>照面信息 as JSON: {key: value} in the type's field order.</summary>
    public string FaceFieldsJson { get; init; } = "{}";
    public DateTimeOffset IssuedAt { get; init; }
    public DateOnly IssuedOn { get; init; }
    /// <summary>When the PDF was sealed: the issue for a new certificate, the import for a converted one (the seal's certificate must be valid then).</summary>
    public DateTimeOffset SealedAt { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public CertificateStatus Status { get; set; }
    public string? CaseNumber { get; init; }
    /// <summary>How it came to be: issue (a completed case), import (存量转化) or renewal.</summary>
    public required string Origin { get; init; }
    /// <summary>SM3 (hex) of the sealed PDF as handed out, signature trailer included.</summary>
    public string Fingerprint { get; set; } = "";
    public Guid FileId { get; set; }
    public int SealId { get; init; }
    /// <summary>The certificate this one renews (associatedZzeCertID).</summary>
    public Guid? ReplacesId { get; init; }
    public string? StatusReason { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public string? StatusChangedBy { get; set; }
    /// <summary>Times it was handed in as a case material (电子证照调用).</summary>
    public int UseCount { get; set; }

    public void UpdateBlindIndexes(bool isNew)
    {
        if (isNew && HolderIdIndex.Length == 0) HolderIdIndex = PersonalData.BlindIndex(HolderIdNumber);
    }

    public bool IsExpired(DateOnly today) => ValidUntil is { } until && until < today;

    /// <summary>The status as the world sees it today: a valid certificate past its end date is expired.</summary>
    public string StatusOn(DateOnly today) => Status switch
    {
        CertificateStatus.Revoked => "revoked",
        CertificateStatus.Suspended => "suspended",
        _ => IsExpired(today) ? "expired" : "valid",
    };
}

/// <summary>A sealed decision letter (准予/不予许可决定书, 电子公文) of a completed case.</summary>
internal sealed class SealedLetter
{
    public long Id { get; init; }
    public required string CaseNumber { get; init; }
    /// <summary>approve or reject.</summary>
    public required string Decision { get; init; }
    public required string Title { get; init; }
    public required string DocumentNumber { get; init; }
    public Guid FileId { get; init; }
    public required string Fingerprint { get; init; }
    public int SealId { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
}
