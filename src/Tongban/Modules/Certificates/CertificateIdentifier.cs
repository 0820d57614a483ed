using System.Text.RegularExpressions;

namespace Tongban.Modules.Certificates;

/// <summary>
/// 证照标识 (GB/T 36904-2018): <c>1.2.156.3005.2.{type}.{issuer credit code}.{serial}.{version}.{check}</c>. The check
/// character is ISO 7064 MOD 37,36 (hybrid) over type, issuer, serial and version written one after another.
/// </summary>
internal static partial class CertificateIdentifier
{
    public const string Root = "1.2.156.3005.2";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string Build(string typeCode, string issuerCreditCode, string serial, int version)
    {
        var versionText = version.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var check = CheckCharacter(typeCode + issuerCreditCode + serial + versionText);
        return $"{Root}.{typeCode}.{issuerCreditCode}.{serial}.{versionText}.{check}";
    }

    /// <summary>ISO 7064 MOD 37,36: the hybrid system over 0-9A-Z whose check character makes the string verify.</summary>
    public static char CheckCharacter(string data)
    {
        const int m = 36;
        var p = m;
        foreach (var c in data.ToUpperInvariant())
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new ArgumentException($"“{c}”不是 0-9A-Z 中的字符", nameof(data));
            var s = (p % (m + 1) + value) % m;
            if (s == 0) s = m;
            p = s * 2 % (m + 1);
        }
        // The check value a makes (p + a) mod 36 = 1.
        return Alphabet[(m + 1 - p) % m];
    }

    /// <summary>Whether a string with its check character appended verifies under MOD 37,36.</summary>
    public static bool Verifies(string dataWithCheck)
    {
        if (dataWithCheck.Length < 2) return false;
        return CheckCharacter(dataWithCheck[..^1]) == char.ToUpperInvariant(dataWithCheck[^1]);
    }

    /// <summary>A well-formed identifier whose check character is right.</summary>
    public static bool IsValid(string? identifier)
    {
        if (identifier is null || identifier.Length > 120) return false;
        var match = Shape().Match(identifier);
        return match.Success && CheckCharacter(match.Groups[1].Value + match.Groups[2].Value + match.Groups[3].Value + match.Groups[4].Value) == match.Groups[5].Value[0];
    }

    [GeneratedRegex(@"^1\.2\.156\.3005\.2\.([0-9A-Z]{1,40})\.([0-9A-Z]{18})\.([0-9A-Z]{1,20})\.([0-9]{3})\.([0-9A-Z])$")]
    private static partial Regex Shape();
}
