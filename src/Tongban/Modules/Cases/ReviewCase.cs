using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record ReviewCaseRequest(string? Decision, string? Opinion);

/// <summary>POST /api/cases/{no}/review — one step of 审核 or 审批: approve, reject or return, always with an opinion.</summary>
internal static class ReviewCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<ReviewCaseRequest>("review", CaseAction.Review, Handle, "审核 / 审批");

    internal static Task<IResult?> Handle(ReviewCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Opinion, "审核意见", "opinion");
        if (request.Decision is not ("approve" or "reject" or "return")) errors.Add("decision", "审核结论只能是 approve（同意）、reject（不予）或 return（退回）");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Review(ctx.Actor, ctx.Now, request.Decision!, request.Opinion!.Trim());
        return Task.FromResult<IResult?>(null);
    }
}
