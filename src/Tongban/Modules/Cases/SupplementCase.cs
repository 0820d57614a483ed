using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record SupplementCaseRequest(IReadOnlyList<MaterialInput>? Materials);

/// <summary>POST /api/cases/{no}/supplement — the applicant's corrected or 容缺 materials, handed in at the window or online by the applicant.</summary>
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
        var caller = ctx.Staff is { } staff ? "staff:" + staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "citizen:" + ctx.Citizen!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = await CaseMaterialInputs.ValidateAsync(ctx.Db, materials, requirements, ctx.Case.ItemCode, Materials.LibraryOwner.OfCase(ctx.Case),
            caller, Infrastructure.Clock.ChinaTime.DateOf(ctx.Now), errors, ctx.Services.GetRequiredService<ICertificateMaterials>(), ct);
        if (errors.Any) return errors.ToResult();
        if (found.Refusal is not null) return found.Refusal;
        ctx.Case.Supplement(ctx.Actor, ctx.Now, [.. materials.DistinctBy(m => m.RequirementCode).Select(m => found.ToSupplied(m, ctx.Now))], requirements);
        return null;
    }
}
