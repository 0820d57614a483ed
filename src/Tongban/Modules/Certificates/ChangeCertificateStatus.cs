using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Certificates;

internal sealed record CertificateStatusRequest(string? Reason);

/// <summary>
/// POST /api/certificates/{id}/revoke | suspend | reinstate | renew — by the issuing department's reviewers and approvers,
/// always with a reason, audited; verification reflects it at once (it reads the registry). Renewal issues a new
/// certificate (new identifier, same face, a new validity) linked to the one it replaces, which is revoked as replaced.
/// </summary>
internal static class ChangeCertificateStatus
{
    public const int MaxReasonLength = 500;

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/certificates/{id:guid}").RequireAuthorization(Policies.Staff).WithTags("Certificates");
        foreach (var (verb, summary) in new[] { ("revoke", "吊销电子证照"), ("suspend", "暂停电子证照"), ("reinstate", "恢复电子证照"), ("renew", "换发电子证照（延续）") })
            group.MapPost("/" + verb, (Guid id, CertificateStatusRequest request, HttpContext http, TongbanDb db, TimeProvider clock, CertificateIssuer issuer, AuditTrail audit, CancellationToken ct) =>
                    Handle(verb, id, request, http, db, clock, issuer, audit, ct))
                .Produces<CertificateDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
                .WithName("Certificate" + char.ToUpperInvariant(verb[0]) + verb[1..]).WithSummary(summary);
    }

    internal static async Task<IResult> Handle(string verb, Guid id, CertificateStatusRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        CertificateIssuer issuer, AuditTrail audit, CancellationToken ct)
    {
        var staff = StaffActor.From(http.User)!;
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0) return new FieldErrors().Add("reason", "请填写原因").ToResult();
        if (reason.Length > MaxReasonLength) return new FieldErrors().Add("reason", $"原因不能超过 {MaxReasonLength} 个字").ToResult();
        var c = await db.Certificates.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await CertificateAccess.StaffMayReadAsync(db, staff, c, ct))
            return Problems.NotFound("certificate.not_found", "证照不存在", $"找不到证照 {id}，或您无权查看。");
        if (!CertificateAccess.MayChangeStatus(staff, c))
            return Problems.Of(StatusCodes.Status403Forbidden, "certificate.forbidden", "无权变更该证照", "只有发证部门的审核、审批人员可以吊销、暂停、恢复或换发证照。");
        var now = ChinaTime.ToStoredPrecision(clock.GetUtcNow());
        var today = ChinaTime.DateOf(now);
        var before = c.StatusOn(today);
        var actor = AuditActor.FromHttp(http);
        Certificate? renewed = null;
        switch (verb)
        {
            case "revoke" when c.Status == CertificateStatus.Revoked:
                return Problems.Conflict("certificate.already_revoked", "证照已吊销", "已吊销的证照不能再变更。");
            case "revoke":
                c.Status = CertificateStatus.Revoked;
                break;
            case "suspend" when c.Status != CertificateStatus.Valid:
                return Problems.Conflict("certificate.not_valid", "证照不是有效状态", "只有有效的证照可以暂停。");
            case "suspend":
                c.Status = CertificateStatus.Suspended;
                break;
            case "reinstate" when c.Status != CertificateStatus.Suspended:
                return Problems.Conflict("certificate.not_suspended", "证照未暂停", "只有暂停的证照可以恢复。");
            case "reinstate":
                c.Status = CertificateStatus.Valid;
                break;
            default:
                if (c.Status == CertificateStatus.Revoked) return Problems.Conflict("certificate.already_revoked", "证照已吊销", "已吊销的证照不能换发。");
                if (await db.Certificates.AnyAsync(x => x.ReplacesId == c.Id, ct)) return Problems.Conflict("certificate.already_renewed", "证照已换发", "该证照已换发过新证。");
                var type = await db.CertificateTypes.AsNoTracking().FirstAsync(t => t.Code == c.TypeCode, ct);
                var face = JsonSerializer.Deserialize<Dictionary<string, string>>(c.FaceFieldsJson) ?? [];
                renewed = await issuer.IssueAsync(db, new IssueRequest(type, c.IssuerDepartmentCode, new CertificateHolder(c.HolderKind, c.HolderName, c.HolderIdNumber),
                    face, now, type.ValidityMonths is { } months ? today.AddMonths(months).AddDays(-1) : null, "renewal", c.CaseNumber, c.Id, actor, AuditStreams.Of(actor)), ct);
                c.Status = CertificateStatus.Revoked;
                reason = "换发新证：" + reason;
                break;
        }
        c.StatusReason = reason;
        c.StatusChangedAt = now;
        c.StatusChangedBy = staff.Name;
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Of(actor), actor, "certificate." + verb, c.CaseNumber, $"{Verb(verb)}电子证照 {c.Identifier}：{reason}",
            Before: JsonSerializer.Serialize(new { status = before }), After: JsonSerializer.Serialize(new { status = c.StatusOn(today), renewedTo = renewed?.Identifier })), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await CertificateAccess.DetailAsync(db, renewed ?? c, holder: false, today, ct));
    }

    private static string Verb(string verb) => verb switch { "revoke" => "吊销", "suspend" => "暂停", "reinstate" => "恢复", _ => "换发" };
}

internal sealed record DepartmentSealDto(string SealId, string Name, string DepartmentCode, string CertificatePem, string AuthorityCertificatePem,
    DateTimeOffset ValidFrom, DateTimeOffset ValidTo, string Source);

/// <summary>GET /api/departments/{code}/seal — the public part of a department's e-seal: its certificate and the seal CA's, to verify offline.</summary>
internal static class GetDepartmentSeal
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/departments/{code}/seal", Handle).AllowAnonymous().WithTags("Certificates").Produces<DepartmentSealDto>().ProducesProblem(404)
            .WithName("GetDepartmentSeal").WithSummary("部门电子印章（公开部分：签章证书与制章机构证书）");

    internal static async Task<IResult> Handle(string code, TongbanDb db, CancellationToken ct)
    {
        var seal = await SealRegistry.InUseAsync(db, code, ct);
        if (seal is null) return Problems.NotFound("seal.not_found", "电子印章不存在", $"部门 {code} 还没有电子印章（首次签发证照时制作）。");
        return TypedResults.Ok(await DtoAsync(db, seal, ct));
    }

    internal static async Task<DepartmentSealDto> DtoAsync(TongbanDb db, DepartmentSeal seal, CancellationToken ct)
    {
        var authority = await SealRegistry.IssuerCertificateAsync(db, seal, ct);
        return new DepartmentSealDto(seal.SealCode, seal.DepartmentName + "电子印章", seal.DepartmentCode,
            Sm2Seal.Pem(Sm2Seal.ParseCertificate(seal.CertificateDer)), authority is null ? "" : Sm2Seal.Pem(authority), seal.ValidFrom, seal.ValidTo, seal.Source);
    }
}
