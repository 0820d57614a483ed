namespace Tongban.Modules.Identity;

/// <summary>Staff roles; a user may hold several.</summary>
internal static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Clerk = "Clerk";
    public const string Reviewer = "Reviewer";
    public const string Approver = "Approver";
    public const string Supervisor = "Supervisor";
    public const string Analyst = "Analyst";

    public static readonly IReadOnlyList<string> All = [Admin, Clerk, Reviewer, Approver, Supervisor, Analyst];
}

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
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockoutEndsAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    public bool IsLockedOut(DateTimeOffset now) => LockoutEndsAt is { } end && end > now;
}
