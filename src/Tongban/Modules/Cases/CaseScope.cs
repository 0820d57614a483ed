using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Cases;

/// <summary>
/// Who sees which cases: center-wide case roles (admin, supervisor) see all; others their point or department. Analysts
/// see no case at all (figures, not people: ADR 0011) — the endpoints' CaseWork policy says so first, this again.
/// </summary>
internal static class CaseScope
{
    public static bool SeesAll(StaffActor actor) =>
        actor.IsIn(StaffRoles.Admin) || actor.IsIn(StaffRoles.Supervisor);

    /// <summary>Whether the staff member holds a role that reads cases at all.</summary>
    public static bool WorksOnCases(StaffActor actor) => StaffRoles.CaseWork.Any(actor.IsIn);

    public static bool CanSee(StaffActor actor, string servicePointCode, string departmentCode) =>
        WorksOnCases(actor) && (SeesAll(actor)
        || (actor.ServicePointCode is not null && actor.ServicePointCode == servicePointCode)
        || (actor.DepartmentCode is not null && actor.DepartmentCode == departmentCode));

    public static IQueryable<Case> Apply(IQueryable<Case> cases, StaffActor actor)
    {
        if (!WorksOnCases(actor)) return cases.Where(_ => false);
        if (SeesAll(actor)) return cases;
        var point = actor.ServicePointCode;
        var department = actor.DepartmentCode;
        if (point is null && department is null) return cases.Where(_ => false);
        return cases.Where(c => (point != null && c.ServicePointCode == point) || (department != null && c.DepartmentCode == department));
    }

    /// <summary>
    /// The cases the actor works on: their service point's or their department's. The applicant's documents are opened
    /// there only; center-wide roles (admin, supervision, statistics) watch cases without reading what people handed in.
    /// </summary>
    public static IQueryable<Case> WorkedOnBy(IQueryable<Case> cases, StaffActor actor)
    {
        var point = actor.ServicePointCode;
        var department = actor.DepartmentCode;
        if (point is null && department is null) return cases.Where(_ => false);
        return cases.Where(c => (point != null && c.ServicePointCode == point) || (department != null && c.DepartmentCode == department));
    }

    /// <summary>
    /// 多点受理、受办分离: a result the applicant chose to collect at another service point waits there once completed;
    /// that point's clerks may open the case and hand the result over, nothing else (they do not read its documents).
    /// </summary>
    public static bool HandsOverAt(StaffActor actor, string? pickupPointCode, string? deliveryMethod, CaseStatus status) =>
        actor.IsIn(StaffRoles.Clerk) && actor.ServicePointCode is not null && actor.ServicePointCode == pickupPointCode
        && deliveryMethod == "pickup" && status == CaseStatus.Completed;

    /// <summary>The in-memory twin of <see cref="WorkedOnBy"/> for one case.</summary>
    public static bool WorksOn(StaffActor actor, string servicePointCode, string departmentCode) =>
        (actor.ServicePointCode is not null && actor.ServicePointCode == servicePointCode)
        || (actor.DepartmentCode is not null && actor.DepartmentCode == departmentCode);
}
