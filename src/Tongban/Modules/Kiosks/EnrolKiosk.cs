using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Kiosks;

internal sealed record KioskEnrolmentCode(string EnrolmentCode, DateTimeOffset ExpiresAt);

internal sealed record EnrolKioskRequest(string? KioskCode, string? EnrolmentCode);

internal sealed record KioskDeviceToken(string DeviceToken);

/// <summary>
/// 终端登记: an admin issues a one-time enrolment code for a kiosk (POST /api/admin/kiosks/{kioskCode}/enrolment), the
/// kiosk exchanges it for its device token (POST /api/kiosk/enrol), and the admin can revoke the device (DELETE …):
/// its token and every citizen session on it stop working at the next request. Only hashes of codes and tokens are kept.
/// </summary>
internal static class EnrolKiosk
{
    // No 0/O, 1/I/L: the code is read off a screen and typed on a touch keyboard.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 8;

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/kiosks").WithTags("Kiosks").RequireAuthorization(Policies.Admin);
        admin.MapPost("/{kioskCode}/enrolment", Issue).Produces<KioskEnrolmentCode>(StatusCodes.Status201Created).ProducesProblem(403).ProducesProblem(404)
            .WithName("IssueKioskEnrolmentCode").WithSummary("生成自助终端一次性登记码");
        admin.MapDelete("/{kioskCode}/enrolment", Revoke).Produces(StatusCodes.Status204NoContent).ProducesProblem(403).ProducesProblem(404)
            .WithName("RevokeKioskDevice").WithSummary("吊销自助终端（其凭证与会话立即失效）");
        api.MapPost("/kiosk/enrol", Enrol).AllowAnonymous().WithTags("Kiosks").Produces<KioskDeviceToken>().ProducesValidationProblem().ProducesProblem(429)
            .WithName("EnrolKiosk").WithSummary("自助终端以登记码换取设备凭证");
    }

    internal static async Task<IResult> Issue(string kioskCode, HttpContext http, TongbanDb db, TimeProvider clock, IOptions<KioskOptions> options, AuditTrail audit, CancellationToken ct)
    {
        if (!await db.Kiosks.AnyAsync(k => k.Code == kioskCode, ct)) return NoSuchKiosk(kioskCode);
        var now = clock.GetUtcNow();
        var lifetime = options.Value.EnrolmentCodeLifetime > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : options.Value.EnrolmentCodeLifetime;
        var code = new string(RandomNumberGenerator.GetItems<char>(CodeAlphabet, CodeLength));
        var device = await db.KioskDevices.FirstOrDefaultAsync(d => d.KioskCode == kioskCode, ct);
        if (device is null) db.KioskDevices.Add(device = new KioskDevice { KioskCode = kioskCode });
        // A new code replaces an unused one; an enrolled device keeps working until the code is used or it is revoked.
        device.EnrolmentCodeHash = CodeHash(kioskCode, code);
        device.EnrolmentExpiresAt = now + lifetime;
        await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), AuditActor.FromHttp(http), "kiosk.enrolment_issued", null,
            $"为自助终端 {kioskCode} 生成登记码，有效至 {device.EnrolmentExpiresAt:yyyy-MM-dd HH:mm} (UTC)"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/kiosks/{kioskCode}/enrolment", new KioskEnrolmentCode(code, device.EnrolmentExpiresAt.Value));
    }

    internal static async Task<IResult> Enrol(EnrolKioskRequest request, HttpContext http, TongbanDb db, TimeProvider clock, KioskSessionClosing closing, AuditTrail audit,
        IOptions<SecurityOptions> security, ILogger<KioskDevice> log, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("kioskCode", request.KioskCode, "终端编号");
        errors.Required("enrolmentCode", request.EnrolmentCode, "登记码");
        if (errors.Any) return errors.ToResult();
        var kioskCode = request.KioskCode!.Trim();
        var now = clock.GetUtcNow();
        // Guessing a code is slowed like guessing a password (per address, per kiosk there, per kiosk), never locked out.
        var keys = StaffLoginThrottling.KeysFor("kiosk-enrolment:" + kioskCode, http);
        if (await StaffLoginThrottling.WaitAsync(db, keys, now, ct) is { } wait) return StaffLoginThrottling.TooManyAttempts(wait, "登记");
        var device = await db.KioskDevices.FirstOrDefaultAsync(d => d.KioskCode == kioskCode, ct);
        // Unknown kiosk, wrong, used and expired codes answer alike: the code field is what is wrong.
        if (device?.EnrolmentCodeHash is null || device.EnrolmentExpiresAt <= now
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(device.EnrolmentCodeHash),
                System.Text.Encoding.ASCII.GetBytes(CodeHash(kioskCode, request.EnrolmentCode!.Trim().ToUpperInvariant()))))
        {
            await StaffLoginThrottling.RecordFailureAsync(db, keys, now, security.Value, log, ct);
            return errors.Add("enrolmentCode", "登记码无效、已使用或已过期，请管理员重新生成").ToResult();
        }
        var token = KioskAuthenticationHandler.NewToken();
        device.EnrolmentCodeHash = null;
        device.EnrolmentExpiresAt = null;
        device.TokenHash = KioskAuthenticationHandler.Hash(token);
        device.EnrolledAt = now;
        device.RevokedAt = null;
        // A re-enrolled device starts with no sessions of its former credential.
        await closing.EndAsync(db.KioskSessions.Where(s => s.KioskCode == kioskCode), "enrolled", now, ct);
        await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), KioskAudit.Device(http, kioskCode), "kiosk.enrolled", null,
            $"自助终端 {kioskCode} 完成登记"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new KioskDeviceToken(token));
    }

    internal static async Task<IResult> Revoke(string kioskCode, HttpContext http, TongbanDb db, TimeProvider clock, KioskSessionClosing closing, AuditTrail audit, CancellationToken ct)
    {
        if (!await db.Kiosks.AnyAsync(k => k.Code == kioskCode, ct)) return NoSuchKiosk(kioskCode);
        var now = clock.GetUtcNow();
        var device = await db.KioskDevices.FirstOrDefaultAsync(d => d.KioskCode == kioskCode, ct);
        if (device is not null)
        {
            device.TokenHash = null;
            device.EnrolmentCodeHash = null;
            device.EnrolmentExpiresAt = null;
            device.RevokedAt = now;
        }
        var ended = await closing.EndAsync(db.KioskSessions.Where(s => s.KioskCode == kioskCode), "revoked", now, ct);
        await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), AuditActor.FromHttp(http), "kiosk.revoked", null,
            $"吊销自助终端 {kioskCode}，结束会话 {ended} 个"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }


    // Keyed (the personal-data index key): a copy of the database cannot try all 31^8 codes offline.
    private static string CodeHash(string kioskCode, string code) => PersonalData.BlindIndex("kiosk-enrolment:" + kioskCode + ":" + code);

    internal static IResult NoSuchKiosk(string kioskCode) => Problems.NotFound("kiosk.not_found", "自助终端不存在", $"没有编号为 {kioskCode} 的自助终端。");
}
