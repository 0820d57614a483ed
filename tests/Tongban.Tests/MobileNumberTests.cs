using Tongban.Modules.Validation;

namespace Tongban.Tests;

public class MobileNumberTests
{
    public static TheoryData<string, bool, string> Vectors()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var row in TestCsv.Read("cn-mobile-vectors.csv"))
        {
            // Our policy is libphonenumber's CN mobile pattern, not validator.js's looser list.
            data.Add(row["value"], bool.Parse(row["matches_libphonenumber_cn_mobile_pattern"]), row["national_number_after_stripping_+86_or_0086"]);
        }

        return data;
    }

    [Fact]
    public void All_50_vectors_are_loaded()
    {
        Assert.Equal(50, Vectors().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector(string value, bool expectedValid, string nationalNumber)
    {
        var result = MobileNumber.Validate(value);

        Assert.Equal(expectedValid, result.IsValid);
        if (expectedValid) Assert.Equal(nationalNumber, MobileNumber.Normalize(value));
        else Assert.NotNull(result.Rule);
    }

    [Theory]
    [InlineData("+8613838389438", "13838389438")]
    [InlineData("008613838389438", "13838389438")]
    [InlineData("8613838389438", "13838389438")]
    [InlineData(" 138 3838 9438 ", "13838389438")]
    [InlineData("+86 138 3838 9438", "13838389438")]
    [InlineData("13838389438", "13838389438")]
    [InlineData("0086-13811211114", "-13811211114")]
    public void Normalize_strips_country_code_and_whitespace(string value, string expected)
    {
        Assert.Equal(expected, MobileNumber.Normalize(value));
    }

    [Theory]
    [InlineData("8613838389438")]
    [InlineData("+86 138 3838 9438")]
    public void Bare_86_prefix_and_spaces_are_accepted(string value)
    {
        Assert.Same(ValidationResult.Ok, MobileNumber.Validate(value));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("1383838943", "format")]
    [InlineData("138-3838-9438", "format")]
    [InlineData("1383838943a", "format")]
    [InlineData("14899230918", "number_range")]
    [InlineData("12038389438", "number_range")]
    public void Failing_rule(string? value, string rule)
    {
        Assert.Equal(rule, MobileNumber.Validate(value).Rule);
    }

    [Theory]
    [InlineData("17400123456", true)]
    [InlineData("17405123456", true)]
    [InlineData("17406123456", false)]
    [InlineData("16100123456", true)]
    [InlineData("16110123456", false)]
    public void Satellite_and_1610_ranges(string value, bool valid)
    {
        Assert.Equal(valid, MobileNumber.Validate(value).IsValid);
    }

    [Theory]
    [InlineData("13800000000", "138****0000")]
    [InlineData("+8613838389438", "138****9438")]
    [InlineData("12345", "*****")]
    public void Mask_keeps_segment_and_last_four(string value, string expected)
    {
        Assert.Equal(expected, MobileNumber.Mask(value));
    }
}
