using System.Security.Claims;

namespace Tongban.Infrastructure.Security;

/// <summary>The logged-in citizen as the rules see them.</summary>
internal sealed record CitizenActor(int Id, string Name, string IdIndex)
{
    public static CitizenActor? From(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(TongbanClaims.ActorKind) != "citizen") return null;
        var id = user.FindFirstValue(TongbanClaims.CitizenId);
        var index = user.FindFirstValue(TongbanClaims.IdIndex);
        return id is null || index is null ? null
            : new CitizenActor(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), user.FindFirstValue(ClaimTypes.Name) ?? "", index);
    }
}
