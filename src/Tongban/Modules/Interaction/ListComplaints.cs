using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Interaction;

internal sealed record ComplaintDto(string Number, string Kind, string KindName, string? CaseNumber, string? DepartmentCode, string? DepartmentName,
    string Text, string Channel, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? AssignedAt, DateOnly? ReplyDueDate, bool Overdue,
    string? Reply, DateTimeOffset? RepliedAt, string? RepliedByName, DateTimeOffset? ClosedAt, bool? Resolved, string? MaskedMobile);

/// <summary>
/// GET /api/complaints?status= — supervisors and administrators see all; a department sees those assigned to it.
/// GET /api/complaints/{number}; GET /api/me/complaints — the citizen's own.
/// </summary>
internal static class ListComplaints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/complaints", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Interaction")
            .Produces<Paged<ComplaintDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("ListComplaints").WithSummary("投诉建议列表（监察和管理员为全部，部门为交办给本部门的）");
        api.MapGet("/complaints/{number}", Get).RequireAuthorization(Policies.CaseWorkOrCitizen).WithTags("Interaction")
            .Produces<ComplaintDto>().ProducesProblem(403).ProducesProblem(404)
            .WithName("GetComplaint").WithSummary("投诉建议详情");
        api.MapGet("/me/complaints", Mine).RequireAuthorization(Policies.Citizen).WithTags("Interaction")
            .Produces<Paged<ComplaintDto>>().ProducesValidationProblem()
            .WithName("ListMyComplaints").WithSummary("我的投诉建议");
    }

    internal static IQueryable<Complaint> Scope(IQueryable<Complaint> all, StaffActor actor)
    {
        if (!CaseScope.WorksOnCases(actor)) return all.Where(_ => false);
        if (CaseScope.SeesAll(actor)) return all;
        var department = actor.DepartmentCode;
        return department is null ? all.Where(_ => false) : all.Where(c => c.DepartmentCode == department && c.Status != ComplaintStatus.Submitted);
    }

    internal static async Task<IResult> Handle(string? status, string? kind, int? page, int? pageSize, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        var query = Scope(db.Set<Complaint>().AsNoTracking(), StaffActor.From(http.User)!);
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        switch (status)
        {
            case null or "" or "all": break;
            case "submitted": query = query.Where(c => c.Status == ComplaintStatus.Submitted); break;
            case "assigned": query = query.Where(c => c.Status == ComplaintStatus.Assigned); break;
            case "replied": query = query.Where(c => c.Status == ComplaintStatus.Replied); break;
            case "closed": query = query.Where(c => c.Status == ComplaintStatus.Closed); break;
            case "overdue": query = query.Where(c => c.Status == ComplaintStatus.Assigned && c.ReplyDueDate < today); break;
            default: errors.Add("status", "状态只能是 submitted、assigned、replied、closed、overdue 或 all"); break;
        }
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (FileComplaint.ParseKind(kind) is { } k) query = query.Where(c => c.Kind == k);
            else errors.Add("kind", "类型只能是 complaint、suggestion 或 praise");
        }
        if (errors.Any) return errors.ToResult();
        return TypedResults.Ok(await PageAsync(db, query, p, size, today, staff: true, ct));
    }

    internal static async Task<IResult> Get(string number, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var query = db.Set<Complaint>().AsNoTracking().Where(c => c.Number == number);
        var citizen = CitizenActor.From(http.User);
        query = citizen is not null ? query.Where(c => c.CitizenId == citizen.Id) : Scope(query, StaffActor.From(http.User)!);
        var found = await query.FirstOrDefaultAsync(ct);
        if (found is null) return NotFound(number);
        var names = await ListConsultations.DepartmentNamesAsync(db, found.DepartmentCode is null ? [] : [found.DepartmentCode], ct);
        return TypedResults.Ok(ToDto(found, names, ChinaTime.DateOf(clock.GetUtcNow()), staff: citizen is null));
    }

    internal static async Task<IResult> Mine(int? page, int? pageSize, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        if (errors.Any) return errors.ToResult();
        var citizen = CitizenActor.From(http.User)!;
        return TypedResults.Ok(await PageAsync(db, db.Set<Complaint>().AsNoTracking().Where(c => c.CitizenId == citizen.Id), p, size,
            ChinaTime.DateOf(clock.GetUtcNow()), staff: false, ct));
    }

    private static async Task<Paged<ComplaintDto>> PageAsync(TongbanDb db, IQueryable<Complaint> query, int page, int size, DateOnly today, bool staff, CancellationToken ct)
    {
        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        var rows = await query.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id).Skip(Paging.Skip(page, size)).Take(size).ToListAsync(ct);
        var names = await ListConsultations.DepartmentNamesAsync(db, rows.Where(r => r.DepartmentCode is not null).Select(r => r.DepartmentCode!), ct);
        return new Paged<ComplaintDto>([.. rows.Select(r => ToDto(r, names, today, staff))], total, page, size, capped);
    }

    internal static ComplaintDto ToDto(Complaint c, IReadOnlyDictionary<string, string> departments, DateOnly today, bool staff) =>
        new(c.Number, c.Kind.ToString().ToLowerInvariant(), FileComplaint.KindName(c.Kind), c.CaseNumber, c.DepartmentCode,
            c.DepartmentCode is null ? null : departments.GetValueOrDefault(c.DepartmentCode, c.DepartmentCode), c.Text, c.Channel,
            c.Status.ToString().ToLowerInvariant(), c.SubmittedAt, c.AssignedAt, c.ReplyDueDate,
            c.Status == ComplaintStatus.Assigned && c.ReplyDueDate < today, c.Reply, c.RepliedAt, staff ? c.RepliedByName : null, c.ClosedAt, c.Resolved,
            c.Mobile is null ? null : MobileNumber.Mask(c.Mobile));

    internal static IResult NotFound(string number) =>
        Problems.NotFound("complaint.not_found", "投诉建议不存在", $"找不到 {number}，或您无权查看。");
}
