using System.Globalization;

namespace Tongban.LoadDriver;

/// <summary>
/// Valid-looking personal data for test applicants: the server checks resident ID numbers (GB 11643
/// check digit, birth date, region code) and mobile numbers, so made-up ones must pass the same rules.
/// </summary>
internal static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>泉港区, the demo district: a region code the server knows.</summary>
    public const string DemoRegion = "350505";

    /// <summary>GB 11643-1999: Σ digit × weight (mod 11) indexes "10X98765432".</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("Need the first 17 digits.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i])) throw new ArgumentException("Digits only.", nameof(first17));
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>An 18-character resident ID number: region, birth date, 3-digit sequence, check character.</summary>
    public static string Resident(string region, DateOnly birthDate, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999);
        var first17 = region + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }

    /// <summary>A random adult of the demo district, born 1950–2005.</summary>
    public static string RandomResident(Random random)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 55));
        return Resident(DemoRegion, birth, random.Next(1000));
    }

    /// <summary>A mobile number in the 139 block (valid under the CN numbering plan the server checks against).</summary>
    public static string RandomMobile(Random random) => "139" + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    private static readonly string[] Surnames = ["陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "郑", "许", "谢", "郭", "洪", "曾"];
    private static readonly string[] GivenNames = ["志明", "淑芬", "建华", "丽娟", "文斌", "秀英", "国强", "美玲", "海燕", "俊杰", "晓东", "雅婷"];

    public static string RandomName(Random random) => Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
}
