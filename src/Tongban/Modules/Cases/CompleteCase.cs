using System.Security.Cryptography;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record DeliveryInput(string? Method, string? TrackingNumber);

internal sealed record CompleteCaseRequest(DeliveryInput? Delivery, string? DocumentNumber);

internal sealed record DeliverCaseRequest(string? PickupCode, string? TrackingNumber);

/// <summary>
/// POST /api/cases/{no}/complete — 办结: the decision is handed over by pickup at the receiving point
/// (with a pickup code) or by express; a 即办件 is accepted, reviewed and completed in one sitting.
/// POST /api/cases/{no}/deliver — 送达: the result was handed over (pickup code checked) or shipped.
/// </summary>
internal static class CompleteCase
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapAction<CompleteCaseRequest>("complete", CaseAction.Complete, Complete, "办结");
        api.MapAction<DeliverCaseRequest>("deliver", CaseAction.Deliver, Deliver, "送达（领取或快递）");
    }

    internal static async Task<IResult?> Complete(CompleteCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var method = request.Delivery?.Method;
        if (method is not ("pickup" or "express")) errors.Add("delivery.method", "送达方式只能是 pickup（窗口领取）或 express（快递）");
        if (request.Delivery?.TrackingNumber is { Length: > 40 }) errors.Add("delivery.trackingNumber", "运单号不能超过 40 个字符");
        if (request.DocumentNumber is { Length: > 100 }) errors.Add("documentNumber", "文书编号不能超过 100 个字符");
        if (errors.Any) return errors.ToResult();
        // Six digits the applicant shows at pickup; not guessable, not derived from the case number.
        var pickupCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        ctx.Case.Complete(ctx.Actor, ctx.Now, ctx.Calendar, await ctx.ItemAsync(ct), method!, request.Delivery!.TrackingNumber?.Trim(), request.DocumentNumber?.Trim(), pickupCode);
        return null;
    }

    internal static Task<IResult?> Deliver(DeliverCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        ctx.Case.Deliver(ctx.Actor, ctx.Now, request.PickupCode, request.TrackingNumber?.Trim());
        return Task.FromResult<IResult?>(null);
    }
}
