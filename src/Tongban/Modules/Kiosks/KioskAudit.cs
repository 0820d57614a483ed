using Tongban.Modules.Audit;

namespace Tongban.Modules.Kiosks;

/// <summary>Each kiosk's actions (enrolment, revocation, health changes, sessions) go to its own audit stream, "kiosk:K01".</summary>
internal static class KioskAudit
{
    public static string Stream(string kioskCode) => "kiosk:" + kioskCode;

    /// <summary>The device itself as the actor (it is not a person).</summary>
    public static AuditActor Device(HttpContext http, string kioskCode) =>
        new(AuditActor.KioskKind, kioskCode, "自助终端 " + kioskCode, null, http.Connection.RemoteIpAddress?.ToString(), "kiosk");
}
