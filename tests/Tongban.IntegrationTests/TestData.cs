namespace Tongban.IntegrationTests;

/// <summary>Identifiers that pass validation (GB 11643 / GB 32100 worked examples, a test-vector mobile).</summary>
internal static class TestData
{
    public const string ValidIdNumber = "11010519491231002X";
    public const string AnotherValidIdNumber = "440524188001010014";
    public const string IdWithBadChecksum = "110105194912310021";
    public const string ValidCreditCode = "91110000600037341L";
    public const string ValidMobile = "13800138000";
    public const string Password = "Demo#2026";
}
