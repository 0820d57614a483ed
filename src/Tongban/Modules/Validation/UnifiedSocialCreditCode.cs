namespace Tongban.Modules.Validation;

/// <summary>
/// 统一社会信用代码 per GB 32100-2015: 18 characters from a 31-character alphabet (no I, O, Z, S, V),
/// the last a MOD 31 check character. The organisation code embedded at positions 9–17 has its own
/// GB 11714 check, which is deliberately not enforced: codes from some registering authorities are
/// not known to follow it, and rejecting a real enterprise at the window is worse than accepting a typo
/// that the main check character already catches in all but 1 of 31 cases.
/// </summary>
internal static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Rules in the order length → charset → checksum.</summary>
    public static ValidationResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return ValidationResult.Fail("required", "请填写统一社会信用代码");
        var code = Normalize(value);

        if (code.Length != 18) return ValidationResult.Fail("length", "统一社会信用代码应为18位");
        foreach (var c in code)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return ValidationResult.Fail("charset", "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）");
            }
        }

        if (code[17] != CheckCharacter(code.AsSpan(0, 17)))
        {
            return ValidationResult.Fail("checksum", "统一社会信用代码校验位错误");
        }

        return ValidationResult.Ok;
    }

    /// <summary>Trims and upper-cases.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToUpperInvariant();
    }

    /// <summary>The 18th character for the given first 17 (used, e.g., to generate valid demo codes).</summary>
    /// <exception cref="ArgumentException">Not 17 characters of the code alphabet.</exception>
    public static string ComputeCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        var code = Normalize(first17);
        if (code.Length != 17 || code.Any(c => Alphabet.IndexOf(c, StringComparison.Ordinal) < 0))
        {
            throw new ArgumentException("Expected the first 17 characters of a unified social credit code.", nameof(first17));
        }

        return CheckCharacter(code).ToString();
    }

    private static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
