using System.Text.RegularExpressions;

namespace Tongban.Modules.Validation;

/// <summary>
/// Mainland China mobile numbers, as SMS targets. Valid means the 11-digit national number matches
/// libphonenumber's CN mobile pattern (metadata 9.0.35): data-only 14x ranges other than 145/147,
/// the 1740x satellite range beyond 17405 and unassigned 92x/98x segments are refused, since an SMS
/// to them would not arrive.
/// </summary>
internal static partial class MobileNumber
{
    /// <summary>Rules: required → format (not 11 digits after normalising) → number_range (not a mobile segment).</summary>
    public static ValidationResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return ValidationResult.Fail("required", "请填写手机号码");
        var number = Normalize(value);
        if (number.Length != 11 || !number.All(char.IsAsciiDigit))
        {
            return ValidationResult.Fail("format", "手机号码应为11位数字");
        }

        return MobilePattern().IsMatch(number)
            ? ValidationResult.Ok
            : ValidationResult.Fail("number_range", "手机号码号段无效");
    }

    /// <summary>
    /// The 11-digit national number: removes whitespace and a +86 / 0086 / 86 country prefix. Dashes
    /// and other punctuation are left in place (so such input fails "format"), matching the shared test
    /// vectors, where "+86-138…" and "0086-138-1121-1114" are invalid. Input that is no number comes back cleaned but otherwise unchanged.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
        if (compact.StartsWith("+86", StringComparison.Ordinal)) return compact[3..];
        if (compact.StartsWith("0086", StringComparison.Ordinal)) return compact[4..];
        // Bare "86" only when exactly a country code plus 11 digits remain; no mobile number starts with 86.
        if (compact.Length == 13 && compact.StartsWith("86", StringComparison.Ordinal)) return compact[2..];
        return compact;
    }

    /// <summary>"138****0000": keeps the segment and the last 4 digits; anything else is starred out entirely.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var number = Normalize(value);
        return number.Length == 11
            ? string.Concat(number.AsSpan(0, 3), "****", number.AsSpan(7))
            : new string('*', number.Length);
    }

    // libphonenumber resources/PhoneNumberMetadata.xml, territory CN, <mobile> nationalNumberPattern.
    [GeneratedRegex(@"^(?:1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();
}
