using Tongban.Modules.Validation;

namespace Tongban.Tests;

public class HotlineNumberTests
{
    [Theory]
    [InlineData("0595-87781100")]
    [InlineData("059587781100")]
    [InlineData("010-12345678")]
    [InlineData("0595 8778 1100")]
    [InlineData("0595－87781100")]
    [InlineData("0595-87781100-801")]
    [InlineData("13800138000")]
    [InlineData("12345")]
    [InlineData("12315")]
    [InlineData("95599")]
    [InlineData("400-800-8888")]
    [InlineData("4008008888")]
    public void Accepts_landlines_mobiles_and_service_numbers(string value) => Assert.True(HotlineNumber.Validate(value).IsValid, value);

    [Theory]
    [InlineData("", "required")]
    [InlineData("  ", "required")]
    [InlineData("87781100", "format")]
    [InlineData("0595-0778110", "format")]
    [InlineData("1234", "format")]
    [InlineData("12345678901", "format")]
    [InlineData("call 12345", "format")]
    [InlineData("0595-87781100-1234567", "length")]
    [InlineData("<script>", "format")]
    public void Refuses_anything_else_with_its_rule(string value, string rule)
    {
        var result = HotlineNumber.Validate(value);
        Assert.False(result.IsValid, value);
        Assert.Equal(rule, result.Rule);
        Assert.Contains("咨询电话", result.Message, StringComparison.Ordinal);
    }
}
