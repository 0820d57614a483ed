namespace Tongban.Modules.Validation;

/// <summary>
/// Outcome of checking one identifier. <see cref="Rule"/> is a stable English code for clients and
/// tests ("required", "length", "format", "charset", "checksum", "birth_date", "region_code_unknown",
/// "number_range"); <see cref="Message"/> is the Chinese text shown to the user.
/// </summary>
internal sealed record ValidationResult(bool IsValid, string? Rule, string? Message)
{
    public static readonly ValidationResult Ok = new(true, null, null);

    public static ValidationResult Fail(string rule, string message) => new(false, rule, message);
}
