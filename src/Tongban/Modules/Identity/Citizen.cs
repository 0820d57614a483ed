using System.Security.Claims;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

/// <summary>
/// 群众账号: logs in with a mobile number and an SMS code. The first login binds the real name and
/// the resident ID number (实名绑定); from then on the ID number is how their cases and their material
/// library are found. Both identifiers are encrypted at rest and found through blind indexes.
/// </summary>
internal sealed class Citizen : IHasBlindIndexes
{
    public int Id { get; init; }
    public required string Mobile { get; set; }
    public string MobileIndex { get; set; } = "";
    public required string Name { get; set; }
    public required string IdNumber { get; set; }
    public string IdIndex { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Both identifiers can change (实名绑定, a new number), so both indexes follow every save.</summary>
    public void UpdateBlindIndexes(bool isNew)
    {
        MobileIndex = PersonalData.BlindIndex(Mobile);
        IdIndex = PersonalData.BlindIndex(IdNumber);
    }
}

/// <summary>
/// One SMS login code (短信验证码): six digits, valid for a few minutes, single use. Only a keyed hash
/// of the code is stored, so a copy of the database does not log anyone in.
/// </summary>
internal sealed class LoginCode
{
    public long Id { get; init; }
    public required string MobileIndex { get; init; }
    public required string CodeHash { get; init; }
    /// <summary>The requesting IP address, for the per-IP sending limit.</summary>
    public string? Ip { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Wrong codes in a row for one mobile number; five lock the number for a while.</summary>
internal sealed class CitizenLoginGuard
{
    public required string MobileIndex { get; init; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>The logged-in citizen as claims: the blind index of the ID number, never the number.</summary>
internal static class CitizenPrincipal
{
    public static ClaimsPrincipal For(Citizen citizen, Claim session) => new(new ClaimsIdentity(
    [
        new(ClaimTypes.NameIdentifier, citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, citizen.Name),
        new(TongbanClaims.CitizenId, citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // The blind index, not the number: what the claims carry in the cookie reveals nothing.
        new(TongbanClaims.IdIndex, citizen.IdIndex),
        CitizenActor.IndexesClaim(citizen.IdNumber),
        new(TongbanClaims.ActorKind, "citizen"),
        session,
    ], SecuritySetup.Scheme, ClaimTypes.Name, ClaimTypes.Role));
}
