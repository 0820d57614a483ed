using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Kiosks;

/// <summary>Tongban:Kiosks — the device and session clocks.</summary>
internal sealed class KioskOptions
{
    public const string Section = "Tongban:Kiosks";
    /// <summary>How long a one-time enrolment code is valid (at most 24 h).</summary>
    public TimeSpan EnrolmentCodeLifetime { get; set; } = TimeSpan.FromHours(24);
    /// <summary>A citizen's session at a kiosk ends after this long without a request (sliding).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A device without a heartbeat for this long is offline and, in office hours, alerted to its point's staff.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>Off in tests that drive <see cref="KioskWatcher.ScanAsync"/> themselves.</summary>
    public bool WatchInBackground { get; set; } = true;
    /// <summary>How often the watcher looks for silent or paperless devices.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The kiosk scheme: <c>X-Kiosk-Device: &lt;device token&gt;</c> makes a kiosk-device principal; with
/// <c>X-Kiosk-Session: &lt;session token&gt;</c> too, the citizen whose card opened that session on that device.
/// Both are checked in the database on every request, so a revocation or an idle timeout counts at the next request on
/// every node; a valid session request slides its idle clock.
/// </summary>
internal sealed class KioskAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TongbanDb db, TimeProvider clock, IOptions<KioskOptions> kiosks) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string DeviceHeader = SecuritySetup.KioskDeviceHeader;
    public const string SessionHeader = "X-Kiosk-Session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var deviceToken = Request.Headers[DeviceHeader].ToString().Trim();
        if (deviceToken.Length == 0) return AuthenticateResult.NoResult();
        var tokenHash = Hash(deviceToken);
        var ct = Context.RequestAborted;
        var device = await db.KioskDevices.AsNoTracking().Where(d => d.TokenHash == tokenHash && d.RevokedAt == null)
            .Select(d => new { d.KioskCode, Point = db.Kiosks.Where(k => k.Code == d.KioskCode).Select(k => k.ServicePointCode).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (device is null) return AuthenticateResult.Fail("Unknown or revoked kiosk device.");
        var kioskCode = device.KioskCode;

        var sessionToken = Request.Headers[SessionHeader].ToString().Trim();
        if (sessionToken.Length == 0)
            return Success(new ClaimsIdentity(
            [
                new(ClaimTypes.NameIdentifier, kioskCode), new(ClaimTypes.Name, kioskCode),
                new(TongbanClaims.ActorKind, KioskClaims.DeviceKind), new(TongbanClaims.KioskCode, kioskCode),
            ], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));

        var now = clock.GetUtcNow();
        var idleSince = now - kiosks.Value.SessionIdleTimeout;
        var sessionId = Hash(sessionToken);
        // One statement checks and slides: open, on this device, and used within the idle timeout.
        var touched = await db.KioskSessions.Where(s => s.Id == sessionId && s.KioskCode == kioskCode && s.EndedAt == null && s.LastSeenAt > idleSince)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        if (touched == 0) return AuthenticateResult.Fail("The kiosk session has ended.");
        var session = await db.KioskSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var citizenId = (session.CitizenId ?? 0).ToString(CultureInfo.InvariantCulture);
        return Success(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, citizenId), new(ClaimTypes.Name, session.PersonName),
            new(TongbanClaims.CitizenId, citizenId), new(TongbanClaims.IdIndex, session.IdIndex), CitizenActor.IndexesClaim(session.IdNumber),
            new(TongbanClaims.ActorKind, "citizen"), new(TongbanClaims.KioskCode, kioskCode), new(TongbanClaims.KioskSession, session.Id),
            new(TongbanClaims.KioskIdNumber, session.IdNumber),
            .. device.Point is null ? Array.Empty<Claim>() : [new Claim(TongbanClaims.ServicePoint, device.Point)],
        ], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
    }

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));

    /// <summary>The stored form of a device or session token (256 random bits: a plain hash is enough), 32 hex characters.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32];

    /// <summary>A new random 256-bit token, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static class KioskClaims
{
    public const string DeviceKind = "kiosk-device";

    public static string? KioskCodeOf(ClaimsPrincipal user) => user.FindFirstValue(TongbanClaims.KioskCode);

    public static string? SessionOf(ClaimsPrincipal user) => user.FindFirstValue(TongbanClaims.KioskSession);
}
