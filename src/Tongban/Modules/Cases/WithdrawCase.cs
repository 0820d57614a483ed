namespace Tongban.Modules.Cases;

/// <summary>
/// POST /api/cases/{no}/withdraw — 撤回 before a decision (a clerk for the applicant; the citizen's own
/// login comes with the citizen portal). POST /api/cases/{no}/terminate — 终止 when a 容缺 commitment was not kept.
/// </summary>
internal static class WithdrawCase
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapAction<ReasonRequest>("withdraw", CaseAction.Withdraw, Withdraw, "撤回申请");
        api.MapAction<ReasonRequest>("terminate", CaseAction.Terminate, Terminate, "终止（容缺承诺未履行）");
    }

    internal static Task<IResult?> Withdraw(ReasonRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Reason, "撤回原因");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Withdraw(ctx.Actor, ctx.Now, request.Reason!.Trim());
        return Task.FromResult<IResult?>(null);
    }

    internal static Task<IResult?> Terminate(ReasonRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Reason, "终止原因");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Terminate(ctx.Actor, ctx.Now, request.Reason!.Trim());
        return Task.FromResult<IResult?>(null);
    }
}
