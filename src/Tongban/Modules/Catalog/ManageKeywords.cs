using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Catalog;

internal sealed record ItemKeywordsDto(string Code, string Name, IReadOnlyList<string> Keywords);

internal sealed record ItemKeywordsInput(IReadOnlyList<string>? Keywords);

/// <summary>
/// 关键词 (search words) of an item, edited without a new version: they only help search find the item and say nothing
/// of how it is handled, so the published version and any draft take them at once (search_text is rebuilt on save).
/// Audited as catalog.edit_keywords.
/// </summary>
internal static class ManageKeywords
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/items").RequireAuthorization(Policies.Admin).WithTags("Catalog admin");
        admin.MapGet("/{code}/keywords", Get).Produces<ItemKeywordsDto>().ProducesProblem(404).WithName("GetItemKeywords").WithSummary("事项检索关键词");
        admin.MapPut("/{code}/keywords", Put).Produces<ItemKeywordsDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("PutItemKeywords").WithSummary("修改事项检索关键词（立即生效）");
    }

    private static async Task<IResult> Get(string code, TongbanDb db, CancellationToken ct)
    {
        var latest = await db.ItemVersions.AsNoTracking().Where(i => i.Code == code).OrderByDescending(i => i.Status == ItemVersionStatus.Published)
            .ThenByDescending(i => i.Version).Select(i => new { i.Code, i.Name, i.Keywords }).FirstOrDefaultAsync(ct);
        return latest is null ? NotFound(code) : TypedResults.Ok(new ItemKeywordsDto(latest.Code, latest.Name, latest.Keywords));
    }

    private static async Task<IResult> Put(string code, ItemKeywordsInput input, HttpContext http, AuditTrail audit, TongbanDb db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var keywords = input.Keywords ?? [];
        if (keywords.Count > 20) errors.Add("keywords", "关键词不能超过 20 个");
        if (keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Trim().Length > 20)) errors.Add("keywords", "每个关键词为 1 到 20 个字符");
        if (errors.Any) return errors.ToResult();
        var versions = await db.ItemVersions.Where(i => i.Code == code && (i.Status == ItemVersionStatus.Published || i.Status == ItemVersionStatus.Draft)).ToListAsync(ct);
        if (versions.Count == 0) return NotFound(code);
        List<string> cleaned = [.. keywords.Select(k => k.Trim()).Distinct(StringComparer.Ordinal)];
        var before = string.Join("、", versions[0].Keywords);
        foreach (var v in versions) v.Keywords = [.. cleaned];
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Catalog(code), AuditActor.FromHttp(http), "catalog.edit_keywords", null,
            $"修改检索关键词：{(cleaned.Count == 0 ? "（无）" : string.Join("、", cleaned))}", Before: before, After: string.Join("、", cleaned)), ct);
        await db.SaveChangesAsync(ct);
        var shown = versions.FirstOrDefault(v => v.Status == ItemVersionStatus.Published) ?? versions[0];
        return TypedResults.Ok(new ItemKeywordsDto(shown.Code, shown.Name, cleaned));
    }

    private static IResult NotFound(string code) => Problems.NotFound("catalog.item_not_found", "事项不存在", $"没有编码为 {code} 的事项。");
}
