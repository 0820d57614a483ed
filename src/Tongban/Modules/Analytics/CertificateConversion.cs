namespace Tongban.Modules.Analytics;

/// <summary>
/// 存量转化: paper certificates of one type converted into e-certificates (电子证照) by one department on one China day.
/// A conversion belongs to no case (the holder applied long ago), so it is counted here rather than in the case counters
/// (<see cref="DailyCaseStat"/>); the e-certificate module (a later issue) adds to it with
/// <see cref="RecordCertificateConversion"/> in the transaction that imports the certificates. Read by GET /api/stats/certificates.
/// </summary>
internal sealed class CertificateConversion
{
    public DateOnly Day { get; init; }
    /// <summary>The issuing department (部门编码) that converted them.</summary>
    public required string DepartmentCode { get; init; }
    /// <summary>证照类型代码 of the certificates converted.</summary>
    public required string CertificateTypeCode { get; init; }
    /// <summary>How many were converted that day.</summary>
    public int Converted { get; set; }
}
