using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Cases;

internal sealed record CaseListRow(string CaseNumber, string ItemCode, string ItemName, CaseStatus Status, ApplicationChannel Channel,
    string ApplicantName, string ServicePointCode, string DepartmentCode, DateTimeOffset SubmittedAt, DateOnly? PromisedDueDate,
    int? RemainingWorkingDays, string? AwaitingRole);

/// <summary>
/// Workbench tab numbers: 待办, 已办 and 全部 (each capped at <see cref="Paging.CountCap"/>: a larger number reads as "10000+"),
/// and the open cases by status (closed statuses are not counted: they pile up forever).
/// </summary>
internal sealed record CaseCounts(int Todo, int Done, int All, IReadOnlyDictionary<string, int> ByStatus);

/// <summary>
/// GET /api/cases — staff queues, paged, newest first, scoped to what the caller may see.
/// view=todo: what awaits the caller's roles (待办); view=done: cases the caller has handled (已办).
/// GET /api/cases/counts — the numbers on the workbench tabs.
/// </summary>
internal static class ListCases
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/cases", Handle).RequireAuthorization(Policies.CaseWork).Produces<Paged<CaseListRow>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("ListCases").WithSummary("办件列表（待办、已办、查询）");
        api.MapGet("/cases/counts", Counts).RequireAuthorization(Policies.CaseWork).Produces<CaseCounts>().ProducesProblem(403)
            .WithName("CountCases").WithSummary("待办、已办及各状态办件数");
    }

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, CalendarService calendars, TimeProvider clock, string? status, string? department,
        string? servicePoint, string? item, string? q, bool? mine, string? view, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, SearchItems.MaxPageSize, (field, message) => errors.Add(field, message));
        CaseStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)) statusFilter = s;
            else errors.Add("status", "未知的办件状态");
        }
        if (view is not (null or "" or "todo" or "done" or "all")) errors.Add("view", "视图只能是 todo（待办）、done（已办）或 all");
        if (errors.Any) return errors.ToResult();

        var query = CaseScope.Apply(db.Cases.AsNoTracking(), actor);
        if (view == "todo") query = Todo(query, actor);
        if (view == "done") query = query.Where(c => db.CaseSteps.Any(s => s.CaseId == c.Id && s.HandlerStaffId == actor.Id));
        if (statusFilter is { } sf) query = query.Where(c => c.Status == sf);
        if (!string.IsNullOrWhiteSpace(department)) query = query.Where(c => c.DepartmentCode == department);
        if (!string.IsNullOrWhiteSpace(servicePoint)) query = query.Where(c => c.ServicePointCode == servicePoint);
        if (!string.IsNullOrWhiteSpace(item)) query = query.Where(c => c.ItemCode == item);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(c => c.Number.StartsWith(q.Trim()));
        if (mine == true) query = query.Where(c => c.SubmittedByStaffId == actor.Id);

        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        // 待办 is worked oldest first (first come, first served); other views show the newest first.
        var ordered = view == "todo" ? query.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id) : query.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id);
        var rows = await ordered.Skip(Paging.Skip(p, size)).Take(size)
            .Select(c => new { c.Number, c.ItemCode, c.ItemName, c.Status, c.Channel, c.ApplicantKind, c.ApplicantName, c.ServicePointCode, c.DepartmentCode, c.SubmittedAt, c.PromisedDueDate, c.AwaitingRole })
            .ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(clock);
        var items = rows.Select(r => new CaseListRow(r.Number, r.ItemCode, r.ItemName, r.Status, r.Channel,
            r.ApplicantKind == ApplicantKind.Person ? Validation.PersonName.Mask(r.ApplicantName) : r.ApplicantName,
            r.ServicePointCode, r.DepartmentCode, r.SubmittedAt, r.PromisedDueDate,
            r.PromisedDueDate is { } due && CaseView.IsOpen(r.Status) ? CaseClock.Remaining(calendar, due, today) : null, r.AwaitingRole)).ToList();
        return TypedResults.Ok(new Paged<CaseListRow>(items, total, p, size, capped));
    }

    /// <summary>What awaits the caller: the window's cases for clerks, the department's review/approval steps for reviewers and approvers.</summary>
    internal static IQueryable<Case> Todo(IQueryable<Case> cases, StaffActor actor)
    {
        var point = actor.IsIn(StaffRoles.Clerk) ? actor.ServicePointCode : null;
        var department = actor.DepartmentCode;
        var reviews = department is not null && (actor.IsIn(StaffRoles.Reviewer) || actor.IsIn(StaffRoles.Approver));
        var approves = department is not null && actor.IsIn(StaffRoles.Approver);
        return cases.Where(c =>
            (point != null && c.ServicePointCode == point && (c.AwaitingRole == QueueRoles.Clerk || c.AwaitingRole == QueueRoles.Handler))
            || (reviews && c.DepartmentCode == department && (c.AwaitingRole == QueueRoles.Reviewer || c.AwaitingRole == QueueRoles.Handler))
            || (approves && c.DepartmentCode == department && c.AwaitingRole == QueueRoles.Approver));
    }

    internal static async Task<IResult> Counts(HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var scoped = CaseScope.Apply(db.Cases.AsNoTracking(), actor);
        var (todo, _) = await Paging.CountCappedAsync(Todo(scoped, actor), ct);
        var (done, _) = await Paging.CountCappedAsync(scoped.Where(c => db.CaseSteps.Any(s => s.CaseId == c.Id && s.HandlerStaffId == actor.Id)), ct);
        // 全部 lists closed cases too, so its number must count them: the sum of the open statuses read 0 beside 已办 101.
        var (all, _) = await Paging.CountCappedAsync(scoped, ct);
        // Open statuses only: closed cases pile up forever and counting them would read the whole table.
        CaseStatus[] open = [.. Enum.GetValues<CaseStatus>().Where(CaseView.IsOpen)];
        var byStatus = await scoped.Where(c => open.Contains(c.Status)).GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return TypedResults.Ok(new CaseCounts(todo, done, all, byStatus.ToDictionary(x => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(x.Key.ToString()), x => x.Count)));
    }
}
