namespace Tongban.Modules.Organization;

/// <summary>区划: the district a deployment serves (泉港区 350505 in the demo).</summary>
internal sealed class Region
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    /// <summary>Full name with province and city, e.g. 福建省泉州市泉港区.</summary>
    public required string FullName { get; set; }
}

/// <summary>三级联动: district center → town/street centers → village/community points.</summary>
internal enum ServicePointLevel
{
    District,
    Town,
    Village,
}

/// <summary>服务点 / 便民服务中心: where people hand in applications and pick up results.</summary>
internal sealed class ServicePoint
{
    public int Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public ServicePointLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public required string RegionCode { get; init; }
    /// <summary>The statistical division code (town 9 digits, village 12) it serves, when it stands for one.</summary>
    public string? DivisionCode { get; set; }
    public string? Address { get; set; }
    /// <summary>Human-readable opening hours, e.g. 周一至周五 8:30-12:00 14:30-17:30.</summary>
    public string? OpeningHours { get; set; }
    /// <summary>咨询电话 used in SMS when the department has none of its own.</summary>
    public string? Hotline { get; set; }
}

/// <summary>部门: a government body with a unified social credit code that handles items.</summary>
internal sealed class Department
{
    public int Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string CreditCode { get; set; }
    public required string RegionCode { get; init; }
    public string? Hotline { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>窗口: a counter in a service point, staffed for one or more departments.</summary>
internal sealed class ServiceWindow
{
    public int Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string ServicePointCode { get; init; }
    /// <summary>Departments served at this window (综合窗口 serve many).</summary>
    public List<string> DepartmentCodes { get; set; } = [];
}

internal enum KioskLocationKind
{
    BankLobby,
    ServicePoint,
}

/// <summary>24小时自助服务终端 (一体机) placed in a bank lobby or a service point.</summary>
internal sealed class Kiosk
{
    public int Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string LocationName { get; set; }
    public KioskLocationKind LocationKind { get; set; }
    public string? ServicePointCode { get; set; }
    public string? Address { get; set; }
    public bool Open24Hours { get; set; }
}
