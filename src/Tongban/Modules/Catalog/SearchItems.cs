using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

/// <summary>
/// GET /api/items — the published catalog, searchable by words (name, result, keywords, everyday words, pinyin; see docs/search.md), department and
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
        var words = string.IsNullOrWhiteSpace(q) ? [] : ItemRanking.Parse(q);
        if (words.Count > 0) return TypedResults.Ok(await RankedAsync(db, query, words, p, size, ct));

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(i => i.DepartmentCode).ThenBy(i => i.Name).ThenBy(i => i.Id)
            .Skip(Paging.Skip(p, size)).Take(size)
            .Select(i => new Row(i.Code, i.Name, i.DepartmentCode, i.ItemType, i.CaseKind, i.PromisedLimitValue, i.PromisedLimitUnit,
                i.LegalLimitValue, i.LegalLimitUnit, i.VisitsRequired, i.Channels, i.ParentItemName, i.ResultName, i.Keywords))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<ItemSummaryDto>(await ToDtosAsync(db, rows.Select(r => (r, (string?)null)), ct), total, p, size));
    }

    /// <summary>
    /// The database finds candidates (search_text LIKE each word or its everyday-word terms; a trigram index serves it on
    /// PostgreSQL), at most <see cref="MaxCandidates"/>, names containing the first word first; they are scored here
    /// (<see cref="ItemRanking"/>) and ordered by score, then popularity. Only when the words find almost nothing does
    /// a second pass look for one wrong character.
    /// </summary>
    private static async Task<Paged<ItemSummaryDto>> RankedAsync(TongbanDb db, IQueryable<ServiceItemVersion> query, IReadOnlyList<ItemRanking.Word> words,
        int page, int size, CancellationToken ct)
    {
        var grams = db.Database.IsNpgsql();
        var candidates = await CandidatesAsync(query, words, typos: false, grams, ct);
        if (candidates.Count < 3 && words.Any(w => w.TypoTolerant))
            candidates = await CandidatesAsync(query, words, typos: true, grams, ct);
        var codes = candidates.Select(c => c.Code).ToList();
        var popularity = await db.ItemPopularity.AsNoTracking().Where(x => codes.Contains(x.ItemCode))
            .ToDictionaryAsync(x => x.ItemCode, x => x.Applications, ct);
        var ranked = candidates
            .Select(c => (Row: c, Match: ItemRanking.Score(new(c.Name, c.ParentItemName, c.ResultName, c.Keywords, c.Code), words)))
            .Where(x => x.Match.Score > 0)
            .OrderByDescending(x => x.Match.Score).ThenByDescending(x => popularity.GetValueOrDefault(x.Row.Code))
            .ThenBy(x => x.Row.Name.Length).ThenBy(x => x.Row.Name, StringComparer.Ordinal).ThenBy(x => x.Row.Code, StringComparer.Ordinal)
            .ToList();
        // A bounded candidate set: past it the total is what the database counts (rows beyond it are not scored).
        var total = candidates.Count < MaxCandidates ? ranked.Count : await query.Where(Matching(words, typos: false, grams)).CountAsync(ct);
        var pageRows = ranked.Skip(Paging.Skip(page, size)).Take(size).Select(x => (x.Row, x.Match.Reason));
        return new Paged<ItemSummaryDto>(await ToDtosAsync(db, pageRows, ct), total, page, size);
    }

    public const int MaxCandidates = 400;

    private static async Task<List<Row>> CandidatesAsync(IQueryable<ServiceItemVersion> query, IReadOnlyList<ItemRanking.Word> words, bool typos, bool grams,
        CancellationToken ct)
    {
        var first = "%" + EscapeLike(words[0].Text) + "%";
        return await query.Where(Matching(words, typos, grams))
            .OrderBy(i => EF.Functions.Like(i.Name, first, "\\") ? 0 : 1).ThenBy(i => i.Name.Length).ThenBy(i => i.Id)
            .Take(MaxCandidates)
            .Select(i => new Row(i.Code, i.Name, i.DepartmentCode, i.ItemType, i.CaseKind, i.PromisedLimitValue, i.PromisedLimitUnit,
                i.LegalLimitValue, i.LegalLimitUnit, i.VisitsRequired, i.Channels, i.ParentItemName, i.ResultName, i.Keywords))
            .ToListAsync(ct);
    }

    /// <summary>
    /// search_text LIKE '%t%' for each word (all must hold) over the word and its terms (any may hold). On PostgreSQL a pattern
    /// with a literal piece shorter than three characters (no trigram) also asks search_grams for the piece's characters and
    /// pairs: implied by the LIKE, so the rows are the same, but a GIN index finds them instead of a scan.
    /// </summary>
    private static Expression<Func<ServiceItemVersion, bool>> Matching(IReadOnlyList<ItemRanking.Word> words, bool typos, bool grams)
    {
        var item = Expression.Parameter(typeof(ServiceItemVersion), "i");
        var text = Expression.Property(item, nameof(ServiceItemVersion.SearchText));
        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        var functions = Expression.Constant(EF.Functions);
        Expression? all = null;
        foreach (var word in words)
        {
            // A pattern is literal pieces joined by one-character wildcards (only a typo pattern has more than one piece).
            var patterns = new List<string[]> { new[] { word.Text } };
            patterns.AddRange(word.Terms.Select(t => new[] { t.Term }));
            if (typos && word.TypoTolerant) patterns.AddRange(ItemRanking.TypoPieces(word.Text));
            Expression? any = null;
            foreach (var pieces in patterns.DistinctBy(p => string.Join('\0', p)))
            {
                // Parameters, not constants: one cached plan per shape, and the value never becomes SQL text.
                var value = Expression.Property(Expression.Constant(new Holder("%" + string.Join("_", pieces.Select(EscapeLike)) + "%")), nameof(Holder.Value));
                Expression call = Expression.Call(like, functions, text, value, Expression.Constant("\\"));
                if (grams && pieces.All(p => p.Length < 3) && GramCondition(item, pieces) is { } narrowed)
                    call = Expression.AndAlso(narrowed, call);
                any = any is null ? call : Expression.OrElse(any, call);
            }
            all = all is null ? any : Expression.AndAlso(all, any!);
        }
        return Expression.Lambda<Func<ServiceItemVersion, bool>>(all!, item);
    }

    /// <summary>needed.All(g => i.SearchGrams.Contains(g)), which Npgsql writes as <c>@needed &lt;@ search_grams</c> (GIN-indexable).</summary>
    private static Expression? GramCondition(ParameterExpression item, string[] pieces)
    {
        var needed = pieces.SelectMany(ItemSearchText.GramsOf).Distinct().ToList();
        if (needed.Count == 0) return null;
        var holder = Expression.Property(Expression.Constant(new GramsHolder(needed)), nameof(GramsHolder.Value));
        var g = Expression.Parameter(typeof(string), "g");
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)],
            Expression.Property(item, nameof(ServiceItemVersion.SearchGrams)), g);
        return Expression.Call(typeof(Enumerable), nameof(Enumerable.All), [typeof(string)], holder, Expression.Lambda<Func<string, bool>>(contains, g));
    }

    private sealed record GramsHolder(List<string> Value);

    private sealed record Holder(string Value);

    private sealed record Row(string Code, string Name, string DepartmentCode, ItemType ItemType, CaseKind CaseKind, int PromisedLimitValue,
        LimitUnit PromisedLimitUnit, int LegalLimitValue, LimitUnit LegalLimitUnit, int VisitsRequired, Channels Channels,
        string? ParentItemName, string? ResultName, List<string> Keywords);

    private static async Task<List<ItemSummaryDto>> ToDtosAsync(TongbanDb db, IEnumerable<(Row Row, string? Reason)> rows, CancellationToken ct)
    {
        var list = rows.ToList();
        var departmentCodes = list.Select(r => r.Row.DepartmentCode).Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentCodes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return [.. list.Select(x => new ItemSummaryDto(x.Row.Code, x.Row.Name, x.Row.DepartmentCode, departments.GetValueOrDefault(x.Row.DepartmentCode, x.Row.DepartmentCode),
            x.Row.ItemType, x.Row.CaseKind, new(x.Row.PromisedLimitValue, x.Row.PromisedLimitUnit), new(x.Row.LegalLimitValue, x.Row.LegalLimitUnit),
            x.Row.VisitsRequired, ItemMapping.ChannelNames(x.Row.Channels), x.Reason))];
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
