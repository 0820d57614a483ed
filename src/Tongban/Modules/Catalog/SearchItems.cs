using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

/// <summary>
/// GET /api/items — the published catalog, searchable by keyword (name or code), department and
/// channel, 主题 (life event) and audience (个人/法人), paged. Reads only published versions (index item_versions(status, department_code, name)).
/// </summary>
internal static class SearchItems
{
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/items", Handle).AllowAnonymous().Produces<Paged<ItemSummaryDto>>().ProducesValidationProblem().WithName("SearchItems").WithSummary("事项检索");

    internal static async Task<IResult> Handle(TongbanDb db, string? q, string? department, string? channel, int? page, int? pageSize, CancellationToken ct,
        string? lifeEvent = null, string? audience = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, MaxPageSize, (field, message) => errors.Add(field, message));
        var channelFlag = Channels.None;
        if (!string.IsNullOrWhiteSpace(channel) && !ItemMapping.TryParseChannel(channel, out channelFlag))
            errors.Add("channel", "办理渠道只能是 window、online、mobile、kiosk 或 express");
        if (q is { Length: > 100 }) errors.Add("q", "关键词不能超过 100 个字符");
        if (!string.IsNullOrWhiteSpace(lifeEvent) && !LifeEvents.IsKnown(lifeEvent)) errors.Add("lifeEvent", "没有这个主题");
        if (!string.IsNullOrWhiteSpace(audience) && audience is not (LifeEvents.Person or LifeEvents.Enterprise)) errors.Add("audience", "服务对象只能是 person（个人）或 enterprise（法人）");
        if (errors.Any) return errors.ToResult();

        var query = db.ItemVersions.AsNoTracking().Where(i => i.Status == ItemVersionStatus.Published);
        if (!string.IsNullOrWhiteSpace(department)) query = query.Where(i => i.DepartmentCode == department);
        if (channelFlag != Channels.None) query = query.Where(i => (i.Channels & channelFlag) == channelFlag);
        if (audience == LifeEvents.Person) query = query.Where(i => i.ForPersons);
        if (audience == LifeEvents.Enterprise) query = query.Where(i => i.ForEnterprises);
        // A district publishes about a thousand items: the theme is read from the item's small list, after the status index.
        if (!string.IsNullOrWhiteSpace(lifeEvent)) query = query.Where(i => i.LifeEvents.Contains(lifeEvent));
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Every whitespace-separated word must match the name, the parent item or the code.
            foreach (var word in q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
            {
                var pattern = "%" + EscapeLike(word) + "%";
                query = query.Where(i => EF.Functions.Like(i.Name, pattern, "\\")
                    || (i.ParentItemName != null && EF.Functions.Like(i.ParentItemName, pattern, "\\"))
                    || EF.Functions.Like(i.Code, pattern, "\\"));
            }
        }

        var total = await query.CountAsync(ct);
        // What was typed comes first: the item of that very name, then names containing it, then parent-item and code matches.
        var phrase = q?.Trim() ?? "";
        var phrasePattern = "%" + EscapeLike(phrase) + "%";
        var ordered = phrase.Length == 0 ? query.OrderBy(i => i.DepartmentCode)
            : query.OrderBy(i => i.Name == phrase ? 0 : EF.Functions.Like(i.Name, phrasePattern, "\\") ? 1 : 2).ThenBy(i => i.DepartmentCode);
        var rows = await ordered
            .ThenBy(i => i.Name).ThenBy(i => i.Id)
            .Skip(Paging.Skip(p, size)).Take(size)
            .Join(db.Departments, i => i.DepartmentCode, d => d.Code, (i, d) => new
            {
                i.Code, i.Name, i.DepartmentCode, DepartmentName = d.Name, i.ItemType, i.CaseKind,
                i.PromisedLimitValue, i.PromisedLimitUnit, i.LegalLimitValue, i.LegalLimitUnit, i.VisitsRequired, i.Channels,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new ItemSummaryDto(r.Code, r.Name, r.DepartmentCode, r.DepartmentName, r.ItemType, r.CaseKind,
            new(r.PromisedLimitValue, r.PromisedLimitUnit), new(r.LegalLimitValue, r.LegalLimitUnit), r.VisitsRequired,
            ItemMapping.ChannelNames(r.Channels))).ToList();
        return TypedResults.Ok(new Paged<ItemSummaryDto>(items, total, p, size));
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
