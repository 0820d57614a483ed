using System.Security.Claims;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

/// <summary>工作人员: logs in with a password; scoped to a department and/or a service point.</summary>
internal sealed class StaffUser
{
    public int Id { get; init; }
    public required string Username { get; init; }
    public required string Name { get; set; }
    public string PasswordHash { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public string? DepartmentCode { get; set; }
    public string? ServicePointCode { get; set; }
    public string? Mobile { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Unused since issue 16 (logins are throttled, accounts never locked). Kept, not dropped: on SQLite dropping
    /// a column rebuilds the table outside the migration's transaction; a later release drops both.</summary>
    public int FailedLoginCount { get; set; }
    /// <inheritdoc cref="FailedLoginCount"/>
    public DateTimeOffset? LockoutEndsAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
}

/// <summary>The signed-in staff member as claims: who, which roles, and the department or service point they act for.</summary>
internal static class StaffPrincipal
{
    public static ClaimsPrincipal For(StaffUser user, Claim session)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Username),
            new(ClaimTypes.Name, user.Name),
            new(TongbanClaims.StaffId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(TongbanClaims.ActorKind, "staff"),
            session,
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (user.DepartmentCode is not null) claims.Add(new(TongbanClaims.Department, user.DepartmentCode));
        if (user.ServicePointCode is not null) claims.Add(new(TongbanClaims.ServicePoint, user.ServicePointCode));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SecuritySetup.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
