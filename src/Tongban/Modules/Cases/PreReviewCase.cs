using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record CorrectionInput(string? RequirementCode, string? Reason);

internal sealed record PreReviewCaseRequest(string? Result, IReadOnlyList<CorrectionInput>? Corrections, string? Opinion);

/// <summary>
/// POST /api/cases/{no}/pre-review — 预审. "pass" clears the case for acceptance; "correct" issues the
/// one-time correction notice (一次性告知) naming every deficient material with its reason.
/// </summary>
internal static class PreReviewCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<PreReviewCaseRequest>("pre-review", CaseAction.PreReview, Handle, "预审（通过或一次性告知补正）");

    internal static async Task<IResult?> Handle(PreReviewCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Result is not ("pass" or "correct")) errors.Add("result", "预审结果只能是 pass（通过）或 correct（需补正）");
        if (request.Opinion is { Length: > 1000 }) errors.Add("opinion", "意见不能超过 1000 个字符");
        var corrections = request.Corrections ?? [];
        var requirements = await ctx.RequirementsAsync(ct);
        if (request.Result == "correct")
        {
            if (corrections.Count == 0) errors.Add("corrections", "一次性告知必须列出需要补正的材料及原因");
            for (var i = 0; i < corrections.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(corrections[i].RequirementCode) || !requirements.ContainsKey(corrections[i].RequirementCode!))
                    errors.Add($"corrections[{i}].requirementCode", "该事项没有这项材料要求");
                if (string.IsNullOrWhiteSpace(corrections[i].Reason)) errors.Add($"corrections[{i}].reason", "请说明需要补正的原因");
                else if (corrections[i].Reason!.Length > 500) errors.Add($"corrections[{i}].reason", "原因不能超过 500 个字符");
            }
            if (corrections.GroupBy(c => c.RequirementCode).Any(g => g.Count() > 1)) errors.Add("corrections", "同一材料只能列一次（原因可写在一起）");
        }
        else if (corrections.Count > 0) errors.Add("corrections", "预审通过时不能列出补正材料");
        if (errors.Any) return errors.ToResult();

        if (request.Result == "pass") ctx.Case.PreReviewPass(ctx.Actor, ctx.Now, request.Opinion);
        else ctx.Case.RequestCorrection(ctx.Actor, ctx.Now, [.. corrections.Select(c => new CorrectionRequest(c.RequirementCode!, c.Reason!))], requirements);
        return null;
    }
}
