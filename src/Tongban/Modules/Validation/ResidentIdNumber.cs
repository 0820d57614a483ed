namespace Tongban.Modules.Validation;

/// <summary>
/// 公民身份号码 per GB 11643-1999: 6-digit address code + birth date YYYYMMDD + 3-digit sequence
/// (odd = male) + MOD 11-2 check character. Legacy 15-digit numbers (issued before 1999: YYMMDD,
/// year 19YY, no check character) are still accepted because old records and some documents carry them.
/// </summary>
internal static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // Oldest holder in the standard's own worked example was born 1880; anything before 1800 is a typo.
    private static readonly DateOnly EarliestBirthDate = new(1800, 1, 1);

    /// <summary>
    /// Rules are checked in the order format → checksum → birth_date → region_code_unknown, so the
    /// reported rule is the first one that fails.
    /// </summary>
    /// <param name="today">Latest acceptable birth date; defaults to today in China (UTC+8).</param>
    public static ValidationResult Validate(string? value, DateOnly? today = null)
    {
        if (string.IsNullOrWhiteSpace(value)) return ValidationResult.Fail("required", "请填写身份证号码");
        var id = Normalize(value);

        if (!IsWellFormed(id)) return ValidationResult.Fail("format", "身份证号码应为18位（最后一位可为X）或15位数字");
        if (id.Length == 18 && id[17] != ComputeCheckCharacter(id.AsSpan(0, 17)))
        {
            return ValidationResult.Fail("checksum", "身份证号码校验位错误");
        }

        if (!TryGetBirthDate(id, out var birthDate) || birthDate < EarliestBirthDate || birthDate > (today ?? ChinaToday()))
        {
            return ValidationResult.Fail("birth_date", "身份证号码中的出生日期无效");
        }

        if (!AdministrativeDivisions.IsKnownCountyOrAbove(id[..6]))
        {
            return ValidationResult.Fail("region_code_unknown", "身份证号码中的地区代码不存在");
        }

        return ValidationResult.Ok;
    }

    /// <summary>Trims and upper-cases (a lower-case check character x is common input).</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToUpperInvariant();
    }

    /// <summary>
    /// Keeps the first 6 (region code, useful to a clerk) and the last 4 characters and stars out
    /// the rest, so the birth date never shows: "350505********123X" (15-digit: "110101*****1001").
    /// Anything too short to keep both ends is starred out entirely.
    /// </summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Normalize(value);
        if (id.Length <= 10) return new string('*', id.Length);
        return string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 10), id.AsSpan(id.Length - 4));
    }

    /// <exception cref="FormatException">Not a well-formed number with a real date.</exception>
    public static DateOnly BirthDate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Normalize(value);
        if (!IsWellFormed(id) || !TryGetBirthDate(id, out var date))
        {
            throw new FormatException("身份证号码格式错误，无法读取出生日期");
        }

        return date;
    }

    /// <summary>"male" when the sequence number (positions 15–17, or 13–15 in a 15-digit number) is odd, else "female".</summary>
    /// <exception cref="FormatException">Not a well-formed number.</exception>
    public static string Gender(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Normalize(value);
        if (!IsWellFormed(id)) throw new FormatException("身份证号码格式错误，无法读取性别");
        var lastSequenceDigit = id[id.Length == 18 ? 16 : 14] - '0';
        return lastSequenceDigit % 2 == 1 ? "male" : "female";
    }

    private static bool IsWellFormed(string id) => id.Length switch
    {
        18 => AllDigits(id.AsSpan(0, 17)) && (char.IsAsciiDigit(id[17]) || id[17] == 'X'),
        15 => AllDigits(id),
        _ => false,
    };

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return true;
    }

    /// <summary>GB 11643-1999 MOD 11-2 check character of the first 17 digits.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    private static bool TryGetBirthDate(string id, out DateOnly date)
    {
        date = default;
        int year, month, day;
        if (id.Length == 18)
        {
            year = Number(id, 6, 4);
            month = Number(id, 10, 2);
            day = Number(id, 12, 2);
        }
        else
        {
            year = 1900 + Number(id, 6, 2);
            month = Number(id, 8, 2);
            day = Number(id, 10, 2);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Number(string s, int start, int length) =>
        int.Parse(s.AsSpan(start, length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);

    // China has had no daylight saving time since 1991, so UTC+8 is exact and needs no tz database.
    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
}
