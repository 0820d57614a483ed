using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

internal sealed record CaseListRow(string CaseNumber, string ItemCode, string ItemName, CaseStatus Status, ApplicationChannel Channel,
    string ApplicantName, string ServicePointCode, string DepartmentCode, DateTimeOffset SubmittedAt, DateOnly? PromisedDueDate);

/// <summary>GET /api/cases — a staff queue, paged, newest first, scoped to what the caller may see.</summary>
internal static class ListCases
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases", Handle).RequireAuthorization(Policies.Staff).Produces<Catalog.Paged<CaseListRow>>().ProducesValidationProblem().WithName("ListCases").WithSummary("办件列表");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, string? status, string? department, string? servicePoint,
        string? item, string? q, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var errors = new FieldErrors();
        var p = page ?? 1;
        var size = pageSize ?? 20;
        if (p < 1) errors.Add("page", "页码必须大于等于 1");
        if (size is < 1 or > SearchItems.MaxPageSize) errors.Add("pageSize", $"每页条数必须在 1 到 {SearchItems.MaxPageSize} 之间");
        CaseStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)) statusFilter = s;
            else errors.Add("status", "未知的办件状态");
        }
        if (errors.Any) return errors.ToResult();

        var query = CaseScope.Apply(db.Cases.AsNoTracking(), actor);
        if (statusFilter is { } sf) query = query.Where(c => c.Status == sf);
        if (!string.IsNullOrWhiteSpace(department)) query = query.Where(c => c.DepartmentCode == department);
        if (!string.IsNullOrWhiteSpace(servicePoint)) query = query.Where(c => c.ServicePointCode == servicePoint);
        if (!string.IsNullOrWhiteSpace(item)) query = query.Where(c => c.ItemCode == item);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(c => c.Number.StartsWith(q.Trim()));
        if (mine == true) query = query.Where(c => c.SubmittedByStaffId == actor.Id);

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id)
            .Skip((p - 1) * size).Take(size)
            .Select(c => new { c.Number, c.ItemCode, c.ItemName, c.Status, c.Channel, c.ApplicantKind, c.ApplicantName, c.ServicePointCode, c.DepartmentCode, c.SubmittedAt, c.PromisedDueDate })
            .ToListAsync(ct);
        var items = rows.Select(r => new CaseListRow(r.Number, r.ItemCode, r.ItemName, r.Status, r.Channel,
            r.ApplicantKind == ApplicantKind.Person ? CaseView.MaskName(r.ApplicantName) : r.ApplicantName,
            r.ServicePointCode, r.DepartmentCode, r.SubmittedAt, r.PromisedDueDate)).ToList();
        return TypedResults.Ok(new Paged<CaseListRow>(items, total, p, size));
    }
}
