using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

internal sealed record SituationQuestionsDto(IReadOnlyList<SituationQuestion> Questions);

internal sealed record SituationAnswerRequest(IReadOnlyDictionary<string, string>? Answers);

/// <summary>A material of the answered situation; Situational = needed because of an answer (not in every situation).</summary>
internal sealed record SituationMaterialDto(MaterialRequirementDto Material, bool Situational);

internal sealed record SituationMaterialsDto(IReadOnlyList<SituationMaterialDto> Materials, IReadOnlyList<string> NotNeeded);

/// <summary>
/// 情形引导 on the guide and in the application wizard: GET the questions of a published item, POST the answers and get
/// exactly the materials of that situation (a material a rule ties to an answer counts as needed when it applies).
/// </summary>
internal static class SituationGuide
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/items/{code}/situations", Questions).AllowAnonymous().Produces<SituationQuestionsDto>().ProducesProblem(404)
            .WithName("GetItemSituations").WithSummary("情形引导：问题");
        api.MapPost("/items/{code}/situations/answer", Answer).AllowAnonymous().Produces<SituationMaterialsDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("AnswerItemSituations").WithSummary("情形引导：按回答给出所需材料");
    }

    private static async Task<IResult> Questions(string code, TongbanDb db, CancellationToken ct)
    {
        if (!await db.ItemVersions.AnyAsync(i => i.Code == code && i.Status == ItemVersionStatus.Published, ct)) return NotFound(code);
        var set = await db.ItemSituations.AsNoTracking().FirstOrDefaultAsync(s => s.ItemCode == code, ct);
        return TypedResults.Ok(new SituationQuestionsDto(set?.Questions ?? []));
    }

    private static async Task<IResult> Answer(string code, SituationAnswerRequest request, TongbanDb db, CancellationToken ct)
    {
        var item = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
            .FirstOrDefaultAsync(i => i.Code == code && i.Status == ItemVersionStatus.Published, ct);
        if (item is null) return NotFound(code);
        var set = await db.ItemSituations.AsNoTracking().FirstOrDefaultAsync(s => s.ItemCode == code, ct) ?? new ItemSituationSet { ItemCode = code };
        var answers = request.Answers ?? new Dictionary<string, string>();
        var errors = new FieldErrors();
        foreach (var q in set.Questions)
        {
            if (!answers.TryGetValue(q.Key, out var answer) || string.IsNullOrWhiteSpace(answer)) errors.Add($"answers.{q.Key}", $"请回答：{q.Text}");
            else if (q.Options.All(o => o.Value != answer)) errors.Add($"answers.{q.Key}", $"“{q.Text}”没有这个选项");
        }
        foreach (var key in answers.Keys.Where(k => set.Questions.All(q => q.Key != k))) errors.Add($"answers.{key}", "没有这个问题");
        if (errors.Any) return errors.ToResult();

        var ordered = item.Materials.OrderBy(m => m.SortOrder).ThenBy(m => m.Code).ToList();
        var applicable = set.Applicable(ordered, answers).ToList();
        return TypedResults.Ok(new SituationMaterialsDto(
            [.. applicable.Select(m => new SituationMaterialDto(ToDto(m, set.IsSituational(m.Code)), set.IsSituational(m.Code)))],
            [.. ordered.Except(applicable).Select(m => m.Name)]));
    }

    /// <summary>A situational material that applies is needed in this situation, whatever its catalog necessity says.</summary>
    private static MaterialRequirementDto ToDto(MaterialRequirement m, bool situational) => new(
        m.Code, m.Name, situational && m.Necessity == Necessity.Optional ? Necessity.Required : m.Necessity, m.Type, m.Form,
        m.OriginalCopies, m.Photocopies, m.Source, m.MaterialTypeCode, m.CertificateTypeCode, m.Notes);

    private static IResult NotFound(string code) =>
        Problems.NotFound("catalog.item_not_found", "事项不存在或未发布", $"找不到编码为 {code} 的已发布事项。");
}
