using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases.Changes;

/// <summary>
/// What just happened to a case: it was filed (<see cref="Action"/> is null) or an action ran on it. The use case
/// that changed the case records it once; <see cref="CaseChangeDispatcher"/> hands it to every module's handlers
/// before the save, so their reactions commit in the same transaction as the change.
/// </summary>
internal sealed record CaseChange(
    Case Case,
    CaseAction? Action,
    CaseStatus? StatusBefore,
    int StepsBefore,
    CaseActor Actor,
    bool ByStaff,
    AuditActor AuditActor,
    BusinessCalendar Calendar,
    DateTimeOffset At)
{
    public bool IsFiling => Action is null;

    /// <summary>Filing counts as a change of status (from nothing to submitted).</summary>
    public bool StatusChanged => IsFiling || StatusBefore != Case.Status;

    /// <summary>The item version's material requirements, when the use case has them at hand.</summary>
    public IReadOnlyDictionary<string, MaterialRequirement>? Requirements { get; init; }

    public static CaseChange Filed(Case c, CaseActor actor, bool byStaff, AuditActor auditActor, BusinessCalendar calendar,
        IReadOnlyDictionary<string, MaterialRequirement> requirements) =>
        new(c, null, null, 0, actor, byStaff, auditActor, calendar, c.SubmittedAt) { Requirements = requirements };

    public async Task<IReadOnlyDictionary<string, MaterialRequirement>> RequirementsAsync(TongbanDb db, CancellationToken ct) =>
        Requirements ?? await db.MaterialRequirements.AsNoTracking().Where(m => m.ItemVersionId == Case.ItemVersionId).ToDictionaryAsync(m => m.Code, ct);
}

/// <summary>
/// A module's reaction to a case change. It runs inside the changing request's unit of work: it may add or change
/// rows through the given context but must not save; if it throws, the change and every reaction roll back.
/// Handlers are independent of each other and run in registration order.
/// </summary>
internal interface ICaseChangeHandler
{
    Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct);
}
