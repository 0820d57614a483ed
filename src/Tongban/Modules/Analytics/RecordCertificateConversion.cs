using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Analytics;

/// <summary>
/// 存量转化 statistics: counts paper certificates converted into e-certificates. Called by the e-certificate module
/// (a later issue) inside its own transaction, right where it stores the converted certificates, so the count commits or
/// rolls back with them. No HTTP endpoint writes it: nothing converts certificates yet (docs/adr/0004).
/// One atomic upsert (INSERT … ON CONFLICT DO UPDATE SET converted = converted + excluded.converted, SQLite and
/// PostgreSQL): concurrent imports on the same day add up instead of overwriting each other.
/// </summary>
internal static class RecordCertificateConversion
{
    public const int MaxTypeCodeLength = 64;

    /// <summary>Adds <paramref name="count"/> conversions by <paramref name="departmentCode"/> of <paramref name="certificateTypeCode"/> on the China day of <paramref name="convertedAt"/>.</summary>
    /// <exception cref="ArgumentException">A blank or unknown department, a blank or too long type code, or a count below 1.</exception>
    public static async Task RecordAsync(TongbanDb db, string departmentCode, string certificateTypeCode, DateTimeOffset convertedAt, int count, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateTypeCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var type = certificateTypeCode.Trim();
        if (type.Length > MaxTypeCodeLength) throw new ArgumentException($"证照类型代码不能超过 {MaxTypeCodeLength} 个字符", nameof(certificateTypeCode));
        var department = departmentCode.Trim();
        // A conversion under a code no department has would count in no department's row.
        if (!await db.Departments.AnyAsync(d => d.Code == department, ct)) throw new ArgumentException($"没有部门编码 {department}", nameof(departmentCode));
        var day = ChinaTime.DateOf(convertedAt);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO certificate_conversions (day, department_code, certificate_type_code, converted)
            VALUES ({day}, {department}, {type}, {count})
            ON CONFLICT (day, department_code, certificate_type_code) DO UPDATE SET
                converted = certificate_conversions.converted + excluded.converted
            """, ct);
    }
}
