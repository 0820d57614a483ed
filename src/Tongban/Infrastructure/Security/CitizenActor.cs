using System.Security.Claims;

namespace Tongban.Infrastructure.Security;

/// <summary>The logged-in citizen as the rules see them.</summary>
/// <remarks>At a kiosk, <see cref="Kiosk"/> is the card session; <see cref="Id"/> is then the person's portal account, or 0 without one.</remarks>
internal sealed record CitizenActor(int Id, string Name, string IdIndex, KioskSeat? Kiosk = null)
{
    public static CitizenActor? From(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(TongbanClaims.ActorKind) != "citizen") return null;
        var id = user.FindFirstValue(TongbanClaims.CitizenId);
        var index = user.FindFirstValue(TongbanClaims.IdIndex);
        return id is null || index is null ? null
            : new CitizenActor(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), user.FindFirstValue(ClaimTypes.Name) ?? "", index,
                user.FindFirstValue(TongbanClaims.KioskSession) is { } session
                    ? new KioskSeat(session, user.FindFirstValue(TongbanClaims.KioskCode)!, user.FindFirstValue(TongbanClaims.ServicePoint), user.FindFirstValue(TongbanClaims.KioskIdNumber)!)
                    : null);
    }
}

/// <summary>
/// A citizen's card session at a kiosk: the session, the kiosk and its service point, and the card's ID number (built
/// from the database on each request, never sent to the client, so the number travels in no token or cookie).
/// </summary>
internal sealed record KioskSeat(string SessionId, string KioskCode, string? ServicePointCode, string IdNumber);
