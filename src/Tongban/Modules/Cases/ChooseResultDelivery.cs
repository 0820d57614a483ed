using System.ComponentModel.DataAnnotations;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Organization;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Cases;

/// <summary>
/// 结果领取方式 as the applicant asks for it in POST /api/cases: pickup at any service point, or express to an address.
/// The input filter (Modules/Validation) already applies the name rule to recipientName and the free-text rule (≤ 200) to address.
/// </summary>
internal sealed record ResultDeliveryInput(string? Method, string? ServicePointCode, [property: MaxLength(ChooseResultDelivery.MaxAddress)] string? Address,
    string? RecipientName, string? RecipientMobile);

/// <summary>The checked choice, ready to be stored on the case.</summary>
internal sealed record ResultDeliveryChoice(string Method, string? PickupPointCode, string? Address, string? RecipientName, string? RecipientMobile);

/// <summary>What the case view shows of the choice; the address and recipient only to those who work on the case and the applicant.</summary>
internal sealed record ResultDeliveryDto(string Method, string? ServicePointCode, string? ServicePointName, string? OpeningHours, string? Address,
    string? RecipientName, string? RecipientMobile);

/// <summary>
/// 多点受理、受办分离、线下邮寄: at submission the applicant says how the result comes back — collected at a service point
/// of their choice (by default the one that received the application) or sent by express to an address they type.
/// </summary>
internal static class ChooseResultDelivery
{
    public const int MaxAddress = 200;

    /// <summary>
    /// Checks the choice; missing means pickup at <paramref name="receivingPoint"/>. The recipient defaults to the applicant
    /// (their name and mobile), so a kiosk or the portal only sends what the person changed.
    /// </summary>
    public static async Task<ResultDeliveryChoice?> ValidateAsync(TongbanDb db, ResultDeliveryInput? input, string? receivingPoint,
        string applicantName, string applicantMobile, FieldErrors errors, CancellationToken ct)
    {
        var method = input?.Method?.Trim().ToLowerInvariant() ?? "pickup";
        if (method == "pickup")
        {
            var point = string.IsNullOrWhiteSpace(input?.ServicePointCode) ? receivingPoint : input.ServicePointCode.Trim();
            if (point is null) return null;
            if (await ReferenceCache.PointAsync(db, point, ct) is null)
            {
                errors.Add("resultDelivery.servicePointCode", "领取结果的服务点不存在，请重新选择");
                return null;
            }
            return new ResultDeliveryChoice("pickup", point, null, null, null);
        }
        if (method != "express")
        {
            errors.Add("resultDelivery.method", "结果领取方式只能是 pickup（到服务点领取）或 express（快递送达）");
            return null;
        }
        var address = input!.Address?.Trim() ?? "";
        if (address.Length == 0) errors.Add("resultDelivery.address", "快递送达请填写收件地址");
        else if (address.Length < 5) errors.Add("resultDelivery.address", "收件地址太短，请写明镇（街道）、村（社区）和门牌号");
        var name = string.IsNullOrWhiteSpace(input.RecipientName) ? applicantName : input.RecipientName.Trim();
        if (name.Length == 0) errors.Add("resultDelivery.recipientName", "请填写收件人姓名");
        else if (name.Length > 50) errors.Add("resultDelivery.recipientName", "收件人姓名不能超过 50 个字符");
        var mobile = MobileNumber.Normalize(string.IsNullOrWhiteSpace(input.RecipientMobile) ? applicantMobile : input.RecipientMobile);
        if (mobile.Length == 0) errors.Add("resultDelivery.recipientMobile", "请填写收件人手机号码：快递员将联系收件人");
        else if (MobileNumber.Validate(mobile) is { IsValid: false } bad) errors.Add("resultDelivery.recipientMobile", bad.Message!, bad.Rule!);
        return new ResultDeliveryChoice("express", null, address, name, mobile);
    }

    public static void ApplyTo(Case c, ResultDeliveryChoice choice)
    {
        c.RequestedDeliveryMethod = choice.Method;
        c.PickupPointCode = choice.PickupPointCode;
        c.DeliveryAddress = choice.Address;
        c.RecipientName = choice.RecipientName;
        c.RecipientMobile = choice.RecipientMobile;
    }

    /// <summary>Where a pickup result waits: the chosen point, else (cases filed before the choice) the receiving point.</summary>
    public static string PickupPointOf(Case c) => c.PickupPointCode ?? c.ServicePointCode;

    /// <summary>"到 泉港区行政服务中心 领取" / "快递送达：…" — the receipt's 结果领取方式 line.</summary>
    public static string Describe(string? method, string? pointName, string? address, bool maskAddress) => method switch
    {
        "express" => "快递送达" + (address is null ? "" : "：" + (maskAddress ? MaskAddress(address) : address)),
        "pickup" => $"到{pointName}领取",
        _ => "办结时由窗口告知",
    };

    /// <summary>Keeps the town or street and hides the rest: "南埔镇****".</summary>
    public static string MaskAddress(string address)
    {
        var keep = Math.Min(address.Length, Math.Max(3, address.IndexOfAny(['镇', '街', '乡']) + 2));
        keep = Math.Min(keep, 12);
        return address[..keep] + "****";
    }

    public static async Task<ResultDeliveryDto?> ViewAsync(TongbanDb db, Case c, CancellationToken ct)
    {
        if (c.RequestedDeliveryMethod is not { } method) return null;
        if (method == "express")
            return new ResultDeliveryDto(method, null, null, null, c.DeliveryAddress, c.RecipientName, c.RecipientMobile);
        var point = await ReferenceCache.PointAsync(db, PickupPointOf(c), ct);
        return new ResultDeliveryDto(method, PickupPointOf(c), point?.Name ?? PickupPointOf(c), point?.OpeningHours, null, null, null);
    }

    /// <summary>For readers who watch the case without working on it: the address and recipient masked.</summary>
    public static ResultDeliveryDto Masked(ResultDeliveryDto d) => d.Address is null ? d
        : d with { Address = MaskAddress(d.Address), RecipientName = d.RecipientName is null ? null : PersonName.Mask(d.RecipientName),
            RecipientMobile = d.RecipientMobile is null ? null : MobileNumber.Mask(d.RecipientMobile) };
}
