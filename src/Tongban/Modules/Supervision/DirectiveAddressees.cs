using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Supervision;

/// <summary>
/// Who a 督办 is addressed to, in one place for its SMS, the live feed's "yours to answer" and the answer's check: the
/// handling staff (clerk, reviewer, approver) of the alert's owner — the department for department rules, the window's
/// clerks for window rules — and never the directive's sender, whatever roles the sender also holds there.
/// </summary>
internal static class DirectiveAddressees
{
    /// <summary>Whether the staff member belongs to the handling side of the alert (the sender is excluded by <see cref="Answers"/>).</summary>
    public static bool Handles(StaffActor actor, SupervisionAlert alert) =>
        SupervisionRules.OwnerOf(alert.RuleCode) == RuleOwner.Department
            ? actor.DepartmentCode == alert.DepartmentCode && StaffRoles.Handling.Any(actor.IsIn)
            : actor.ServicePointCode == alert.ServicePointCode && actor.IsIn(StaffRoles.Clerk);

    /// <summary>Whether the staff member is to answer this directive: on the handling side and not its sender.</summary>
    public static bool Answers(StaffActor actor, SupervisionAlert alert, SupervisionDirective directive) =>
        directive.SentByStaffId != actor.Id && Handles(actor, alert);

    /// <summary>
    /// Whom the directive's SMS goes to: the person the alert was issued to when they still handle it, else the whole
    /// handling side; the sender never.
    /// </summary>
    public static async Task<List<StaffDirectory.Person>> NotifiedAsync(StaffDirectory staff, SupervisionAlert alert, int senderId, CancellationToken ct)
    {
        var side = SupervisionRules.OwnerOf(alert.RuleCode) == RuleOwner.Department
            ? (await staff.DepartmentAsync(alert.DepartmentCode, ct)).Where(p => StaffRoles.Handling.Any(p.Roles.Contains))
            : (await staff.PointAsync(alert.ServicePointCode, ct)).Where(p => p.Roles.Contains(StaffRoles.Clerk));
        var people = side.Where(p => p.Id != senderId).ToList();
        return alert.IssuedToStaffId is { } issued && people.FirstOrDefault(p => p.Id == issued) is { } person ? [person] : people;
    }
}
