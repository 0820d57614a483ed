using Tongban.Modules.Validation;

namespace Tongban.Tests;

public class ResidentIdNumberTests
{
    // The vectors' verdicts assume a plausible birth date is on or before 2026-01-01.
    private static readonly DateOnly VectorToday = new(2026, 1, 1);

    public static TheoryData<string, string, bool, string> Vectors()
    {
        var data = new TheoryData<string, string, bool, string>();
        foreach (var row in TestCsv.Read("resident-id-vectors.csv"))
        {
            data.Add(row["kind"], row["value"], bool.Parse(row["expected_valid_strict"]), row["first_failing_rule"]);
        }

        return data;
    }

    [Fact]
    public void All_29_vectors_are_loaded()
    {
        Assert.Equal(29, Vectors().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector(string kind, string value, bool expectedValid, string firstFailingRule)
    {
        Assert.StartsWith("resident_id_", kind, StringComparison.Ordinal);
        var result = ResidentIdNumber.Validate(value, VectorToday);

        Assert.Equal(expectedValid, result.IsValid);
        Assert.Equal(expectedValid ? null : firstFailingRule, result.Rule);
        Assert.Equal(expectedValid, result.Message is null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_value_is_required(string? value)
    {
        Assert.Equal("required", ResidentIdNumber.Validate(value, VectorToday).Rule);
    }

    [Theory]
    [InlineData("11010519491231002")]
    [InlineData("1101051949123100211")]
    [InlineData("11010519491231002Y")]
    [InlineData("11010519491231X02X")]
    [InlineData("11010149100100X")]
    public void Malformed_numbers_fail_format(string value)
    {
        var result = ResidentIdNumber.Validate(value, VectorToday);
        Assert.Equal("format", result.Rule);
        Assert.Equal("身份证号码应为18位（最后一位可为X）或15位数字", result.Message);
    }

    [Fact]
    public void Wrong_check_character_has_a_chinese_message()
    {
        Assert.Equal(new ValidationResult(false, "checksum", "身份证号码校验位错误"), ResidentIdNumber.Validate("110105194912310021", VectorToday));
    }

    [Fact]
    public void Lower_case_x_and_surrounding_spaces_are_accepted()
    {
        Assert.Same(ValidationResult.Ok, ResidentIdNumber.Validate(" 44011320141005001x ", VectorToday));
        Assert.Equal("44011320141005001X", ResidentIdNumber.Normalize(" 44011320141005001x "));
    }

    [Fact]
    public void Birth_date_after_today_is_rejected()
    {
        // Born 2014-10-05.
        Assert.True(ResidentIdNumber.Validate("44011320141005001X", new DateOnly(2014, 10, 5)).IsValid);
        Assert.Equal("birth_date", ResidentIdNumber.Validate("44011320141005001X", new DateOnly(2014, 10, 4)).Rule);
    }

    [Fact]
    public void Default_today_accepts_a_past_birth_date()
    {
        Assert.True(ResidentIdNumber.Validate("11010519491231002X").IsValid);
    }

    [Fact]
    public void Abolished_region_codes_are_accepted()
    {
        // 440524 潮阳县 was abolished in 1993; an ID issued before keeps it.
        Assert.True(AdministrativeDivisions.IsKnownCountyOrAbove("440524"));
        Assert.Equal("潮阳县", AdministrativeDivisions.NameOf("440524"));
        Assert.Equal("东丽区", AdministrativeDivisions.NameOf("120110"));
        Assert.Equal("泉港区", AdministrativeDivisions.NameOf("350505"));
        Assert.False(AdministrativeDivisions.IsKnownCountyOrAbove("235407"));
        Assert.False(AdministrativeDivisions.IsKnownCountyOrAbove("35050"));
        Assert.Null(AdministrativeDivisions.NameOf("990426"));
    }

    [Theory]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("44011320141005001x", "440113********001X")]
    [InlineData("110101491001001", "110101*****1001")]
    [InlineData("1234567890", "**********")]
    [InlineData("", "")]
    public void Mask_keeps_first_six_and_last_four(string value, string expected)
    {
        Assert.Equal(expected, ResidentIdNumber.Mask(value));
    }

    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, "female")]
    [InlineData("440524188001010014", 1880, 1, 1, "male")]
    [InlineData("110101491001001", 1949, 10, 1, "male")]
    [InlineData("110101491001002", 1949, 10, 1, "female")]
    public void Birth_date_and_gender(string value, int year, int month, int day, string gender)
    {
        Assert.Equal(new DateOnly(year, month, day), ResidentIdNumber.BirthDate(value));
        Assert.Equal(gender, ResidentIdNumber.Gender(value));
    }

    [Theory]
    [InlineData("360426199113010079")]
    [InlineData("12345")]
    public void Birth_date_of_a_malformed_number_throws(string value)
    {
        Assert.Throws<FormatException>(() => ResidentIdNumber.BirthDate(value));
    }

    [Fact]
    public void Gender_of_a_malformed_number_throws()
    {
        Assert.Throws<FormatException>(() => ResidentIdNumber.Gender("ABC"));
    }
}
