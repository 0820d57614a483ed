using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Certificates;

internal sealed record FaceFieldDto(string Key, string Label);

internal sealed record CertificateTypeDto(string Code, string Name, string IssuerDepartmentCode, IReadOnlyList<FaceFieldDto> Fields, int? ValidityMonths);

/// <summary>
/// 证照类型: the known kinds with their face (照面信息), and GET /api/certificate-types. A type an item names but nobody
/// defined yet is made from the item at its first issue (<see cref="EnsureAsync"/>), so completing a case never fails for it.
/// </summary>
internal static class CertificateTypes
{
    /// <summary>Face keys every certificate can fill from its record; other keys come from the application form.</summary>
    public const string HolderName = "holderName", HolderCode = "holderCode", ItemName = "itemName", CaseNumber = "caseNumber";

    /// <summary>The kinds the platform knows how to lay out: name, face and validity.</summary>
    public static readonly IReadOnlyDictionary<string, (string Name, FaceField[] Fields, int? Months)> Known = new Dictionary<string, (string, FaceField[], int?)>
    {
        ["business-licence"] = ("营业执照", [new(HolderName, "名称"), new(HolderCode, "统一社会信用代码（身份证号码）"), new("kind", "类型"),
            new("operator", "经营者"), new("premises", "经营场所"), new("scope", "经营范围")], null),
        ["food-business-licence"] = ("食品经营许可证", [new(HolderName, "经营者名称"), new(HolderCode, "社会信用代码（身份证号码）"),
            new("representative", "法定代表人（负责人）"), new("premises", "经营场所"), new("mainBusiness", "主体业态"), new("scope", "经营项目")], 60),
        ["road-transport-licence"] = ("道路运输经营许可证", [new(HolderName, "业户名称"), new(HolderCode, "统一社会信用代码（身份证号码）"),
            new("address", "地址"), new("scope", "经营范围")], 48),
        ["public-health-licence"] = ("公共场所卫生许可证", [new(HolderName, "单位名称"), new(HolderCode, "统一社会信用代码（身份证号码）"),
            new("representative", "法定代表人（负责人）"), new("premises", "地址"), new("scope", "许可项目")], 48),
        ["drainage-licence"] = ("城镇污水排入排水管网许可证", [new(HolderName, "排水户名称"), new(HolderCode, "统一社会信用代码（身份证号码）"),
            new("premises", "排水户地址"), new("scope", "排水类别")], 60),
        ["demo-licence"] = ("行政许可证", [new(HolderName, "被许可人"), new(HolderCode, "证件号码"), new(ItemName, "许可事项"), new(CaseNumber, "办件编号")], 36),
    };

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/certificate-types", Handle).AllowAnonymous().WithTags("Certificates").Produces<List<CertificateTypeDto>>()
            .WithName("ListCertificateTypes").WithSummary("证照类型：名称、发证部门、照面信息项、有效期");

    internal static async Task<IResult> Handle(TongbanDb db, CancellationToken ct)
    {
        var types = await db.CertificateTypes.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct);
        return TypedResults.Ok(types.Select(ToDto).ToList());
    }

    public static CertificateTypeDto ToDto(CertificateType t) =>
        new(t.Code, t.Name, t.IssuerDepartmentCode, [.. t.Fields.Select(f => new FaceFieldDto(f.Key, f.Label))], t.ValidityMonths);

    /// <summary>A type row built from <see cref="Known"/> (or a generic licence named after the item) for an issuing department.</summary>
    public static CertificateType Define(string code, string issuerDepartmentCode, string issuerCreditCode, int sequence, string? fallbackName = null)
    {
        var (name, fields, months) = Known.TryGetValue(code, out var known) ? known : (fallbackName ?? "行政许可证", Known["demo-licence"].Fields, Known["demo-licence"].Months);
        return new CertificateType
        {
            Code = code, Name = name, IssuerDepartmentCode = issuerDepartmentCode,
            NationalTypeCode = issuerCreditCode + sequence.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
            Fields = fields, ValidityMonths = months,
        };
    }

    /// <summary>The type of <paramref name="code"/>, defined at first need (in its own unit of work, as seals are) when nobody has yet.</summary>
    public static async Task<CertificateType> EnsureAsync(TongbanDb db, IServiceScopeFactory scopes, string code, string departmentCode, string? itemResultName, CancellationToken ct)
    {
        var type = await db.CertificateTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct);
        if (type is not null) return type;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var own = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var creditCode = await own.Departments.AsNoTracking().Where(d => d.Code == departmentCode).Select(d => d.CreditCode).FirstAsync(ct);
            var sequence = await own.CertificateTypes.CountAsync(ct) + 1;
            own.CertificateTypes.Add(Define(code, departmentCode, creditCode, sequence % 1000, itemResultName));
            try
            {
                await own.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Infrastructure.ErrorHandling.DbErrors.IsUniqueViolation(e))
            {
                // Defined meanwhile by another request.
            }
        }
        return await db.CertificateTypes.AsNoTracking().FirstAsync(t => t.Code == code, ct);
    }
}
