using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Crypto;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Identity;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Certificates;

/// <param name="HolderName">Masked (张*).</param>
internal sealed record VerificationDto(bool Valid, string? Status = null, string? Identifier = null, string? TypeName = null, string? IssuerName = null,
    DateTimeOffset? IssuedAt = null, DateOnly? ValidUntil = null, string? HolderName = null, string? Fingerprint = null, string? StatusReason = null);

internal sealed record FileVerificationDto(bool Valid, string? Reason = null, string? Identifier = null, string? Status = null, string? TypeName = null,
    string? IssuerName = null, string? HolderName = null, DateOnly? UseCopyUntil = null);

/// <summary>
/// Public verifications one network may make per minute: a fixed-window counter row per network and minute in the
/// database (one atomic upsert), so every node behind the proxy counts against the same limit.
/// </summary>
internal sealed class VerificationThrottle(TimeProvider clock, IOptions<CertificateOptions> options)
{
    public async Task<bool> AllowAsync(HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        var key = StaffLoginThrottling.AddressKey(http.Connection.RemoteIpAddress);
        if (key.Length > 64) key = key[..64];
        var count = await db.Database.SqlQuery<int>($"""
            INSERT INTO certificate_verification_windows (address_key, minute, count) VALUES ({key}, {minute}, 1)
            ON CONFLICT (address_key, minute) DO UPDATE SET count = certificate_verification_windows.count + 1
            RETURNING count AS "Value"
            """).ToListAsync(ct);
        // The first verification of a network in a minute also clears windows long past, so the table stays small.
        if (count[0] == 1) await db.Database.ExecuteSqlAsync($"DELETE FROM certificate_verification_windows WHERE minute < {minute - 10}", ct);
        return count[0] <= options.Value.VerificationsPerAddressPerMinute;
    }

    public IResult TooMany(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "60";
        return Problems.Of(StatusCodes.Status429TooManyRequests, "certificate.too_many_verifications", "核验过于频繁",
            $"同一网络每分钟最多核验 {options.Value.VerificationsPerAddressPerMinute} 次，请稍后再试。");
    }
}

/// <summary>
/// 在线核验, by anyone: GET /api/public/certificates/verify?identifier= (what the QR page asks) and POST
/// /api/public/certificates/verify-file (an uploaded PDF: its signature, its seal certificate's chain to the seal CA, and
/// the registry must all agree). Names are masked; nothing else about the holder is told.
/// </summary>
internal static class VerifyCertificate
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/public/certificates").AllowAnonymous().WithTags("Certificates");
        group.MapGet("/verify", ByIdentifier).Produces<VerificationDto>().ProducesProblem(429)
            .WithName("VerifyCertificate").WithSummary("电子证照在线核验（按证照标识）");
        group.MapPost("/verify-file", ByFile).Produces<FileVerificationDto>().ProducesValidationProblem().ProducesProblem(413).ProducesProblem(429)
            .DisableAntiforgery().WithName("VerifyCertificateFile").WithSummary("电子证照文件核验（验证电子签章与登记状态）");
    }

    internal static async Task<IResult> ByIdentifier(string? identifier, HttpContext http, TongbanDb db, TimeProvider clock, VerificationThrottle throttle, CancellationToken ct)
    {
        if (!await throttle.AllowAsync(http, db, ct)) return throttle.TooMany(http);
        if (string.IsNullOrWhiteSpace(identifier) || identifier.Length > 120) return TypedResults.Ok(new VerificationDto(false));
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Identifier == identifier.Trim(), ct);
        if (c is null) return TypedResults.Ok(new VerificationDto(false));
        var status = c.StatusOn(ChinaTime.Today(clock));
        return TypedResults.Ok(new VerificationDto(status == "valid", status, c.Identifier, c.TypeName, c.IssuerName, c.IssuedAt, c.ValidUntil,
            PersonName.Mask(c.HolderName), c.Fingerprint, status is "revoked" or "suspended" ? c.StatusReason : null));
    }

    internal static async Task<IResult> ByFile(HttpContext http, TongbanDb db, TimeProvider clock, VerificationThrottle throttle, IOptions<CertificateOptions> options, CancellationToken ct)
    {
        if (!await throttle.AllowAsync(http, db, ct)) return throttle.TooMany(http);
        var max = options.Value.MaxVerifyFileBytes;
        if (http.Request.ContentLength > max + 64 * 1024) return TooLarge(max);
        if (!http.Request.HasFormContentType) return new FieldErrors().Add("file", "请以 multipart/form-data 方式上传证照 PDF，文件字段名为 file").ToResult();
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = max + 64 * 1024, ValueCountLimit = 4 }, ct);
        }
        catch (InvalidDataException)
        {
            return TooLarge(max);
        }
        var upload = form.Files.GetFile("file");
        if (upload is null || upload.Length == 0) return new FieldErrors().Add("file", "请选择要核验的证照 PDF 文件").ToResult();
        if (upload.Length > max) return TooLarge(max);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await upload.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        return TypedResults.Ok(await CheckAsync(db, bytes, clock, ct));
    }

    private static IResult TooLarge(long max) => Problems.Of(StatusCodes.Status413PayloadTooLarge, "file.too_large", "文件过大", $"核验的文件不能超过 {max / 1024 / 1024} MB。");

    /// <summary>The whole verification of a sealed PDF: format, signature, seal certificate and its chain, registry.</summary>
    public static async Task<FileVerificationDto> CheckAsync(TongbanDb db, byte[] file, TimeProvider clock, CancellationToken ct)
    {
        if (file.Length < 5 || !file.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) return new FileVerificationDto(false, "不是 PDF 文件");
        var (parts, problem) = SignedPdf.Split(file);
        if (parts is null) return new FileVerificationDto(false, problem);
        Org.BouncyCastle.X509.X509Certificate signer;
        try
        {
            signer = Sm2Seal.ParseCertificate(parts.CertificateDer);
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.Certificates.CertificateException or IOException or ArgumentException or Org.BouncyCastle.Asn1.Asn1Exception)
        {
            return new FileVerificationDto(false, "签章证书无法解析，文件可能已被修改", parts.Identifier);
        }
        if (signer is null) return new FileVerificationDto(false, "签章证书无法解析，文件可能已被修改", parts.Identifier);
        if (!Sm2Seal.Verify(signer.GetPublicKey(), parts.SignedBytes, parts.Signature))
            return new FileVerificationDto(false, "电子签章验证失败：文件内容在签章后被修改", parts.Identifier);
        var der = parts.CertificateDer;
        var seal = await db.DepartmentSeals.AsNoTracking().Where(s => s.CertificateDer == der).FirstOrDefaultAsync(ct);
        if (seal is null) return new FileVerificationDto(false, "签章证书不是本平台登记的部门电子印章", parts.Identifier);
        var authority = await SealRegistry.IssuerCertificateAsync(db, seal, ct);
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Identifier == parts.Identifier, ct);
        var signedAt = c?.SealedAt ?? clock.GetUtcNow();
        if (authority is null || !Sm2Seal.ChainsTo(signer, authority, signedAt))
            return new FileVerificationDto(false, "签章证书未由电子印章制章机构签发，或签章时证书不在有效期内", parts.Identifier);
        if (c is null)
        {
            var caseNumber = parts.Identifier.StartsWith("letter:", StringComparison.Ordinal) ? parts.Identifier["letter:".Length..] : "";
            var fingerprint = Sm3.HashHex(file);
            var letter = await db.SealedLetters.AsNoTracking().FirstOrDefaultAsync(l => l.CaseNumber == caseNumber && l.Fingerprint == fingerprint, ct);
            return letter is null
                ? new FileVerificationDto(false, "证照库中没有这个证照标识", parts.Identifier)
                : new FileVerificationDto(true, null, parts.Identifier, "valid", letter.Title, seal.DepartmentName);
        }
        if (c.SealId != seal.Id) return new FileVerificationDto(false, "签章部门与证照登记的发证部门不一致", c.Identifier);
        var today = ChinaTime.Today(clock);
        var status = c.StatusOn(today);
        var holder = PersonName.Mask(c.HolderName);
        DateOnly? useCopyUntil = null;
        if (parts.UseCopyUntil is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", out var until)) return new FileVerificationDto(false, "加注件有效期格式错误", c.Identifier);
            useCopyUntil = until;
            if (until < today) return new FileVerificationDto(false, $"加注件已于 {text} 过期", c.Identifier, status, c.TypeName, c.IssuerName, holder, until);
        }
        else if (Sm3.HashHex(file) != c.Fingerprint)
            return new FileVerificationDto(false, "文件与证照库登记的文件指纹不一致", c.Identifier, status, c.TypeName, c.IssuerName, holder);
        var reason = status switch
        {
            "revoked" => "证照已吊销" + (c.StatusReason is null ? "" : "：" + c.StatusReason),
            "suspended" => "证照已暂停使用" + (c.StatusReason is null ? "" : "：" + c.StatusReason),
            "expired" => $"证照已于 {c.ValidUntil:yyyy-MM-dd} 过期",
            _ => null,
        };
        return new FileVerificationDto(status == "valid", reason, c.Identifier, status, c.TypeName, c.IssuerName, holder, useCopyUntil);
    }
}
