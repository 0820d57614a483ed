using Tongban.Modules.Validation;

namespace Tongban.Tests;

public class UnifiedSocialCreditCodeTests
{
    public static TheoryData<string, bool, string> Vectors()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var row in TestCsv.Read("uscc-vectors.csv"))
        {
            data.Add(row["value"], bool.Parse(row["expected_valid"]), row["first_failing_rule"]);
        }

        return data;
    }

    [Fact]
    public void All_243_vectors_are_loaded()
    {
        Assert.Equal(243, Vectors().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector(string value, bool expectedValid, string firstFailingRule)
    {
        var result = UnifiedSocialCreditCode.Validate(value);

        Assert.Equal(expectedValid, result.IsValid);
        Assert.Equal(expectedValid ? null : firstFailingRule, result.Rule);
        Assert.Equal(expectedValid, result.Message is null);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Computed_check_character_matches_valid_vectors(string value, bool expectedValid, string firstFailingRule)
    {
        Assert.True(expectedValid || firstFailingRule.Length > 0);
        if (!expectedValid) return;
        Assert.Equal(value[17..], UnifiedSocialCreditCode.ComputeCheckCharacter(value[..17]));
    }

    [Fact]
    public void Worked_example_from_the_standard()
    {
        Assert.Equal("L", UnifiedSocialCreditCode.ComputeCheckCharacter("91110000600037341"));
        Assert.Equal(new ValidationResult(false, "checksum", "统一社会信用代码校验位错误"), UnifiedSocialCreditCode.Validate("91110000600037341N"));
    }

    [Fact]
    public void Lower_case_and_spaces_are_normalised()
    {
        Assert.Equal("91310115MA1K3BTP2B", UnifiedSocialCreditCode.Normalize(" 91310115ma1k3btp2b "));
        Assert.True(UnifiedSocialCreditCode.Validate(" 91310115ma1k3btp2b ").IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Missing_value_is_required(string? value)
    {
        Assert.Equal("required", UnifiedSocialCreditCode.Validate(value).Rule);
    }

    [Fact]
    public void Org_code_part_is_not_checked()
    {
        // A valid main check character over an organisation code whose own GB 11714 check is wrong
        // (its check digit, position 17, changed from 1 to 0; main check recomputed) still passes.
        const string first17 = "91110000600037340";
        var code = first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
        Assert.True(UnifiedSocialCreditCode.Validate(code).IsValid);
    }

    [Theory]
    [InlineData("9111000060003734")]
    [InlineData("911100006000373411")]
    [InlineData("9111000060003734I")]
    public void Check_character_needs_17_alphabet_characters(string first17)
    {
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.ComputeCheckCharacter(first17));
    }
}
