using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Interaction;

/// <summary>A question as staff and its asker see it (the mobile masked; the answering clerk's name for staff only).</summary>
internal sealed record ConsultationDto(string Number, string DepartmentCode, string DepartmentName, string? ItemCode, string? ItemName, string Question,
    string Status, DateTimeOffset AskedAt, DateOnly DueDate, bool Overdue, string? Answer, DateTimeOffset? AnsweredAt, string? AnsweredByName,
    bool Published, string? MaskedMobile);

/// <summary>
/// GET /api/consultations?status= — the department's questions (center-wide for supervisors and administrators), oldest
/// open first; GET /api/consultations/{number}; GET /api/me/consultations — the citizen's own.
/// </summary>
internal static class ListConsultations
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/consultations", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Interaction")
            .Produces<Paged<ConsultationDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("ListConsultations").WithSummary("网上咨询列表（本部门；监察和管理员为全部）");
        api.MapGet("/consultations/{number}", Get).RequireAuthorization(Policies.CaseWorkOrCitizen).WithTags("Interaction")
            .Produces<ConsultationDto>().ProducesProblem(403).ProducesProblem(404)
            .WithName("GetConsultation").WithSummary("网上咨询详情（本部门工作人员，或提问的群众本人）");
        api.MapGet("/me/consultations", Mine).RequireAuthorization(Policies.Citizen).WithTags("Interaction")
            .Produces<Paged<ConsultationDto>>().ProducesValidationProblem()
            .WithName("ListMyConsultations").WithSummary("我的咨询");
    }

    /// <summary>What a staff member may see: their department's questions, or all for the center-wide roles.</summary>
    internal static IQueryable<Consultation> Scope(IQueryable<Consultation> all, StaffActor actor)
    {
        if (!CaseScope.WorksOnCases(actor)) return all.Where(_ => false);
        if (CaseScope.SeesAll(actor)) return all;
        var department = actor.DepartmentCode;
        return department is null ? all.Where(_ => false) : all.Where(c => c.DepartmentCode == department);
    }

    internal static async Task<IResult> Handle(string? status, string? q, int? page, int? pageSize, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        var query = Scope(db.Set<Consultation>().AsNoTracking(), StaffActor.From(http.User)!);
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        switch (status)
        {
            case null or "" or "all": break;
            case "open": query = query.Where(c => c.Status == ConsultationStatus.Open); break;
            case "answered": query = query.Where(c => c.Status == ConsultationStatus.Answered); break;
            case "overdue": query = query.Where(c => c.Status == ConsultationStatus.Open && c.DueDate < today); break;
            default: errors.Add("status", "状态只能是 open（待答复）、answered（已答复）、overdue（超期未答复）或 all"); break;
        }
        if (errors.Any) return errors.ToResult();
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(c => c.Number == q.Trim() || c.Question.Contains(q.Trim()));
        return TypedResults.Ok(await PageAsync(db, query, p, size, today, staff: true, ct));
    }

    internal static async Task<IResult> Get(string number, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var query = db.Set<Consultation>().AsNoTracking().Where(c => c.Number == number);
        var citizen = CitizenActor.From(http.User);
        query = citizen is not null ? query.Where(c => c.CitizenId == citizen.Id) : Scope(query, StaffActor.From(http.User)!);
        var found = await query.FirstOrDefaultAsync(ct);
        if (found is null) return NotFound(number);
        var names = await DepartmentNamesAsync(db, [found.DepartmentCode], ct);
        return TypedResults.Ok(ToDto(found, names, ChinaTime.DateOf(clock.GetUtcNow()), staff: citizen is null));
    }

    internal static async Task<IResult> Mine(int? page, int? pageSize, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        if (errors.Any) return errors.ToResult();
        var citizen = CitizenActor.From(http.User)!;
        var query = db.Set<Consultation>().AsNoTracking().Where(c => c.CitizenId == citizen.Id);
        return TypedResults.Ok(await PageAsync(db, query, p, size, ChinaTime.DateOf(clock.GetUtcNow()), staff: false, ct, newestFirst: true));
    }

    private static async Task<Paged<ConsultationDto>> PageAsync(TongbanDb db, IQueryable<Consultation> query, int page, int size, DateOnly today, bool staff,
        CancellationToken ct, bool newestFirst = false)
    {
        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        // Staff work the oldest open question first; the asker reads their newest first.
        var ordered = newestFirst ? query.OrderByDescending(c => c.AskedAt).ThenByDescending(c => c.Id)
            : query.OrderBy(c => c.Status == ConsultationStatus.Open ? 0 : 1).ThenBy(c => c.AskedAt).ThenBy(c => c.Id);
        var rows = await ordered.Skip(Paging.Skip(page, size)).Take(size).ToListAsync(ct);
        var names = await DepartmentNamesAsync(db, rows.Select(r => r.DepartmentCode), ct);
        return new Paged<ConsultationDto>([.. rows.Select(r => ToDto(r, names, today, staff))], total, page, size, capped);
    }

    internal static ConsultationDto ToDto(Consultation c, IReadOnlyDictionary<string, string> departments, DateOnly today, bool staff) =>
        new(c.Number, c.DepartmentCode, departments.GetValueOrDefault(c.DepartmentCode, c.DepartmentCode), c.ItemCode, c.ItemName, c.Question,
            Status(c.Status), c.AskedAt, c.DueDate, c.Status == ConsultationStatus.Open && c.DueDate < today, c.Answer, c.AnsweredAt,
            staff ? c.AnsweredByName : null, c.Published, c.Mobile is null ? null : MobileNumber.Mask(c.Mobile));

    public static string Status(ConsultationStatus s) => s == ConsultationStatus.Open ? "open" : "answered";

    internal static async Task<Dictionary<string, string>> DepartmentNamesAsync(TongbanDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return await db.Departments.AsNoTracking().Where(d => wanted.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
    }

    internal static IResult NotFound(string number) =>
        Problems.NotFound("consultation.not_found", "咨询不存在", $"找不到咨询 {number}，或您无权查看。");
}
