using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record ToleranceInput(IReadOnlyList<string>? Missing, DateOnly? CommitDueDate);

internal sealed record AcceptCaseRequest(ToleranceInput? Tolerance, string? Opinion);

/// <summary>POST /api/cases/{no}/accept — 受理 (or 容缺受理 with named tolerable materials and a commitment date). Starts the clock.</summary>
internal static class AcceptCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<AcceptCaseRequest>("accept", CaseAction.Accept, Handle, "受理（可容缺受理）");

    internal static async Task<IResult?> Handle(AcceptCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ToleranceRequest? tolerance = null;
        if (request.Tolerance is { } t)
        {
            if (t.Missing is not { Count: > 0 }) errors.Add("tolerance.missing", "容缺受理须列出容缺的材料");
            if (t.CommitDueDate is null) errors.Add("tolerance.commitDueDate", "容缺受理须有承诺补齐日期");
            if (!errors.Any) tolerance = new ToleranceRequest([.. t.Missing!.Distinct()], t.CommitDueDate!.Value);
        }
        if (request.Opinion is { Length: > 2000 }) errors.Add("opinion", "意见不能超过 2000 个字符");
        if (errors.Any) return errors.ToResult();
        ctx.Case.Accept(ctx.Actor, ctx.Now, ctx.Calendar, await ctx.ItemAsync(ct), tolerance, request.Opinion);
        return null;
    }
}
