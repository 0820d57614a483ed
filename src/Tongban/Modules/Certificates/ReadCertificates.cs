using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Files;

namespace Tongban.Modules.Certificates;

/// <summary>
/// 我的证照 (GET /api/me/certificates, the citizen or the card's person at a kiosk), one certificate (GET
/// /api/certificates/{id}), its sealed PDF and a 加注件 (use copy) watermarked for one purpose until a date.
/// </summary>
internal static class ReadCertificates
{
    public const int MaxPurposeLength = 40;

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Certificates");
        group.MapGet("/me/certificates", ListMine).RequireAuthorization(Policies.Citizen).Produces<List<CertificateSummaryDto>>()
            .WithName("ListMyCertificates").WithSummary("我的证照");
        group.MapGet("/certificates/{id:guid}", Get).RequireAuthorization(Policies.StaffOrCitizen).Produces<CertificateDto>().ProducesProblem(404)
            .WithName("GetCertificate").WithSummary("电子证照详情（照面信息、签章部门）");
        group.MapGet("/certificates/{id:guid}/file.pdf", File).RequireAuthorization(Policies.StaffOrCitizen)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(404).WithName("CertificatePdf").WithSummary("电子证照 PDF（含电子签章）");
        group.MapGet("/certificates/{id:guid}/use-copy.pdf", UseCopy).RequireAuthorization(Policies.Citizen)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithName("CertificateUseCopyPdf").WithSummary("加注件：注明用途和有效期的证照复制件");
    }

    internal static async Task<IResult> ListMine(HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var me = CitizenActor.From(http.User)!;
        var today = ChinaTime.Today(clock);
        var indexes = me.IdIndexes;
        var rows = await db.Certificates.AsNoTracking().Where(c => c.HolderKind == ApplicantKind.Person && indexes.Contains(c.HolderIdIndex))
            .OrderByDescending(c => c.IssuedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(c => CertificateAccess.Summary(c, today)).ToList());
    }

    private static IResult NotFound(Guid id) => Problems.NotFound("certificate.not_found", "证照不存在", $"找不到证照 {id}，或您无权查看。");

    /// <summary>The certificate when the caller may read it; a stranger learns nothing (404, not 403).</summary>
    private static async Task<Certificate?> ReadableAsync(TongbanDb db, HttpContext http, Guid id, CancellationToken ct)
    {
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return c is not null && await CertificateAccess.MayReadAsync(db, http.User, c, ct) ? c : null;
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        var c = await ReadableAsync(db, http, id, ct);
        if (c is null) return NotFound(id);
        var holder = CertificateAccess.IsHolder(c, http.User);
        if (!holder) await AuditReadAsync(http, db, audit, c, "查看电子证照", ct);
        return TypedResults.Ok(await CertificateAccess.DetailAsync(db, c, holder, ChinaTime.Today(clock), ct));
    }

    internal static async Task<IResult> File(Guid id, HttpContext http, TongbanDb db, FileCatalog files, AuditTrail audit, CancellationToken ct)
    {
        var c = await ReadableAsync(db, http, id, ct);
        if (c is null) return NotFound(id);
        if (!CertificateAccess.IsHolder(c, http.User)) await AuditReadAsync(http, db, audit, c, "下载电子证照 PDF", ct);
        var file = await files.FindAsync(c.FileId, ct);
        var stream = file is null ? null : await files.OpenReadAsync(file, ct);
        if (stream is null) return Problems.NotFound("certificate.file_missing", "文件缺失", "证照文件已丢失，请联系发证部门。");
        return TypedResults.File(stream, "application/pdf", $"{c.TypeName}-{c.Number}.pdf");
    }

    /// <summary>
    /// 加注件: the certificate drawn again with "仅供办理{purpose}使用，有效期至{until}" across it and sealed again with the issuing
    /// department's seal; the identity line names it a use copy until that date, so a verifier knows what it holds.
    /// </summary>
    internal static async Task<IResult> UseCopy(Guid id, string? purpose, DateOnly? until, HttpContext http, TongbanDb db, TimeProvider clock,
        CertificateIssuer issuer, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = ChinaTime.Today(clock);
        if (string.IsNullOrWhiteSpace(purpose)) errors.Add("purpose", "请填写用途（申请事由），例如“银行开户”");
        else if (purpose.Trim().Length > MaxPurposeLength) errors.Add("purpose", $"用途不能超过 {MaxPurposeLength} 个字");
        if (until is null) errors.Add("until", "请填写加注件有效期截止日期");
        else if (until < today) errors.Add("until", "截止日期不能早于今天");
        else if (until > today.AddYears(1)) errors.Add("until", "加注件有效期最长一年");
        if (errors.Any) return errors.ToResult();
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CertificateAccess.IsHolder(c, http.User)) return NotFound(id);
        if (c.StatusOn(today) != "valid")
            return Problems.Conflict("certificate.not_valid", "证照当前不可用", "证照已吊销、暂停或过期，不能生成加注件。");
        if (c.ValidUntil is { } end && until > end) return errors.Add("until", $"截止日期不能晚于证照有效期 {end:yyyy-MM-dd}").ToResult();
        var type = await db.CertificateTypes.AsNoTracking().FirstAsync(t => t.Code == c.TypeCode, ct);
        var untilText = until!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pdf = issuer.Render(c, type, $"仅供办理{purpose!.Trim()}使用，有效期至{untilText}");
        var seal = await issuer.SealOfAsync(db, c.IssuerDepartmentCode, ct);
        var actor = AuditActor.FromHttp(http);
        var sealedPdf = await issuer.SealAsync(db, seal, pdf, c.Identifier, untilText, AuditStreams.Of(actor), actor, c.CaseNumber, $"加注件 {c.Identifier}（{purpose.Trim()}）", ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.File(sealedPdf, "application/pdf", $"{c.TypeName}-{c.Number}-加注件.pdf");
    }

    /// <summary>Staff opening a person's certificate is a read of personal data: audited on the reader's own stream.</summary>
    private static Task AuditReadAsync(HttpContext http, TongbanDb db, AuditTrail audit, Certificate c, string what, CancellationToken ct)
    {
        var reader = AuditActor.FromHttp(http);
        return audit.RecordAsync(db, new AuditEvent(AuditStreams.Of(reader), reader, "certificate.read", c.CaseNumber, $"{what} {c.Identifier}"), ct);
    }
}
