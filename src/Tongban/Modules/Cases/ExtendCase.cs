namespace Tongban.Modules.Cases;

internal sealed record ExtendCaseRequest(int? WorkingDays, string? Reason);

/// <summary>POST /api/cases/{no}/extend — 延长办理时限 by N working days; approvers only, reason required.</summary>
internal static class ExtendCase
{
    public const int MaxWorkingDays = 30;

    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<ExtendCaseRequest>("extend", CaseAction.Extend, Handle, "延长办理时限");

    internal static Task<IResult?> Handle(ExtendCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Reason, "延期理由");
        if (request.WorkingDays is null or < 1 or > MaxWorkingDays) errors.Add("workingDays", $"延长的工作日天数必须在 1 到 {MaxWorkingDays} 之间");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Extend(ctx.Actor, ctx.Now, ctx.Calendar, request.WorkingDays!.Value, request.Reason!.Trim());
        return Task.FromResult<IResult?>(null);
    }
}
