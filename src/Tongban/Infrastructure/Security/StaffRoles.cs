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

    /// <summary>Roles that work on cases and may read them (in their scope): every role but the analyst's, who sees figures, not people (ADR 0011).</summary>
    public static readonly IReadOnlyList<string> CaseWork = [Admin, Clerk, Reviewer, Approver, Supervisor];

    /// <summary>Roles that handle cases (收件、审核、审批): the ones a 督办 is addressed to and who answer it.</summary>
    public static readonly IReadOnlyList<string> Handling = [Clerk, Reviewer, Approver];
}
