using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record SupplementCaseRequest(IReadOnlyList<MaterialInput>? Materials);

/// <summary>POST /api/cases/{no}/supplement — the applicant's corrected or 容缺 materials, handed in at the window.</summary>
internal static class SupplementCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<SupplementCaseRequest>("supplement", CaseAction.Supplement, Handle, "补正材料");

    internal static async Task<IResult?> Handle(SupplementCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var materials = request.Materials ?? [];
        if (materials.Count == 0) errors.Add("materials", "请至少提交一项材料");
        var requirements = await ctx.RequirementsAsync(ct);
        await CaseMaterialInputs.ValidateAsync(ctx.Db, materials, requirements, errors, ct);
        if (errors.Any) return errors.ToResult();
        ctx.Case.Supplement(ctx.Actor, ctx.Now, [.. materials.DistinctBy(m => m.RequirementCode).Select(m => new SuppliedMaterial(m.RequirementCode!, m.FileId))], requirements);
        return null;
    }
}
