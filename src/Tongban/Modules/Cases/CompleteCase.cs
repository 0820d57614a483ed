using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Cases;

internal sealed record DeliveryInput(string? Method, string? TrackingNumber);

internal sealed record CompleteCaseRequest(DeliveryInput? Delivery, string? DocumentNumber);

/// <param name="IdNumber">At pickup, instead of the SMS pickup code: the ID card the clerk checked (applicant's or agent's).</param>
internal sealed record DeliverCaseRequest(string? PickupCode, string? TrackingNumber, string? IdNumber = null);

/// <summary>
/// POST /api/cases/{no}/complete — 办结: the decision is handed over by pickup at the service point the applicant
/// chose (with a pickup code) or by express, as the applicant asked at submission unless the body says otherwise; a 即办件 is accepted, reviewed and completed in one sitting.
/// POST /api/cases/{no}/deliver — 送达: the result was handed over (pickup code, or the ID card of the applicant or
/// their agent checked at the window when the SMS is not at hand) or shipped.
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
        // Without a method the result goes the way the applicant asked at submission.
        var method = string.IsNullOrWhiteSpace(request.Delivery?.Method) ? ctx.Case.RequestedDeliveryMethod : request.Delivery.Method;
        if (method is not ("pickup" or "express")) errors.Add("delivery.method", "送达方式只能是 pickup（窗口领取）或 express（快递）");
        if (request.Delivery?.TrackingNumber is { Length: > 40 }) errors.Add("delivery.trackingNumber", "运单号不能超过 40 个字符");
        if (request.DocumentNumber is { Length: > 100 }) errors.Add("documentNumber", "文书编号不能超过 100 个字符");
        if (errors.Any) return errors.ToResult();
        // Six digits the applicant shows at pickup; not guessable, not derived from the case number.
        var pickupCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        ctx.Case.Complete(ctx.Actor, ctx.Now, ctx.Calendar, await ctx.ItemAsync(ct), method!, request.Delivery?.TrackingNumber?.Trim(), request.DocumentNumber?.Trim(), pickupCode);
        return null;
    }

    internal static async Task<IResult?> Deliver(DeliverCaseRequest request, CaseCommandContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.PickupCode is { Length: > 20 }) errors.Add("pickupCode", "取件码不能超过 20 个字符");
        if (request.TrackingNumber is { Length: > 40 }) errors.Add("trackingNumber", "运单号不能超过 40 个字符");
        string? idCardHolder = null;
        if (!string.IsNullOrWhiteSpace(request.IdNumber))
        {
            var check = ResidentIdNumber.Validate(request.IdNumber);
            if (ctx.Case.DeliveryMethod != "pickup") errors.Add("idNumber", "只有窗口领取可凭身份证领取");
            else if (!check.IsValid) errors.Add("idNumber", check.Message!, check.Rule!);
            else idCardHolder = await IdCardHolderAsync(ctx, ResidentIdNumber.Normalize(request.IdNumber), ct);
            if (!errors.Any && idCardHolder is null)
                return Problems.Of(StatusCodes.Status409Conflict, "case.pickup_id_mismatch", "身份证与申请人不符",
                    "该身份证既不是申请人的，也不是代办人的，不能领取结果。");
        }
        if (errors.Any) return errors.ToResult();
        ctx.Case.Deliver(ctx.Actor, ctx.Now, request.PickupCode, request.TrackingNumber?.Trim(), idCardHolder);
        return null;
    }

    /// <summary>
    /// Who the ID card belongs to, as the audit trail records it ("申请人 350505********123X"), or null when it is
    /// neither the applicant's (a person) nor the agent's who applied online for the applicant.
    /// </summary>
    private static async Task<string?> IdCardHolderAsync(CaseCommandContext ctx, string idNumber, CancellationToken ct)
    {
        var c = ctx.Case;
        if (c.ApplicantKind == ApplicantKind.Person && ResidentIdNumber.Normalize(c.ApplicantIdNumber) == idNumber)
            return "申请人 " + ResidentIdNumber.Mask(idNumber);
        if (c.SubmittedByCitizenId is { } citizenId)
        {
            // Encrypted at rest: compared after loading, one row.
            var agentId = await ctx.Db.Citizens.AsNoTracking().Where(x => x.Id == citizenId).Select(x => x.IdNumber).FirstOrDefaultAsync(ct);
            if (agentId is not null && ResidentIdNumber.Normalize(agentId) == idNumber)
                return (c.ApplicantKind == ApplicantKind.Enterprise ? "经办人 " : "代办人 ") + ResidentIdNumber.Mask(idNumber);
        }
        return null;
    }
}
