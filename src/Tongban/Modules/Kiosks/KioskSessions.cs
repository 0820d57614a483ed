using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Kiosks;

/// <summary>What the ID-card reader (二代证阅读器) read from the card.</summary>
internal sealed record StartKioskSessionRequest(string? IdNumber, string? Name, string? Gender, DateOnly? BirthDate, string? Address, DateOnly? ValidUntil, string? Issuer);

internal sealed record KioskPerson(string Name, string IdNumber);

internal sealed record KioskSessionStarted(string SessionToken, DateTimeOffset ExpiresAt, KioskPerson Person)
{
    /// <summary>The kiosk's own service point: offered first when the person chooses where to collect the result.</summary>
    public string? ServicePointCode { get; init; }
}

/// <summary>
/// A citizen's session at a kiosk: a card placed opens it (POST /api/kiosk/sessions, by the device), the card removed or
/// 结束办理 ends it (DELETE /api/kiosk/sessions/current), and so do 60 s without a request and the device's revocation;
/// <see cref="KioskSessionClosing"/> then discards what it scanned but did not submit.
/// The session acts as the card's person on the citizen endpoints (their cases, their materials, a kiosk application).
/// </summary>
internal static class KioskSessions
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/kiosk/sessions", Start).RequireAuthorization(Policies.KioskDevice).WithTags("Kiosks")
            .Produces<KioskSessionStarted>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403)
            .WithName("StartKioskSession").WithSummary("放置身份证，开始自助办理");
        api.MapDelete("/kiosk/sessions/current", End).RequireAuthorization(Policies.KioskSession).WithTags("Kiosks")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(403)
            .WithName("EndKioskSession").WithSummary("取走身份证或结束办理");
    }

    internal static async Task<IResult> Start(StartKioskSessionRequest request, HttpContext http, TongbanDb db, TimeProvider clock, IOptions<KioskOptions> options,
        KioskSessionClosing closing, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = ChinaTime.Today(clock);
        var idCheck = ResidentIdNumber.Validate(request.IdNumber, today);
        if (!idCheck.IsValid) errors.Add("idNumber", idCheck.Message!, idCheck.Rule!);
        errors.Required("name", request.Name, "姓名");
        if (request.ValidUntil is { } validUntil && validUntil < today)
            errors.Add("validUntil", $"身份证已于 {validUntil:yyyy-MM-dd} 过期，请使用有效期内的身份证", "expired");
        if (errors.Any) return errors.ToResult("无法读取有效的身份证，请检查后重新放置");

        var kioskCode = KioskClaims.KioskCodeOf(http.User)!;
        var idNumber = ResidentIdNumber.Normalize(request.IdNumber!);
        var idIndex = PersonalData.BlindIndex(idNumber);
        var idIndexes = PersonalData.BlindIndexes(idNumber);
        var now = clock.GetUtcNow();
        // One card at a time: a new card ends whatever session the device still had (the last person is gone).
        await closing.EndAsync(db.KioskSessions.Where(s => s.KioskCode == kioskCode), "next-card", now, ct);
        var token = KioskAuthenticationHandler.NewToken();
        var session = new KioskSession
        {
            Id = KioskAuthenticationHandler.Hash(token), KioskCode = kioskCode, PersonName = request.Name!.Trim(), IdNumber = idNumber, IdIndex = idIndex,
            CitizenId = await db.Citizens.Where(c => idIndexes.Contains(c.IdIndex)).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct),
            CreatedAt = now, LastSeenAt = now,
        };
        db.KioskSessions.Add(session);
        await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), KioskAudit.Device(http, kioskCode), "kiosk.session_started", null,
            $"{PersonName.Mask(session.PersonName)} 放置身份证，开始办理"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/kiosk/sessions/current", new KioskSessionStarted(token, now + options.Value.SessionIdleTimeout,
            new KioskPerson(PersonName.Mask(session.PersonName), ResidentIdNumber.Mask(idNumber)))
        {
            ServicePointCode = await db.Kiosks.AsNoTracking().Where(k => k.Code == kioskCode).Select(k => k.ServicePointCode).FirstOrDefaultAsync(ct),
        });
    }

    internal static async Task<IResult> End(HttpContext http, TongbanDb db, TimeProvider clock, KioskSessionClosing closing, AuditTrail audit, CancellationToken ct)
    {
        var kioskCode = KioskClaims.KioskCodeOf(http.User)!;
        var sessionId = KioskClaims.SessionOf(http.User)!;
        var now = clock.GetUtcNow();
        await closing.EndAsync(db.KioskSessions.Where(s => s.Id == sessionId), "ended", now, ct);
        await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), KioskAudit.Device(http, kioskCode), "kiosk.session_ended", null, "结束办理"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
