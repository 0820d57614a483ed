using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Organization;

internal sealed record DepartmentHotlineDto(string Code, string Name, string? Hotline);

internal sealed record ServicePointHotlineDto(string Code, string Name, ServicePointLevel Level, string? ParentCode, string? Hotline);

/// <summary>Every department's and service point's 咨询电话, and the number used when neither has one.</summary>
internal sealed record HotlineList(IReadOnlyList<DepartmentHotlineDto> Departments, IReadOnlyList<ServicePointHotlineDto> ServicePoints, string Fallback);

/// <summary>
/// The new number; null or empty clears it (a department then falls back to the service point's, then to <see cref="ManageHotlines.Fallback"/>).
/// Required: a body without it (<c>{}</c>) is a 400, not a silent clear.
/// </summary>
internal sealed record SaveHotlineRequest([property: System.Text.Json.Serialization.JsonRequired] string? Hotline);

/// <summary>
/// /api/admin/hotlines — the consultation hotline (咨询电话) every stage SMS carries: the handling department's, else the
/// receiving service point's, else 12345. Admins read and change them; each change is validated and audited, and the
/// next message queued uses it (the text is rendered when the message is queued).
/// </summary>
internal static class ManageHotlines
{
    public const string Fallback = "12345";

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/hotlines").RequireAuthorization(Policies.Admin).WithTags("SMS admin");
        admin.MapGet("/", List).Produces<HotlineList>().WithName("ListHotlines").WithSummary("各部门、服务点的咨询电话");
        admin.MapPut("/departments/{code}", SaveDepartment).Produces<DepartmentHotlineDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveDepartmentHotline").WithSummary("修改部门咨询电话");
        admin.MapPut("/service-points/{code}", SaveServicePoint).Produces<ServicePointHotlineDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveServicePointHotline").WithSummary("修改服务点咨询电话");
    }

    internal static async Task<IResult> List(TongbanDb db, CancellationToken ct)
    {
        // A district has a few dozen departments and a few hundred service points: one read each, no paging needed.
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentHotlineDto(d.Code, d.Name, d.Hotline)).ToListAsync(ct);
        var points = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Level).ThenBy(p => p.Code)
            .Select(p => new ServicePointHotlineDto(p.Code, p.Name, p.Level, p.ParentCode, p.Hotline)).ToListAsync(ct);
        return TypedResults.Ok(new HotlineList(departments, points, Fallback));
    }

    /// <summary>The normalised number, null to clear, or the 400 naming the field.</summary>
    private static (string? Number, IResult? Error) Check(SaveHotlineRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Hotline)) return (null, null);
        var result = HotlineNumber.Validate(request.Hotline);
        return result.IsValid ? (HotlineNumber.Normalize(request.Hotline), null) : (null, new FieldErrors().Add("hotline", result.Message!, result.Rule!).ToResult());
    }

    internal static async Task<IResult> SaveDepartment(string code, SaveHotlineRequest request, HttpContext http, AuditTrail audit, TongbanDb db,
        Infrastructure.Data.ClusterBroadcast cluster, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, ct);
        if (department is null) return Problems.NotFound("org.department_not_found", "部门不存在", $"找不到部门 {code}。");
        var (number, error) = Check(request);
        if (error is not null) return error;
        await RecordAsync(http, audit, db, "department:" + code, $"部门“{department.Name}”", department.Hotline, number, ct);
        department.Hotline = number;
        await db.SaveChangesAsync(ct);
        ReferenceCache.Invalidate(db);
        cluster.Send(ReferenceChangedElsewhere.Name);
        return TypedResults.Ok(new DepartmentHotlineDto(department.Code, department.Name, department.Hotline));
    }

    internal static async Task<IResult> SaveServicePoint(string code, SaveHotlineRequest request, HttpContext http, AuditTrail audit, TongbanDb db,
        Infrastructure.Data.ClusterBroadcast cluster, CancellationToken ct)
    {
        var point = await db.ServicePoints.FirstOrDefaultAsync(p => p.Code == code, ct);
        if (point is null) return Problems.NotFound("org.service_point_not_found", "服务点不存在", $"找不到服务点 {code}。");
        var (number, error) = Check(request);
        if (error is not null) return error;
        await RecordAsync(http, audit, db, "service-point:" + code, $"服务点“{point.Name}”", point.Hotline, number, ct);
        point.Hotline = number;
        await db.SaveChangesAsync(ct);
        ReferenceCache.Invalidate(db);
        cluster.Send(ReferenceChangedElsewhere.Name);
        return TypedResults.Ok(new ServicePointHotlineDto(point.Code, point.Name, point.Level, point.ParentCode, point.Hotline));
    }

    /// <summary>事过留痕: the change and the old and new numbers, committed with it.</summary>
    private static Task RecordAsync(HttpContext http, AuditTrail audit, TongbanDb db, string subject, string what, string? before, string? after, CancellationToken ct) =>
        audit.AppendAsync(db, new AuditEvent("org:" + subject, AuditActor.FromHttp(http), "org.hotline_save", null,
            after is null ? $"清除{what}的咨询电话（原 {before ?? "无"}）" : $"{what}咨询电话改为 {after}（原 {before ?? "无"}）",
            JsonSerializer.Serialize(new { hotline = before }), JsonSerializer.Serialize(new { hotline = after })), ct);
}
