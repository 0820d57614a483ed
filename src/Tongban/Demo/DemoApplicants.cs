using System.Globalization;
using Tongban.Modules.Cases;
using Tongban.Modules.Validation;

namespace Tongban.Demo;

/// <summary>A synthetic applicant of the demo history: a person, or an enterprise with its contact person.</summary>
internal sealed record DemoApplicant(ApplicantKind Kind, string Name, string IdNumber, string Mobile, string? ContactName);

/// <summary>
/// Synthetic applicants for the demo case history. Names are drawn from common 闽南 surnames and
/// ordinary given names; resident ID numbers are 350505 + a birth date (age 18–80) + a sequence +
/// the GB 11643 MOD 11-2 check character; mobiles come from the made-up 1380595xxxx block (1000–9999,
/// above the staff accounts' 0001–0014); enterprises get 统一社会信用代码 "91" (企业) + 350505 + "MA" +
/// 7 digits + the GB 32100 check character. All are valid in format and none is a real person or company.
/// </summary>
internal static class DemoApplicants
{
    private static readonly string[] Surnames =
        ["陈", "林", "黄", "张", "王", "李", "吴", "刘", "蔡", "杨", "郑", "许", "庄", "连", "郭", "洪", "苏", "柯", "曾", "邱", "肖", "卢", "骆", "潘"];

    private static readonly string[] GivenNames =
        ["伟", "芳", "秀英", "丽华", "志强", "建华", "美玲", "文博", "晓东", "婷婷", "海燕", "国平", "少华", "雅琴", "明辉", "俊杰", "淑贞", "清泉", "金水", "丽娟",
         "志明", "雪梅", "振兴", "惠敏", "家豪", "思远", "梓涵", "宇轩", "佳怡", "永福", "春花", "水生", "瑞华", "素琴", "鸿飞", "晨曦"];

    private static readonly string[] FirmWords =
        ["鑫源", "恒通", "海利", "泉兴", "德润", "宏达", "峰华", "兴港", "瑞丰", "嘉禾", "永盛", "华创", "聚福", "远航", "新特", "锦程", "港湾", "万和", "信诚", "益民"];

    private static readonly string[] FirmTrades =
        ["贸易", "石化设备", "建材", "物流", "餐饮管理", "电子科技", "食品", "建筑工程", "运输", "化工", "家居", "医药", "文化传媒", "农业发展", "机械"];


    /// <summary>A pool of people and one of enterprises (at most FirmWords × FirmTrades = 300 names); cases pick from them, so some applicants come back (as they do).</summary>
    public static (List<DemoApplicant> Persons, List<DemoApplicant> Enterprises) Pools(Random random, DateOnly today, int persons, int enterprises)
    {
        var people = new List<DemoApplicant>(persons);
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        while (people.Count < persons)
        {
            var id = IdNumber(random, today);
            if (!usedIds.Add(id)) continue;
            people.Add(new DemoApplicant(ApplicantKind.Person, PersonName(random), id, Mobile(random), null));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(enterprises, FirmWords.Length * FirmTrades.Length);
        var firms = new List<DemoApplicant>(enterprises);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 1; firms.Count < enterprises; n++)
        {
            var name = $"泉州市泉港区{FirmWords[random.Next(FirmWords.Length)]}{FirmTrades[random.Next(FirmTrades.Length)]}有限公司";
            if (!usedNames.Add(name)) continue;
            firms.Add(new DemoApplicant(ApplicantKind.Enterprise, name, CreditCode(n), Mobile(random), PersonName(random)));
        }

        return (people, firms);
    }

    public static string PersonName(Random random) => Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];

    /// <summary>350505 + birth date (18–80 years before <paramref name="today"/>) + 3-digit sequence + MOD 11-2 check character.</summary>
    public static string IdNumber(Random random, DateOnly today)
    {
        var birth = today.AddYears(-18).AddDays(-random.Next(0, 62 * 365));
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{DemoOrganization.RegionCode}{birth:yyyyMMdd}{random.Next(1, 1000):D3}");
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    public static string Mobile(Random random) => "1380595" + random.Next(1000, 10000).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>"91" (工商 企业) + 350505 + subject id "MA" + 7 digits + the GB 32100 check character.</summary>
    public static string CreditCode(int n)
    {
        var first17 = "91" + DemoOrganization.RegionCode + "MA" + (3000000 + n * 7919 % 6999999).ToString("D7", CultureInfo.InvariantCulture);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }
}
