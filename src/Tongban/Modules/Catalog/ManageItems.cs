using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Catalog;

internal sealed record CreateItemRequest(string? Code, ItemContentInput? Content);

internal sealed record ItemVersionRef(string Code, int Version, ItemVersionStatus Status);

/// <summary>
/// Admin use cases on the catalog: create an item (draft v1), edit a draft, start a new version
/// from the published one, publish (the previous published version retires), retire.
/// Grouped in one file because each is a few lines over the entity's own rules.
/// </summary>
internal static class ManageItems
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/items").RequireAuthorization(Policies.Admin).WithTags("Catalog admin");
        admin.MapPost("/", Create).WithName("CreateItem").WithSummary("新建事项（草稿）");
        admin.MapPut("/{code}/versions/{version:int}", UpdateDraft).WithName("UpdateItemDraft").WithSummary("修改事项草稿");
        admin.MapPost("/{code}/versions", NewVersion).WithName("NewItemVersion").WithSummary("基于当前版本新建草稿版本");
        admin.MapPost("/{code}/versions/{version:int}/publish", Publish).WithName("PublishItem").WithSummary("发布事项版本");
        admin.MapPost("/{code}/versions/{version:int}/retire", Retire).WithName("RetireItem").WithSummary("废止事项版本");
    }

    private static async Task<IResult> Create(CreateItemRequest request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("code", request.Code, "实施编码");
        if (request.Content is null) errors.Add("content", "事项内容不能为空");
        else foreach (var (field, messages) in ItemEditing.Validate(request.Content).ToDictionary())
                foreach (var message in messages) errors.Add("content." + field, message);
        if (errors.Any) return errors.ToResult();
        var code = request.Code!.Trim();
        if (await db.ItemVersions.AnyAsync(i => i.Code == code, ct))
            return Problems.Conflict("catalog.code_taken", "实施编码已存在", $"编码 {code} 已被使用。");
        if (!await db.Departments.AnyAsync(d => d.Code == request.Content!.DepartmentCode, ct))
            return new FieldErrors().Add("content.departmentCode", "实施部门不存在").ToResult();
        var region = await db.Departments.Where(d => d.Code == request.Content!.DepartmentCode).Select(d => d.RegionCode).FirstAsync(ct);
        var draft = ServiceItemVersion.NewDraft(code, 1, request.Content!.BasicCode!, request.Content.Name!, request.Content.DepartmentCode!, region, clock.GetUtcNow());
        ItemEditing.Apply(draft, request.Content);
        db.ItemVersions.Add(draft);
        await Audit(audit, db, http, code, "catalog.create", $"新建事项“{draft.Name}”第 1 版（草稿）", ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/items/{Uri.EscapeDataString(code)}?version=1", new ItemVersionRef(code, 1, draft.Status));
    }

    private static async Task<IResult> UpdateDraft(string code, int version, ItemContentInput content, HttpContext http, AuditTrail audit, TongbanDb db, CancellationToken ct)
    {
        var errors = ItemEditing.Validate(content);
        if (errors.Any) return errors.ToResult();
        var item = await Find(db, code, version, ct);
        if (item is null) return NotFound(code, version);
        var department = await db.Departments.Where(d => d.Code == content.DepartmentCode).Select(d => d.RegionCode).FirstOrDefaultAsync(ct);
        if (department is null) return new FieldErrors().Add("departmentCode", "实施部门不存在").ToResult();
        ItemEditing.Apply(item, content);
        item.RegionCode = department;
        await Audit(audit, db, http, code, "catalog.edit_draft", $"修改事项“{item.Name}”第 {version} 版草稿", ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ItemVersionRef(code, version, item.Status));
    }

    private static async Task<IResult> NewVersion(string code, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var versions = await db.ItemVersions.Include(i => i.Materials).Where(i => i.Code == code).OrderByDescending(i => i.Version).ToListAsync(ct);
        if (versions.Count == 0) return NotFound(code, null);
        if (versions.Any(v => v.Status == ItemVersionStatus.Draft))
            return Problems.Conflict("catalog.draft_exists", "已有未发布的草稿版本", "请先修改或发布现有草稿。");
        var basis = versions.FirstOrDefault(v => v.Status == ItemVersionStatus.Published) ?? versions[0];
        var draft = basis.CopyAsDraft(versions[0].Version + 1, clock.GetUtcNow());
        db.ItemVersions.Add(draft);
        await Audit(audit, db, http, code, "catalog.new_version", $"基于第 {basis.Version} 版新建第 {draft.Version} 版草稿", ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/items/{Uri.EscapeDataString(code)}?version={draft.Version}", new ItemVersionRef(code, draft.Version, draft.Status));
    }

    private static async Task<IResult> Publish(string code, int version, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var item = await Find(db, code, version, ct);
        if (item is null) return NotFound(code, version);
        var now = clock.GetUtcNow();
        // At most one published version per item: the one before it retires first, in the same transaction
        // (a unique filtered index refuses a second published version, so the retirement must be written first).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var previous = await db.ItemVersions.Where(i => i.Code == code && i.Status == ItemVersionStatus.Published && i.Id != item.Id).ToListAsync(ct);
        foreach (var p in previous) p.Retire(now);
        await db.SaveChangesAsync(ct);
        item.Publish(now);
        await Audit(audit, db, http, code, "catalog.publish", $"发布第 {version} 版" + (previous.Count > 0 ? $"，废止第 {string.Join("、", previous.Select(p => p.Version))} 版" : ""), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new ItemVersionRef(code, version, item.Status));
    }

    private static async Task<IResult> Retire(string code, int version, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var item = await Find(db, code, version, ct);
        if (item is null) return NotFound(code, version);
        item.Retire(clock.GetUtcNow());
        await Audit(audit, db, http, code, "catalog.retire", $"废止第 {version} 版", ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ItemVersionRef(code, version, item.Status));
    }

    /// <summary>Every catalog change is on the item's own audit stream, in the same transaction.</summary>
    private static Task Audit(AuditTrail audit, TongbanDb db, HttpContext http, string code, string action, string summary, CancellationToken ct) =>
        audit.AppendAsync(db, new AuditEvent(AuditStreams.Catalog(code), AuditActor.FromHttp(http), action, null, summary), ct);

    private static Task<ServiceItemVersion?> Find(TongbanDb db, string code, int version, CancellationToken ct) =>
        db.ItemVersions.Include(i => i.Materials).FirstOrDefaultAsync(i => i.Code == code && i.Version == version, ct);

    private static IResult NotFound(string code, int? version) =>
        Problems.NotFound("catalog.item_not_found", "事项不存在", version is null ? $"找不到编码为 {code} 的事项。" : $"找不到事项 {code} 的第 {version} 版。");
}
