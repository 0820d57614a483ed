using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record SuspendCaseRequest(string? Type, string? Reason);

internal sealed record ResumeCaseRequest(string? Result);

/// <summary>
/// POST /api/cases/{no}/suspend and /resume — special procedures (行政许可法 §45: 听证, 检验, 检测,
/// 检疫, 鉴定, 专家评审 …) whose time does not count toward the limit.
/// </summary>
internal static class SuspendCase
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapAction<SuspendCaseRequest>("suspend", CaseAction.Suspend, Suspend, "中止计时（特别程序）");
        api.MapAction<ResumeCaseRequest>("resume", CaseAction.Resume, Resume, "特别程序结束，恢复计时");
    }

    internal static Task<IResult?> Suspend(SuspendCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Reason, "特别程序事由");
        if (request.Type is null || !Case.SpecialProcedureTypes.Contains(request.Type))
            errors.Add("type", $"特别程序类型只能是：{string.Join("、", Case.SpecialProcedureTypes)}");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Suspend(ctx.Actor, ctx.Now, ctx.Calendar, request.Type!, request.Reason!.Trim());
        return Task.FromResult<IResult?>(null);
    }

    internal static Task<IResult?> Resume(ResumeCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        if (request.Result is { Length: > 1000 })
            return Task.FromResult<IResult?>(new FieldErrors().Add("result", "结果说明不能超过 1000 个字符").ToResult());
        ctx.Case.Resume(ctx.Actor, ctx.Now, ctx.Calendar, request.Result?.Trim());
        return Task.FromResult<IResult?>(null);
    }
}
