using System.Text.RegularExpressions;

namespace Tongban.Modules.Validation;

/// <summary>
/// 咨询电话 as printed in an SMS: a landline with its area code (0595-87781100, 059587781100, an extension after a dash),
/// a mobile number, a government service number (12345, 12315, 12366 …), a 95xxx(x) number, or a 400/800 number.
/// Normalised to digits and dashes; spaces are dropped.
/// </summary>
internal static partial class HotlineNumber
{
    /// <summary>Rules: required → length (more than 20 characters) → format.</summary>
    public static ValidationResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return ValidationResult.Fail("required", "请填写咨询电话");
        var number = Normalize(value);
        if (number.Length > 20) return ValidationResult.Fail("length", "咨询电话不能超过 20 个字符");
        return Pattern().IsMatch(number)
            ? ValidationResult.Ok
            : ValidationResult.Fail("format", "咨询电话格式不正确：应为带区号的固定电话（如 0595-87781100）、手机号码或 12345 等服务号码");
    }

    /// <summary>Removes whitespace; a dash or full-width dash between groups is kept as "-".</summary>
    public static string Normalize(string value) =>
        string.Concat(value.Where(c => !char.IsWhiteSpace(c))).Replace('－', '-').Replace('—', '-');

    [GeneratedRegex(@"^(?:0\d{2,3}-?[1-9]\d{6,7}(?:-\d{1,6})?|1[3-9]\d{9}|1\d{2}|1\d{4}|95\d{3,4}|[48]00-?\d{3}-?\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
