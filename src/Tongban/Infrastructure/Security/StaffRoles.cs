namespace Tongban.Infrastructure.Security;

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
