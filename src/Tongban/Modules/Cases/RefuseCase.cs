using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record ReasonRequest(string? Reason);

/// <summary>POST /api/cases/{no}/refuse — 不予受理, with the reason the applicant is told.</summary>
internal static class RefuseCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapAction<ReasonRequest>("refuse", CaseAction.Refuse, Handle, "不予受理");

    internal static Task<IResult?> Handle(ReasonRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = Reasons.Check(request.Reason, "不予受理的理由");
        if (errors.Any) return Task.FromResult<IResult?>(errors.ToResult());
        ctx.Case.Refuse(ctx.Actor, ctx.Now, request.Reason!.Trim());
        return Task.FromResult<IResult?>(null);
    }
}

internal static class Reasons
{
    public static FieldErrors Check(string? reason, string label, string field = "reason")
    {
        var errors = new FieldErrors().Required(field, reason, label);
        if (reason is { Length: > 1000 }) errors.Add(field, $"{label}不能超过 1000 个字符");
        return errors;
    }
}
