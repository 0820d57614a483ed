using System.Globalization;
using Tongban.Infrastructure.Reference;
using Tongban.Modules.Organization;
using Tongban.Modules.Validation;

namespace Tongban.Demo;

/// <summary>
/// The demo district's organisation: region, three levels of service points (from the NBS division
/// codes), departments (from the departments of the source catalog), windows and kiosks.
/// Every address, phone number and credit code here is a demo value, not a real registration.
/// </summary>
internal static class DemoOrganization
{
    public const string RegionCode = "350505";
    public const string RegionName = "泉港区";
    public const string DistrictCenterCode = "350505-C";

    /// <summary>
    /// 石化工业园区 (350505400) is a statistical unit the NBS lists beside the towns; it is not a
    /// township with its own government, so it gets no 便民服务中心 (its one "virtual community" row
    /// in the village file is skipped with it).
    /// </summary>
    public const string ExcludedStatisticalUnit = "350505400";

    /// <summary>Pinyin of each town/street, for the town clerks' user names (clerk-nanpu …).</summary>
    public static readonly IReadOnlyDictionary<string, string> TownPinyin = new Dictionary<string, string>
    {
        ["350505001"] = "shanyao",
        ["350505100"] = "nanpu",
        ["350505101"] = "jieshan",
        ["350505102"] = "houlong",
        ["350505103"] = "fengwei",
        ["350505105"] = "qianhuang",
        ["350505106"] = "tuling",
    };

    public static Region Region() => new() { Code = RegionCode, Name = RegionName, FullName = "福建省泉州市泉港区" };

    public static List<ServicePoint> ServicePoints()
    {
        var points = new List<ServicePoint>
        {
            new()
            {
                Code = DistrictCenterCode,
                Name = "泉港区行政服务中心",
                Level = ServicePointLevel.District,
                RegionCode = RegionCode,
                DivisionCode = RegionCode,
                // Demo values: a plausible street in 山腰街道 (the district seat) and the seed's
                // 周末轮休 practice; not the real center's address or timetable.
                Address = "福建省泉州市泉港区山腰街道驿峰中路行政服务中心大楼",
                OpeningHours = "周一至周五 9:00-12:00，13:30-17:00（朝九晚五）；周末轮值窗口另行公布",
                Hotline = "0595-87781000",
            },
        };

        var towns = Towns();
        foreach (var (code, name) in towns)
        {
            points.Add(new ServicePoint
            {
                Code = code,
                Name = name + "便民服务中心",
                Level = ServicePointLevel.Town,
                ParentCode = DistrictCenterCode,
                RegionCode = RegionCode,
                DivisionCode = code,
                // Demo values: town centers sit in the town government's ground floor.
                Address = $"福建省泉州市泉港区{name}人民政府一楼",
                OpeningHours = "周一至周五 8:30-12:00，14:30-17:30",
                Hotline = "0595-87781000",
            });
        }

        var townNames = towns.ToDictionary(t => t.Code, t => t.Name);
        foreach (var (code, name, townCode) in Villages())
        {
            if (!townNames.TryGetValue(townCode, out var townName)) continue;
            var shortName = VillageShortName(name);
            points.Add(new ServicePoint
            {
                Code = code,
                Name = shortName + "便民服务站",
                Level = ServicePointLevel.Village,
                ParentCode = townCode,
                RegionCode = RegionCode,
                DivisionCode = code,
                Address = $"福建省泉州市泉港区{townName}{shortName}{(shortName.EndsWith('村') ? "村委会" : "居委会")}",
                // Village points are staffed part-time by the village committee (代办员); demo hours.
                OpeningHours = "周一至周五 8:30-12:00，14:30-17:30",
                Hotline = "0595-87781000",
            });
        }

        return points;
    }

    /// <summary>
    /// The weekly schedules behind the texts above: the district center 朝九晚五 on weekdays (the seed), the town and
    /// village points 8:30–12:00 and 14:30–17:30. Weekend rotation and special days are the admin's to add.
    /// </summary>
    public static List<Modules.Appointments.WeeklyOpeningDay> WeeklyOpeningDays(IEnumerable<ServicePoint> points) =>
        [.. points.SelectMany(p => Enumerable.Range(1, 5).Select(day => new Modules.Appointments.WeeklyOpeningDay
        {
            ServicePointCode = p.Code, DayOfWeek = day,
            Periods = p.Level == ServicePointLevel.District ? "09:00-12:00,13:30-17:00" : "08:30-12:00,14:30-17:30",
        }))];

    /// <summary>Towns/streets of the district from the NBS file, minus the statistical unit.</summary>
    public static List<(string Code, string Name)> Towns() =>
        [.. ReferenceData.ReadCsv("admin-divisions-nbs/streets-350505.csv").Skip(1)
            .Where(r => r[2] == RegionCode && r[0] != ExcludedStatisticalUnit)
            .Select(r => (r[0], r[1]))];

    private static IEnumerable<(string Code, string Name, string TownCode)> Villages() =>
        ReferenceData.ReadCsv("admin-divisions-nbs/villages-350505.csv").Skip(1)
            .Where(r => r[5] == RegionCode)
            .Select(r => (r[0], r[1], r[2]));

    /// <summary>
    /// "金山社区居委会" → "金山社区", "XX村委会" → "XX村": people name the place, not the committee.
    /// </summary>
    public static string VillageShortName(string nbsName)
    {
        if (nbsName.EndsWith("社区居委会", StringComparison.Ordinal)) return nbsName[..^3];
        if (nbsName.EndsWith("村委会", StringComparison.Ordinal)) return nbsName[..^2];
        if (nbsName.EndsWith("居委会", StringComparison.Ordinal)) return nbsName[..^3] + "社区";
        return nbsName;
    }

    /// <summary>
    /// Departments: every department of the source catalog. Code "D01".."D34" ordered by item count
    /// (desc), ties in order of first appearance in the catalog file; stable as long as the embedded
    /// catalog does not change. Generic 区 names are kept; names that embed the source district
    /// (广安区税务局) are renamed to the 泉港区 equivalent.
    /// </summary>
    public static List<Department> Departments(IReadOnlyList<DemoCatalogRow> rows)
    {
        var firstSeen = new Dictionary<string, int>();
        var counts = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            firstSeen.TryAdd(row.Department, firstSeen.Count);
            counts[row.Department] = counts.GetValueOrDefault(row.Department) + 1;
        }

        var ordered = counts.Keys.OrderByDescending(d => counts[d]).ThenBy(d => firstSeen[d]).ToList();
        var result = new List<Department>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var n = i + 1;
            result.Add(new Department
            {
                Code = "D" + n.ToString("D2", CultureInfo.InvariantCulture),
                Name = LocalName(ordered[i]),
                CreditCode = DemoCreditCode(n),
                RegionCode = RegionCode,
                // Demo numbers in one made-up 0595 (泉州) block; not the real bureaus' lines.
                Hotline = "0595-8778" + (1000 + n * 10).ToString(CultureInfo.InvariantCulture),
                SortOrder = n,
            });
        }

        return result;
    }

    /// <summary>Source department name → demo name (广安区税务局 → 泉港区税务局).</summary>
    public static string LocalName(string sourceName) =>
        sourceName.StartsWith("广安区", StringComparison.Ordinal) ? RegionName + sourceName[3..] : sourceName;

    /// <summary>
    /// A demo 统一社会信用代码 with a valid check character: "11" (机关, 机构类别 1) + the district's
    /// 6-digit division code + a 9-character subject id "MB" + 7 digits derived from the department
    /// number + the GB 32100 check character. Demo codes, not real registrations.
    /// </summary>
    public static string DemoCreditCode(int departmentNumber)
    {
        var first17 = "11" + RegionCode + "MB" + (3505000 + departmentNumber).ToString("D7", CultureInfo.InvariantCulture);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    /// <summary>
    /// Windows. District center: 6 综合受理窗口 serving every department (一窗受理), then one dedicated
    /// window per department with heavy or specialised traffic (their own systems: 社保, 户籍, 税务,
    /// 不动产 …). Town centers: 2 综合窗口 each. Village points: 1 代办窗口 each, taking in applications
    /// for all departments (收件下沉, the seed's 三级联动).
    /// </summary>
    public static List<ServiceWindow> Windows(IReadOnlyList<ServicePoint> points, IReadOnlyList<Department> departments)
    {
        List<string> all = [.. departments.Select(d => d.Code)];
        var byName = departments.ToDictionary(d => d.Name, d => d.Code);
        var windows = new List<ServiceWindow>();

        var n = 0;
        string NextCode(string pointCode) => $"{pointCode}-W{++n:D2}";

        for (var i = 1; i <= 6; i++)
            windows.Add(new ServiceWindow { Code = NextCode(DistrictCenterCode), Name = $"综合受理窗口{i}", ServicePointCode = DistrictCenterCode, DepartmentCodes = [.. all] });

        (string Department, string WindowName)[] dedicated =
        [
            ("区行政审批局", "区行政审批局专窗"),
            ("区人社局", "社会保险专窗（区人社局）"),
            ("区公安分局", "户籍出入境专窗（区公安分局）"),
            (RegionName + "税务局", "税务专窗（泉港区税务局）"),
            ("区自然资源和规划局", "不动产登记专窗（区自然资源和规划局）"),
            ("区医疗保障局", "医保专窗（区医疗保障局）"),
            ("区交通运输局", "交通运输专窗（区交通运输局）"),
            ("区住建局", "住房城乡建设专窗（区住建局）"),
        ];
        foreach (var (department, name) in dedicated)
        {
            if (!byName.TryGetValue(department, out var code)) continue;
            windows.Add(new ServiceWindow { Code = NextCode(DistrictCenterCode), Name = name, ServicePointCode = DistrictCenterCode, DepartmentCodes = [code] });
        }

        foreach (var point in points.Where(p => p.Level == ServicePointLevel.Town))
        {
            n = 0;
            for (var i = 1; i <= 2; i++)
                windows.Add(new ServiceWindow { Code = NextCode(point.Code), Name = $"综合窗口{i}", ServicePointCode = point.Code, DepartmentCodes = [.. all] });
        }

        foreach (var point in points.Where(p => p.Level == ServicePointLevel.Village))
        {
            n = 0;
            windows.Add(new ServiceWindow { Code = NextCode(point.Code), Name = "代办窗口", ServicePointCode = point.Code, DepartmentCodes = [.. all] });
        }

        return windows;
    }

    /// <summary>
    /// 13 kiosks in 6 places, as in the seed (政银联体: three banks' ATM lobbies, the center's 24-hour
    /// area, two town centers). Bank-lobby kiosks are tied to the district center, which handles what
    /// they receive (多点受理、受办分离). Addresses are demo values.
    /// </summary>
    public static List<Kiosk> Kiosks(IReadOnlyList<ServicePoint> points)
    {
        var shanyao = points.Single(p => p.DivisionCode == "350505001");
        var nanpu = points.Single(p => p.DivisionCode == "350505100");
        (string Location, KioskLocationKind Kind, string PointCode, string Address, bool Open24, int Count)[] places =
        [
            ("建设银行泉港支行营业厅", KioskLocationKind.BankLobby, DistrictCenterCode, "福建省泉州市泉港区山腰街道驿峰东路（演示地址）", true, 3),
            ("兴业银行泉港支行营业厅", KioskLocationKind.BankLobby, DistrictCenterCode, "福建省泉州市泉港区山腰街道驿峰西路（演示地址）", true, 2),
            ("泉州银行泉港支行营业厅", KioskLocationKind.BankLobby, DistrictCenterCode, "福建省泉州市泉港区山腰街道祥云路（演示地址）", true, 2),
            ("泉港区行政服务中心24小时自助服务区", KioskLocationKind.ServicePoint, DistrictCenterCode, points[0].Address!, true, 3),
            (shanyao.Name, KioskLocationKind.ServicePoint, shanyao.Code, shanyao.Address!, false, 2),
            (nanpu.Name, KioskLocationKind.ServicePoint, nanpu.Code, nanpu.Address!, false, 1),
        ];

        var kiosks = new List<Kiosk>();
        foreach (var place in places)
        {
            for (var i = 1; i <= place.Count; i++)
            {
                var number = kiosks.Count + 1;
                kiosks.Add(new Kiosk
                {
                    Code = "K" + number.ToString("D2", CultureInfo.InvariantCulture),
                    Name = $"{place.Location}自助终端{i}号",
                    LocationName = place.Location,
                    LocationKind = place.Kind,
                    ServicePointCode = place.PointCode,
                    Address = place.Address,
                    Open24Hours = place.Open24,
                });
            }
        }

        return kiosks;
    }
}
