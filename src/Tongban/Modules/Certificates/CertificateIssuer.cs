using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Files;

namespace Tongban.Modules.Certificates;

/// <summary>Who a certificate is issued to.</summary>
internal sealed record CertificateHolder(ApplicantKind Kind, string Name, string IdNumber);

/// <summary>What to issue: the type, to whom, with which face, from when, for which case (or import, or renewal).</summary>
internal sealed record IssueRequest(CertificateType Type, string DepartmentCode, CertificateHolder Holder, IReadOnlyDictionary<string, string> Face,
    DateTimeOffset IssuedAt, DateOnly? ValidUntil, string Origin, string? CaseNumber, Guid? ReplacesId, AuditActor Actor, string AuditStream)
{
    /// <summary>When sealing happens if not at <see cref="IssuedAt"/> (an import of an old certificate).</summary>
    public DateTimeOffset? SealedAt { get; init; }
}

/// <summary>
/// Issues e-certificates: the GB/T 36904 identifier, the registry record, the PDF sealed with the issuing department's
/// seal (SM3withSM2 over the whole document, <see cref="SignedPdf"/>) and kept in the file store — all in the caller's
/// unit of work, so a certificate exists exactly when the change that issued it commits.
/// </summary>
internal sealed class CertificateIssuer(SealRegistry seals, IFileStore store, IServiceScopeFactory scopes, IOptions<CertificateOptions> options,
    IHttpContextAccessor http)
{
    public IServiceScopeFactory Scopes => scopes;

    /// <summary>The verification page a certificate's QR code opens.</summary>
    public string VerifyUrl(string identifier)
    {
        var configured = options.Value.PublicBaseUrl?.TrimEnd('/');
        var request = http.HttpContext?.Request;
        var root = configured is { Length: > 0 } ? configured : request is null ? "http://localhost:5000" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}/verify/{Uri.EscapeDataString(identifier)}";
    }

    /// <summary>Issues the certificate of a completed, approved case of an item with a certificate type.</summary>
    public async Task IssueForCaseAsync(TongbanDb db, Case c, string typeCode, AuditActor actor, DateTimeOffset at, CancellationToken ct)
    {
        var item = await db.ItemVersions.AsNoTracking().Where(i => i.Id == c.ItemVersionId).Select(i => new { i.ResultName }).FirstOrDefaultAsync(ct);
        var type = await CertificateTypes.EnsureAsync(db, scopes, typeCode, c.DepartmentCode, item?.ResultName, ct);
        var today = ChinaTime.DateOf(at);
        var face = FaceOf(type, c);
        await IssueAsync(db, new IssueRequest(type, c.DepartmentCode, new CertificateHolder(c.ApplicantKind, c.ApplicantName, c.ApplicantIdNumber), face, at,
            type.ValidityMonths is { } months ? today.AddMonths(months).AddDays(-1) : null, "issue", c.Number, null, actor, AuditStreams.Case(c.Number)), ct);
    }

    /// <summary>The face values from the case: the holder from its applicant, the rest from the application form where it has them.</summary>
    public static Dictionary<string, string> FaceOf(CertificateType type, Case c)
    {
        Dictionary<string, JsonElement>? form = null;
        try
        {
            form = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(c.FormJson);
        }
        catch (JsonException)
        {
            // A form that is no object fills nothing.
        }
        var face = new Dictionary<string, string>();
        foreach (var field in type.Fields)
        {
            face[field.Key] = field.Key switch
            {
                CertificateTypes.HolderName => c.ApplicantName,
                CertificateTypes.HolderCode => c.ApplicantIdNumber,
                CertificateTypes.ItemName => c.ItemName,
                CertificateTypes.CaseNumber => c.Number,
                "operator" or "representative" => form?.GetValueOrDefault(field.Key).ValueKind == JsonValueKind.String
                    ? form[field.Key].GetString()! : c.ContactName ?? c.ApplicantName,
                "kind" => form?.GetValueOrDefault(field.Key).ValueKind == JsonValueKind.String ? form[field.Key].GetString()!
                    : c.ApplicantKind == ApplicantKind.Person ? "个体工商户" : "有限责任公司",
                _ => form?.GetValueOrDefault(field.Key).ValueKind == JsonValueKind.String ? form[field.Key].GetString()! : "详见许可档案（" + c.ItemName + "）",
            };
        }
        return face;
    }

    public async Task<Certificate> IssueAsync(TongbanDb db, IssueRequest r, CancellationToken ct)
    {
        var seal = await seals.ForDepartmentAsync(db, r.DepartmentCode, ct);
        var issuedOn = ChinaTime.DateOf(r.IssuedAt);
        var serial = issuedOn.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture) + RandomBase36(8);
        var identifier = CertificateIdentifier.Build(r.Type.NationalTypeCode, seal.Seal.CreditCode, serial, 1);
        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(), Identifier = identifier, Number = serial, TypeCode = r.Type.Code, TypeName = r.Type.Name,
            IssuerDepartmentCode = r.DepartmentCode, IssuerName = seal.Seal.DepartmentName, IssuerCreditCode = seal.Seal.CreditCode,
            HolderKind = r.Holder.Kind, HolderName = r.Holder.Name, HolderIdNumber = r.Holder.IdNumber,
            HolderIdIndex = Infrastructure.Security.PersonalData.BlindIndex(r.Holder.IdNumber),
            FaceFieldsJson = JsonSerializer.Serialize(r.Face), IssuedAt = r.IssuedAt, IssuedOn = issuedOn, SealedAt = r.SealedAt ?? r.IssuedAt, ValidUntil = r.ValidUntil,
            Status = CertificateStatus.Valid, CaseNumber = r.CaseNumber, Origin = r.Origin, SealId = seal.Seal.Id, ReplacesId = r.ReplacesId,
        };
        var pdf = Render(certificate, r.Type, watermark: null);
        var sealedPdf = await SealAsync(db, seal, pdf, identifier, null, r.AuditStream, r.Actor, r.CaseNumber, $"{r.Type.Name} {identifier}", ct);
        var file = await FileCatalog.StageGeneratedAsync(db, store, sealedPdf, $"{r.Type.Name}-{serial}.pdf", FileKind.Pdf, "certificate:" + certificate.Id, r.IssuedAt, ct);
        certificate.FileId = file.Id;
        certificate.Fingerprint = file.Sm3;
        db.Certificates.Add(certificate);
        return certificate;
    }

    /// <summary>The certificate's PDF before sealing, drawn from its record (a 加注件 adds its watermark).</summary>
    public byte[] Render(Certificate c, CertificateType type, string? watermark)
    {
        var face = JsonSerializer.Deserialize<Dictionary<string, string>>(c.FaceFieldsJson) ?? [];
        var rows = type.Fields.Select(f => (f.Label, face.GetValueOrDefault(f.Key) ?? "—")).ToList();
        return CertificatePdf.Render(new CertificateDocument(c.TypeName, c.Number, c.Identifier, rows, c.IssuerName, c.IssuedOn, c.ValidUntil, VerifyUrl(c.Identifier)), watermark);
    }

    /// <summary>Appends the identity line, signs it with the seal (audited) and appends the signature trailer.</summary>
    public async Task<byte[]> SealAsync(TongbanDb db, ReadySeal seal, byte[] pdf, string identifier, string? useCopyUntil, string stream, AuditActor actor,
        string? caseNumber, string what, CancellationToken ct)
    {
        var toSign = SignedPdf.ToSign(pdf, identifier, useCopyUntil);
        var signature = await seals.SignAsync(db, seal, toSign, stream, actor, caseNumber, what, ct);
        return SignedPdf.Seal(toSign, signature, seal.Certificate.GetEncoded());
    }

    public Task<ReadySeal> SealOfAsync(TongbanDb db, string departmentCode, CancellationToken ct) => seals.ForDepartmentAsync(db, departmentCode, ct);

    private static string RandomBase36(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
