using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Catalog;

internal sealed record SituationSetDto(IReadOnlyList<SituationQuestion> Questions, IReadOnlyList<SituationRule> Rules, DateTimeOffset? UpdatedAt);

internal sealed record SituationSetInput(IReadOnlyList<SituationQuestion>? Questions, IReadOnlyList<SituationRule>? Rules);

/// <summary>Catalog admins read and replace an item's 情形引导 (questions and rules) as a whole; each change is audited.</summary>
internal static class ManageSituations
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/items").RequireAuthorization(Policies.Admin).WithTags("Catalog admin");
        admin.MapGet("/{code}/situations", Get).Produces<SituationSetDto>().ProducesProblem(404).WithName("GetItemSituationSet").WithSummary("情形引导设置");
        admin.MapPut("/{code}/situations", Put).Produces<SituationSetDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("PutItemSituationSet").WithSummary("修改情形引导（问题与材料规则）");
    }

    private static async Task<IResult> Get(string code, TongbanDb db, CancellationToken ct)
    {
        if (!await db.ItemVersions.AnyAsync(i => i.Code == code, ct)) return NotFound(code);
        var set = await db.ItemSituations.AsNoTracking().FirstOrDefaultAsync(s => s.ItemCode == code, ct);
        return TypedResults.Ok(new SituationSetDto(set?.Questions ?? [], set?.Rules ?? [], set?.UpdatedAt));
    }

    private static async Task<IResult> Put(string code, SituationSetInput input, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        // Rules are checked against the newest version's materials: the one being edited or about to be published.
        var latest = await db.ItemVersions.AsNoTracking().Include(i => i.Materials).Where(i => i.Code == code)
            .OrderByDescending(i => i.Version).FirstOrDefaultAsync(ct);
        if (latest is null) return NotFound(code);
        var errors = Validate(input, latest.Materials);
        if (errors.Any) return errors.ToResult();

        var set = await db.ItemSituations.FirstOrDefaultAsync(s => s.ItemCode == code, ct);
        if (set is null) db.ItemSituations.Add(set = new ItemSituationSet { ItemCode = code });
        set.Questions = [.. (input.Questions ?? []).Select(q => q with { Key = q.Key.Trim(), Text = q.Text.Trim(), Options = [.. q.Options.Select(o => o with { Value = o.Value.Trim(), Label = o.Label.Trim() })] })];
        set.Rules = [.. input.Rules ?? []];
        set.UpdatedAt = clock.GetUtcNow();
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Catalog(code), AuditActor.FromHttp(http), "catalog.edit_situations", null,
            $"修改情形引导：{set.Questions.Count} 个问题，{set.Rules.Count} 条材料规则"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SituationSetDto(set.Questions, set.Rules, set.UpdatedAt));
    }

    internal static FieldErrors Validate(SituationSetInput input, IReadOnlyList<MaterialRequirement> materials)
    {
        var errors = new FieldErrors();
        var questions = input.Questions ?? [];
        var rules = input.Rules ?? [];
        if (questions.Count > 10) errors.Add("questions", "问题不能超过 10 个");
        if (rules.Count > 100) errors.Add("rules", "规则不能超过 100 条");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            if (string.IsNullOrWhiteSpace(q.Key) || q.Key.Trim().Length > 40) errors.Add($"questions[{i}].key", "问题标识为 1 到 40 个字符");
            else if (!keys.Add(q.Key.Trim())) errors.Add($"questions[{i}].key", $"问题标识 {q.Key} 重复");
            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Trim().Length > 200) errors.Add($"questions[{i}].text", "问题为 1 到 200 个字符");
            var options = q.Options ?? [];
            if (options.Count is < 2 or > 10) errors.Add($"questions[{i}].options", "每个问题需要 2 到 10 个选项");
            if (options.Any(o => string.IsNullOrWhiteSpace(o.Value) || o.Value.Trim().Length > 40 || string.IsNullOrWhiteSpace(o.Label) || o.Label.Trim().Length > 100))
                errors.Add($"questions[{i}].options", "选项值为 1 到 40 个字符，选项文字为 1 到 100 个字符");
            else if (options.Select(o => o.Value.Trim()).Distinct().Count() != options.Count) errors.Add($"questions[{i}].options", "选项值不能重复");
        }
        var byCode = materials.ToDictionary(m => m.Code);
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            if (r.MaterialCode is null || !byCode.TryGetValue(r.MaterialCode, out var material)) errors.Add($"rules[{i}].materialCode", "事项没有这个材料");
            else if (material.Necessity != Necessity.Optional)
                errors.Add($"rules[{i}].materialCode", $"材料“{material.Name}”受情形控制，应在事项中设为非必要（受理时按情形核对）");
            var question = questions.FirstOrDefault(q => q.Key?.Trim() == r.QuestionKey);
            if (question is null) errors.Add($"rules[{i}].questionKey", "没有这个问题");
            else if (r.Values is not { Count: > 0 } || r.Values.Any(v => question.Options.All(o => o.Value?.Trim() != v)))
                errors.Add($"rules[{i}].values", "规则的取值必须是该问题的选项");
        }
        return errors;
    }

    private static IResult NotFound(string code) => Problems.NotFound("catalog.item_not_found", "事项不存在", $"找不到编码为 {code} 的事项。");
}
