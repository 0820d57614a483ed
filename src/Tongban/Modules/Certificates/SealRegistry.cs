using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Certificates;

/// <summary>A seal ready to sign: its record, its certificate and (only inside this module) its private key.</summary>
internal sealed record ReadySeal(DepartmentSeal Seal, X509Certificate Certificate, Org.BouncyCastle.Crypto.AsymmetricKeyParameter PrivateKey);

/// <summary>
/// The seal CA and the departments' seals, created at first need. Creation runs in a unit of work of its own, before the
/// caller's: two first uses at once race on a unique index and the loser reads the winner's seal, without failing the
/// caller's change. Every signature is made here and audited.
/// </summary>
internal sealed class SealRegistry(IServiceScopeFactory scopes, SealKeyRing keys, TimeProvider clock, IOptions<CertificateOptions> options, AuditTrail audit)
{
    /// <summary>The department's seal, created (with the region's CA when missing) on first use.</summary>
    public async Task<ReadySeal> ForDepartmentAsync(TongbanDb db, string departmentCode, CancellationToken ct)
    {
        var seal = await InUseAsync(db, departmentCode, ct)
            ?? await CreateAsync(departmentCode, ct)
            ?? await db.DepartmentSeals.AsNoTracking().FirstAsync(s => s.DepartmentCode == departmentCode && s.RetiredAt == null, ct);
        return new ReadySeal(seal, Sm2Seal.ParseCertificate(seal.CertificateDer), Sm2Seal.PrivateKeyFrom(keys.Unprotect(seal.EncryptedPrivateKey)));
    }

    /// <summary>The department's seal in use (not retired), if it has one.</summary>
    public static Task<DepartmentSeal?> InUseAsync(TongbanDb db, string departmentCode, CancellationToken ct) =>
        db.DepartmentSeals.AsNoTracking().FirstOrDefaultAsync(s => s.DepartmentCode == departmentCode && s.RetiredAt == null, ct);

    /// <summary>The certificate <paramref name="seal"/>'s certificate must chain to: its own issuer for an imported seal, else the region's seal CA.</summary>
    public static async Task<X509Certificate?> IssuerCertificateAsync(TongbanDb db, DepartmentSeal seal, CancellationToken ct)
    {
        if (seal.IssuerCertificateDer is { } der) return Sm2Seal.ParseCertificate(der);
        var region = await db.Departments.AsNoTracking().Where(d => d.Code == seal.DepartmentCode).Select(d => d.RegionCode).FirstAsync(ct);
        return await AuthorityCertificateAsync(db, region, ct);
    }

    public static async Task<X509Certificate?> AuthorityCertificateAsync(TongbanDb db, string regionCode, CancellationToken ct)
    {
        var der = await db.SealAuthorities.AsNoTracking().Where(a => a.RegionCode == regionCode).Select(a => a.CertificateDer).FirstOrDefaultAsync(ct);
        return der is null ? null : Sm2Seal.ParseCertificate(der);
    }

    /// <summary>
    /// Signs <paramref name="data"/> with the seal (SM3withSM2) and appends the audit entry of the use to the caller's unit of
    /// work: on <paramref name="stream"/>, the case's or the actor's own, so sealing adds no shared hot spot.
    /// </summary>
    public async Task<byte[]> SignAsync(TongbanDb db, ReadySeal seal, byte[] data, string stream, AuditActor actor, string? caseNumber, string what, CancellationToken ct)
    {
        var signature = Sm2Seal.Sign(seal.PrivateKey, data);
        await audit.AppendAsync(db, new AuditEvent(stream, actor, "seal.sign", caseNumber,
            $"使用电子印章 {seal.Seal.SealCode}（{seal.Seal.DepartmentName}）签章：{what}",
            After: System.Text.Json.JsonSerializer.Serialize(new { seal = seal.Seal.SealCode, sm3 = Infrastructure.Crypto.Sm3.HashHex(data) })), ct);
        return signature;
    }

    private async Task<DepartmentSeal?> CreateAsync(string departmentCode, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Code == departmentCode, ct)
            ?? throw new InvalidOperationException($"No department {departmentCode} to make a seal for.");
        var now = clock.GetUtcNow();
        var authority = await AuthorityAsync(db, department.RegionCode, now, ct);
        var authorityKey = Sm2Seal.PrivateKeyFrom(keys.Unprotect(authority.EncryptedPrivateKey));
        var authorityCertificate = Sm2Seal.ParseCertificate(authority.CertificateDer);
        var pair = Sm2Seal.NewKeyPair();
        var validTo = now.AddYears(options.Value.SealValidityYears);
        if (validTo > authority.ValidTo) validTo = authority.ValidTo;
        var certificate = Sm2Seal.Certificate(Sm2Seal.Name(department.Name + "电子印章", department.Name), pair.Public,
            authorityCertificate.SubjectDN.ToString(), authorityKey, now.AddMinutes(-5), validTo, isAuthority: false);
        var seal = new DepartmentSeal
        {
            SealCode = "ES" + department.Code + "001", DepartmentCode = department.Code, DepartmentName = department.Name, CreditCode = department.CreditCode,
            CertificateDer = certificate.GetEncoded(), EncryptedPrivateKey = keys.Protect(Sm2Seal.PrivateKeyBytes(pair.Private)),
            ValidFrom = now.AddMinutes(-5), ValidTo = validTo, CreatedAt = now,
        };
        db.DepartmentSeals.Add(seal);
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.System, AuditActor.System, "seal.create", null,
            $"制作{department.Name}电子印章 {seal.SealCode}（SM2，证书由{authority.Name}签发）"), ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return seal;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) || e.Entries.Any(x => x.Entity is IContendedRow))
        {
            return null;
        }
    }

    private async Task<SealAuthority> AuthorityAsync(TongbanDb db, string regionCode, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.SealAuthorities.AsNoTracking().FirstOrDefaultAsync(a => a.RegionCode == regionCode, ct);
        if (existing is not null) return existing;
        var region = await db.Regions.AsNoTracking().Where(r => r.Code == regionCode).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? regionCode;
        var pair = Sm2Seal.NewKeyPair();
        var name = Sm2Seal.Name($"{region}电子印章制章机构", $"{region}行政服务中心");
        var certificate = Sm2Seal.Certificate(name, pair.Public, name, pair.Private, now.AddMinutes(-5), now.AddYears(20), isAuthority: true);
        var authority = new SealAuthority
        {
            RegionCode = regionCode, Name = $"{region}电子印章制章机构", CertificateDer = certificate.GetEncoded(),
            EncryptedPrivateKey = keys.Protect(Sm2Seal.PrivateKeyBytes(pair.Private)), ValidFrom = now.AddMinutes(-5), ValidTo = now.AddYears(20), CreatedAt = now,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var own = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            own.SealAuthorities.Add(authority);
            await audit.AppendAsync(own, new AuditEvent(AuditStreams.System, AuditActor.System, "seal.create_authority", null, $"创建{authority.Name}（SM2 自签名根证书）"), ct);
            try
            {
                await own.SaveChangesAsync(ct);
                return authority;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) || e.Entries.Any(x => x.Entity is IContendedRow))
            {
                // Another node made it first.
            }
        }
        return await db.SealAuthorities.AsNoTracking().FirstAsync(a => a.RegionCode == regionCode, ct);
    }
}
