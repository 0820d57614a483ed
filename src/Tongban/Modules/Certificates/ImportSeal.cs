using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Certificates;

/// <summary>
/// POST /api/admin/departments/{code}/seal/import — a seal issued elsewhere (by a provincial seal CA, say) replaces the
/// department's seal: an SM2 private key with its X.509 certificate, as PEM (PKCS#8 key + certificate, the issuer's
/// certificate after it or as a third file) or as PKCS#12 with its password. It must be SM2, the key must match the
/// certificate, the certificate must be in force today, and its issuer must be given (or it is self-signed), so verifiers
/// can chain it. The key is encrypted at rest like a generated one; the old seal is retired, not deleted, so what it
/// sealed still verifies.
/// </summary>
internal static class ImportSeal
{
    private const long MaxBytes = 64 * 1024;
    private static readonly ECDomainParameters Sm2 = new(GMNamedCurves.GetByName("sm2p256v1"));

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/departments/{code}/seal/import", Handle).RequireAuthorization(Policies.Admin).WithTags("Certificates").DisableAntiforgery()
            .Produces<DepartmentSealDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .WithName("ImportDepartmentSeal").WithSummary("导入外部签发的部门电子印章（PEM 或 PKCS#12）");

    private sealed record Material(AsymmetricKeyParameter Key, X509Certificate Certificate, List<X509Certificate> Others);

    internal static async Task<IResult> Handle(string code, HttpContext http, TongbanDb db, TimeProvider clock, SealKeyRing keys, AuditTrail audit, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);
        if (department is null) return Problems.NotFound("department.not_found", "部门不存在", $"没有部门 {code}。");
        var errors = new FieldErrors();
        if (!http.Request.HasFormContentType) return errors.Add("pkcs12", "请以 multipart/form-data 方式上传印章文件").ToResult();
        var form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = 4 * MaxBytes, ValueCountLimit = 8 }, ct);
        var (material, field) = await ReadAsync(form, errors, ct);
        if (material is null) return errors.ToResult();

        var now = clock.GetUtcNow();
        var certificate = material.Certificate;
        if (material.Key is not ECPrivateKeyParameters ec || !IsSm2(ec.Parameters))
            errors.Add(field.Key, "私钥不是 SM2 密钥（须为 sm2p256v1 曲线）");
        else if (certificate.GetPublicKey() is not ECPublicKeyParameters pub || !IsSm2(pub.Parameters))
            errors.Add(field.Certificate, "印章证书的公钥不是 SM2 公钥");
        else if (!Sm2Seal.Verify(pub, "tongban seal import"u8, Sm2Seal.Sign(ec, "tongban seal import"u8)))
            errors.Add(field.Key, "私钥与印章证书不匹配");
        if (certificate.NotAfter < now.UtcDateTime) errors.Add(field.Certificate, $"印章证书已于 {certificate.NotAfter:yyyy-MM-dd} 过期");
        else if (certificate.NotBefore > now.UtcDateTime) errors.Add(field.Certificate, $"印章证书 {certificate.NotBefore:yyyy-MM-dd} 才生效");
        if (certificate.GetKeyUsage() is { } usage && !(usage[0] || usage[1])) errors.Add(field.Certificate, "印章证书的密钥用法不含数字签名");
        if (errors.Any) return errors.ToResult();
        var issuer = IssuerOf(certificate, material.Others);
        if (issuer is null)
            return errors.Add("issuerCertificate", "缺少签发该印章证书的 CA 证书（或其签名无法验证）：请附上 CA 证书，以便核验方验证证书链").ToResult();

        var der = certificate.GetEncoded();
        if (await db.DepartmentSeals.Where(s => s.CertificateDer == der).Select(s => s.DepartmentName).FirstOrDefaultAsync(ct) is { } holder)
            // Verification finds a seal by its certificate: one certificate is one seal.
            return errors.Add(field.Certificate, $"该印章证书已登记为{holder}的电子印章").ToResult();
        var actor = AuditActor.FromHttp(http);
        var sequence = await db.DepartmentSeals.CountAsync(s => s.DepartmentCode == code, ct) + 1;
        var seal = new DepartmentSeal
        {
            SealCode = $"ES{department.Code}{sequence:000}", DepartmentCode = department.Code, DepartmentName = department.Name, CreditCode = department.CreditCode,
            CertificateDer = der, EncryptedPrivateKey = keys.Protect(Sm2Seal.PrivateKeyBytes(material.Key)),
            ValidFrom = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero), ValidTo = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero), CreatedAt = now,
            Source = SealSources.Imported, IssuerCertificateDer = issuer.GetEncoded(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Retired first, in its own statement: the one-seal-in-use index must never see two.
        await db.DepartmentSeals.Where(s => s.DepartmentCode == code && s.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RetiredAt, now), ct);
        db.DepartmentSeals.Add(seal);
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Of(actor), actor, "seal.import", null,
            $"导入{department.Name}电子印章 {seal.SealCode}（SM2，证书由 {issuer.SubjectDN} 签发，有效期至 {certificate.NotAfter:yyyy-MM-dd}）",
            After: System.Text.Json.JsonSerializer.Serialize(new { seal = seal.SealCode, subject = certificate.SubjectDN.ToString(), serial = certificate.SerialNumber.ToString(16) })), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/departments/{code}/seal", await GetDepartmentSeal.DtoAsync(db, seal, ct));
    }

    private sealed record Fields(string Key, string Certificate);

    private static async Task<(Material?, Fields)> ReadAsync(IFormCollection form, FieldErrors errors, CancellationToken ct)
    {
        if (form.Files.GetFile("pkcs12") is { } p12)
        {
            var fields = new Fields("pkcs12", "pkcs12");
            var bytes = await BytesAsync(p12, "pkcs12", errors, ct);
            if (bytes is null) return (null, fields);
            var password = form["password"].ToString();
            try
            {
                var store = new Pkcs12StoreBuilder().Build();
                store.Load(new MemoryStream(bytes), password.ToCharArray());
                var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry);
                if (alias is null)
                {
                    errors.Add("pkcs12", "PKCS#12 文件中没有私钥");
                    return (null, fields);
                }
                var chain = store.GetCertificateChain(alias)?.Select(c => c.Certificate).ToList() ?? [];
                var own = store.GetCertificate(alias)?.Certificate ?? chain.FirstOrDefault();
                if (own is null)
                {
                    errors.Add("pkcs12", "PKCS#12 文件中没有印章证书");
                    return (null, fields);
                }
                var others = chain.Where(c => !c.Equals(own)).Concat(store.Aliases.Where(a => !store.IsKeyEntry(a)).Select(a => store.GetCertificate(a).Certificate)).ToList();
                others.AddRange(await ExtraIssuerAsync(form, errors, ct));
                return (new Material(store.GetKey(alias).Key, own, others), fields);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Asn1.Asn1Exception or CryptoException)
            {
                errors.Add("password", "无法打开 PKCS#12 文件：密码错误或文件已损坏");
                return (null, fields);
            }
        }
        var pem = new Fields("privateKey", "certificate");
        var keyFile = form.Files.GetFile("privateKey");
        var certificateFile = form.Files.GetFile("certificate");
        if (keyFile is null) errors.Add("privateKey", "请上传 PKCS#8 PEM 私钥，或改为上传 PKCS#12 文件（字段 pkcs12）");
        if (certificateFile is null) errors.Add("certificate", "请上传 PEM 格式的印章证书");
        if (keyFile is null || certificateFile is null) return (null, pem);
        var keyBytes = await BytesAsync(keyFile, "privateKey", errors, ct);
        var certificateBytes = await BytesAsync(certificateFile, "certificate", errors, ct);
        if (keyBytes is null || certificateBytes is null) return (null, pem);
        var key = ReadPem(keyBytes).Select(o => o switch { AsymmetricCipherKeyPair p => p.Private, AsymmetricKeyParameter { IsPrivate: true } k => k, _ => null })
            .FirstOrDefault(k => k is not null);
        if (key is null) errors.Add("privateKey", "无法读取私钥：须为未加密的 PEM（-----BEGIN PRIVATE KEY-----）");
        var certificates = ReadPem(certificateBytes).OfType<X509Certificate>().ToList();
        if (certificates.Count == 0) errors.Add("certificate", "无法读取印章证书：须为 PEM（-----BEGIN CERTIFICATE-----）");
        var extra = await ExtraIssuerAsync(form, errors, ct);
        if (key is null || certificates.Count == 0) return (null, pem);
        return (new Material(key, certificates[0], [.. certificates.Skip(1), .. extra]), pem);
    }

    private static async Task<List<X509Certificate>> ExtraIssuerAsync(IFormCollection form, FieldErrors errors, CancellationToken ct)
    {
        if (form.Files.GetFile("issuerCertificate") is not { } file) return [];
        var bytes = await BytesAsync(file, "issuerCertificate", errors, ct);
        var found = bytes is null ? [] : ReadPem(bytes).OfType<X509Certificate>().ToList();
        if (bytes is not null && found.Count == 0) errors.Add("issuerCertificate", "无法读取 CA 证书：须为 PEM（-----BEGIN CERTIFICATE-----）");
        return found;
    }

    private static async Task<byte[]?> BytesAsync(IFormFile file, string field, FieldErrors errors, CancellationToken ct)
    {
        if (file.Length == 0 || file.Length > MaxBytes)
        {
            errors.Add(field, file.Length == 0 ? "文件为空" : $"文件不能超过 {MaxBytes / 1024} KB");
            return null;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static List<object> ReadPem(byte[] bytes)
    {
        var found = new List<object>();
        try
        {
            using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(bytes));
            var pem = new Org.BouncyCastle.OpenSsl.PemReader(reader);
            while (pem.ReadObject() is { } o) found.Add(o);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Asn1.Asn1Exception or
            Org.BouncyCastle.OpenSsl.PemException or Org.BouncyCastle.OpenSsl.PasswordException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            // What was read before the bad block is kept; nothing usable is reported by the caller.
        }
        return found;
    }

    private static bool IsSm2(ECDomainParameters parameters) => parameters.Curve.Equals(Sm2.Curve) && parameters.G.Equals(Sm2.G) && parameters.N.Equals(Sm2.N);

    /// <summary>The certificate that signed <paramref name="certificate"/>: itself when self-signed, else one of <paramref name="candidates"/>.</summary>
    private static X509Certificate? IssuerOf(X509Certificate certificate, IEnumerable<X509Certificate> candidates)
    {
        foreach (var candidate in candidates.Prepend(certificate))
        {
            if (!candidate.SubjectDN.Equivalent(certificate.IssuerDN)) continue;
            try
            {
                certificate.Verify(candidate.GetPublicKey());
                return candidate;
            }
            catch (Exception e) when (e is Org.BouncyCastle.Security.GeneralSecurityException or CryptoException or Org.BouncyCastle.Security.InvalidKeyException or ArgumentException)
            {
                // Same name, other key: keep looking.
            }
        }
        return null;
    }
}
