using System.Security.Claims;

namespace Tongban.Infrastructure.Security;

/// <summary>The logged-in citizen as the rules see them.</summary>
/// <remarks>At a kiosk, <see cref="Kiosk"/> is the card session; <see cref="Id"/> is then the person's portal account, or 0 without one.</remarks>
internal sealed record CitizenActor(int Id, string Name, string IdIndex, KioskSeat? Kiosk = null)
{
    /// <summary>Every blind index the person's rows may carry (SM3 and, until `keys rotate`, HMAC-SHA-256): match with IN.</summary>
    public IReadOnlyList<string> IdIndexes { get; init; } = [IdIndex];

    public static CitizenActor? From(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(TongbanClaims.ActorKind) != "citizen") return null;
        var id = user.FindFirstValue(TongbanClaims.CitizenId);
        var index = user.FindFirstValue(TongbanClaims.IdIndex);
        return id is null || index is null ? null
            : new CitizenActor(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), user.FindFirstValue(ClaimTypes.Name) ?? "", index,
                user.FindFirstValue(TongbanClaims.KioskSession) is { } session
                    ? new KioskSeat(session, user.FindFirstValue(TongbanClaims.KioskCode)!, user.FindFirstValue(TongbanClaims.ServicePoint), user.FindFirstValue(TongbanClaims.KioskIdNumber)!)
                    : null) { IdIndexes = IndexesOf(user, index) };
    }

    private static string[] IndexesOf(ClaimsPrincipal user, string index) =>
        user.FindFirstValue(TongbanClaims.IdIndexes) is { Length: > 0 } all ? [.. all.Split(',').Append(index).Distinct()] : [index];

    /// <summary>The claim of every blind index of <paramref name="idNumber"/>.</summary>
    public static Claim IndexesClaim(string idNumber) => new(TongbanClaims.IdIndexes, string.Join(',', PersonalData.BlindIndexes(idNumber)));
}

/// <summary>
/// A citizen's card session at a kiosk: the session, the kiosk and its service point, and the card's ID number (built
/// from the database on each request, never sent to the client, so the number travels in no token or cookie).
/// </summary>
internal sealed record KioskSeat(string SessionId, string KioskCode, string? ServicePointCode, string IdNumber);
