using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// GET /api/rectifications — the 差评整改 work orders in the caller's scope, newest first, paged; filters: status, overdue,
/// case number, reason (the 本月差评原因 list links here) and period. GET /api/rectifications/{id} — one order with its evaluation.
/// </summary>
internal static class ListRectifications
{
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/rectifications", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Rectification")
            .Produces<Paged<RectificationSummaryDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("ListRectifications").WithSummary("差评整改工单列表");
        api.MapGet("/rectifications/{id:long}", Detail).RequireAuthorization(Policies.CaseWork).WithTags("Rectification")
            .Produces<RectificationDetailDto>().ProducesProblem(404)
            .WithName("GetRectification").WithSummary("差评整改工单详情");
    }

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, string? status, bool? overdue, string? caseNumber,
        string? reason, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, MaxPageSize, (field, message) => errors.Add(field, message));
        RectificationStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<RectificationStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)) statusFilter = s;
            else errors.Add("status", "状态只能是 open（待回访）、calledBack（已回访）、resolved（已整改）、appealed（申诉中）或 appealUpheld（申诉成立）");
        }
        BadRatingReason? reasonFilter = null;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            if (Enum.TryParse<BadRatingReason>(reason, ignoreCase: true, out var r) && Enum.IsDefined(r) && !int.TryParse(reason, out _)) reasonFilter = r;
            else errors.Add("reason", $"未知的差评原因：{reason}");
        }
        if (from is { } f && to is { } t && t < f) errors.Add("to", "结束日期不能早于开始日期");
        if (errors.Any) return errors.ToResult();

        var today = RectificationScope.Today(clock);
        var query = RectificationScope.Apply(db.RectificationOrders.AsNoTracking(), actor);
        if (statusFilter is { } sf) query = query.Where(o => o.Status == sf);
        if (overdue == true)
            query = query.Where(o => (o.Status == RectificationStatus.Open && o.CallbackDueDate < today)
                || ((o.Status == RectificationStatus.Open || o.Status == RectificationStatus.CalledBack) && o.RectifyDueDate < today));
        if (!string.IsNullOrWhiteSpace(caseNumber)) query = query.Where(o => o.CaseNumber == caseNumber.Trim());
        if (reasonFilter is { } rf) query = query.Where(o => db.EvaluationReasons.Any(x => x.EvaluationId == o.EvaluationId && x.Reason == rf));
        if (from is { } start) { var s0 = RectificationRules.StartOf(start); query = query.Where(o => o.OpenedAt >= s0); }
        if (to is { } end) { var e0 = RectificationRules.StartOf(end.AddDays(1)); query = query.Where(o => o.OpenedAt < e0); }

        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        var orders = await query.OrderByDescending(o => o.OpenedAt).ThenByDescending(o => o.Id).Skip(Paging.Skip(p, size)).Take(size).ToListAsync(ct);
        var (items, departments) = await NamesAsync(db, orders, ct);
        return TypedResults.Ok(new Paged<RectificationSummaryDto>(
            [.. orders.Select(o => RectificationScope.Summary(o, items.GetValueOrDefault(o.CaseId, ""), departments.GetValueOrDefault(o.DepartmentCode, o.DepartmentCode), today))],
            total, p, size, capped));
    }

    internal static async Task<IResult> Detail(long id, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var o = await RectificationScope.Apply(db.RectificationOrders.AsNoTracking(), actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return NotFound(id);
        return TypedResults.Ok(await DetailAsync(db, actor, o, RectificationScope.Today(clock), ct));
    }

    internal static IResult NotFound(long id) =>
        Problems.NotFound("rectification.not_found", "整改工单不存在", $"找不到整改工单 {id}，或您无权查看。");

    internal static async Task<RectificationDetailDto> DetailAsync(TongbanDb db, StaffActor actor, RectificationOrder o, DateOnly today, CancellationToken ct)
    {
        var evaluation = await db.Evaluations.AsNoTracking().Include(e => e.Reasons).FirstAsync(e => e.Id == o.EvaluationId, ct);
        var (items, departments) = await NamesAsync(db, [o], ct);
        return new RectificationDetailDto(
            RectificationScope.Summary(o, items.GetValueOrDefault(o.CaseId, ""), departments.GetValueOrDefault(o.DepartmentCode, o.DepartmentCode), today),
            Evaluations.ToDto(evaluation), o.CalledBackAt, o.CalledBackBy, o.CallbackNote, o.CalledBackInTime,
            o.ResolvedAt, o.ResolvedBy, o.ResolutionNote, o.ResolvedInTime, o.AppealedAt, o.AppealedBy, o.AppealNote,
            o.AppealDecidedAt, o.AppealDecidedBy, o.AppealUpheld, o.AppealDecisionNote, RectificationScope.Actions(actor, o));
    }

    /// <summary>Item names (from the cases) and department names of a page: two reads, whatever the page size.</summary>
    private static async Task<(Dictionary<long, string> Items, Dictionary<string, string> Departments)> NamesAsync(TongbanDb db, IReadOnlyList<RectificationOrder> orders, CancellationToken ct)
    {
        var caseIds = orders.Select(o => o.CaseId).Distinct().ToList();
        var codes = orders.Select(o => o.DepartmentCode).Distinct().ToList();
        var items = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.ItemName }).ToDictionaryAsync(c => c.Id, c => c.ItemName, ct);
        var departments = await db.Departments.AsNoTracking().Where(d => codes.Contains(d.Code)).Select(d => new { d.Code, d.Name }).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return (items, departments);
    }
}
