using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Supervision;

internal sealed record AlertCountRow(string DepartmentCode, string DepartmentName, int Yellow, int Red, int Critical, int Escalated);

/// <summary>The board's numbers: open alerts by level and department.</summary>
internal sealed record AlertSummary(int Yellow, int Red, int Critical, int Escalated, IReadOnlyList<AlertCountRow> Departments);

/// <summary>
/// GET /api/supervision/alerts — paged, newest first, scoped like the case list (center-wide roles see all;
/// others their department's and their service point's). GET /api/supervision/summary — open counts.
/// </summary>
internal static class ListAlerts
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/supervision/alerts", Handle).RequireAuthorization(Policies.CaseWork).Produces<Paged<AlertDto>>().ProducesValidationProblem().ProducesProblem(403)
            .WithName("ListSupervisionAlerts").WithSummary("监察预警列表").WithTags("Supervision");
        // The summary is figures (the big screen's 红牌 / 严重超期): analysts count center-wide too; the alerts are case work.
        api.MapGet("/supervision/summary", Summary).RequireAuthorization(Policies.Staff).Produces<AlertSummary>()
            .WithName("SupervisionSummary").WithSummary("未解除预警：按级别和部门统计").WithTags("Supervision");
    }

    /// <summary>The alerts a caller may count: their <see cref="Scope"/>, and all of them for an analyst (figures, not people: ADR 0011).</summary>
    internal static IQueryable<SupervisionAlert> CountScope(IQueryable<SupervisionAlert> alerts, StaffActor actor) =>
        actor.IsIn(StaffRoles.Analyst) ? alerts : Scope(alerts, actor);

    internal static IQueryable<SupervisionAlert> Scope(IQueryable<SupervisionAlert> alerts, StaffActor actor)
    {
        if (!CaseScope.WorksOnCases(actor)) return alerts.Where(_ => false);
        if (CaseScope.SeesAll(actor)) return alerts;
        var point = actor.ServicePointCode;
        var department = actor.DepartmentCode;
        if (point is null && department is null) return alerts.Where(_ => false);
        return alerts.Where(a => (point != null && a.ServicePointCode == point) || (department != null && a.DepartmentCode == department));
    }

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, string? level, string? department, string? status, string? caseNumber,
        int? page, int? pageSize, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, SearchItems.MaxPageSize, (field, message) => errors.Add(field, message));
        AlertLevel? levelFilter = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Enum.TryParse<AlertLevel>(level, ignoreCase: true, out var l) && Enum.IsDefined(l)) levelFilter = l;
            else errors.Add("level", "预警级别只能是 yellow、red 或 critical");
        }
        if (status is not (null or "" or "open" or "resolved" or "all")) errors.Add("status", "状态只能是 open（未解除）、resolved（已解除）或 all");
        if (errors.Any) return errors.ToResult();

        var query = Scope(db.SupervisionAlerts.AsNoTracking(), actor);
        if (status is null or "" or "open") query = query.Where(a => a.ResolvedAt == null);
        else if (status == "resolved") query = query.Where(a => a.ResolvedAt != null);
        if (levelFilter is { } lf) query = query.Where(a => a.Level == lf);
        if (!string.IsNullOrWhiteSpace(department)) query = query.Where(a => a.DepartmentCode == department);
        if (!string.IsNullOrWhiteSpace(caseNumber)) query = query.Where(a => a.CaseNumber == caseNumber.Trim());
        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        var rows = await query.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Skip(Paging.Skip(p, size)).Take(size)
            .Join(db.Cases, a => a.CaseId, c => c.Id, (a, c) => new { a, c.ItemName })
            .Select(x => new
            {
                x.a.Id, x.a.Number, x.a.CaseNumber, x.a.DepartmentCode, x.a.ServicePointCode, x.a.RuleCode, x.a.Level, x.a.IssuedTo, x.a.RaisedAt, x.a.EscalatedAt,
                x.a.EscalationLevel, x.a.ResolvedAt, x.a.Result, x.a.Message, OpenDirectives = x.a.Directives.Count(d => d.AnsweredAt == null), x.ItemName,
            }).ToListAsync(ct);
        // The join keeps the page's order only by luck: order again in memory.
        rows = [.. rows.OrderByDescending(r => r.RaisedAt).ThenByDescending(r => r.Id)];
        var names = await DepartmentNamesAsync(db, rows.Select(r => r.DepartmentCode), ct);
        var items = rows.Select(r => new AlertDto(r.Id, r.Number, r.CaseNumber, r.ItemName ?? "", r.DepartmentCode, names.GetValueOrDefault(r.DepartmentCode, r.DepartmentCode),
            r.ServicePointCode, r.RuleCode, SupervisionRules.Name(r.RuleCode), r.Level, r.IssuedTo, r.RaisedAt, r.EscalatedAt, r.EscalationLevel,
            r.ResolvedAt, r.Result, r.Message, r.OpenDirectives)).ToList();
        return TypedResults.Ok(new Paged<AlertDto>(items, total, p, size, capped));
    }

    internal static async Task<IResult> Summary(HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        // Open alerts only (index on resolved_at): resolved ones pile up forever.
        var groups = await CountScope(db.SupervisionAlerts.AsNoTracking(), actor).Where(a => a.ResolvedAt == null)
            .GroupBy(a => new { a.DepartmentCode, a.Level })
            .Select(g => new { g.Key.DepartmentCode, g.Key.Level, Count = g.Count(), Escalated = g.Count(a => a.EscalationLevel > 0) })
            .ToListAsync(ct);
        var names = await DepartmentNamesAsync(db, groups.Select(g => g.DepartmentCode), ct);
        var departments = groups.GroupBy(g => g.DepartmentCode).Select(d => new AlertCountRow(d.Key, names.GetValueOrDefault(d.Key, d.Key),
                d.Where(x => x.Level == AlertLevel.Yellow).Sum(x => x.Count), d.Where(x => x.Level == AlertLevel.Red).Sum(x => x.Count),
                d.Where(x => x.Level == AlertLevel.Critical).Sum(x => x.Count), d.Sum(x => x.Escalated)))
            .OrderByDescending(r => r.Critical).ThenByDescending(r => r.Red).ThenByDescending(r => r.Yellow).ThenBy(r => r.DepartmentCode, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new AlertSummary(departments.Sum(d => d.Yellow), departments.Sum(d => d.Red), departments.Sum(d => d.Critical), departments.Sum(d => d.Escalated), departments));
    }

    private static async Task<Dictionary<string, string>> DepartmentNamesAsync(TongbanDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return await db.Departments.AsNoTracking().Where(d => wanted.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
    }
}
