using Tongban.Modules.Catalog;

namespace Tongban.Demo;

/// <summary>
/// The rules that turn a bare catalog row (name, type, department — the source has no time limits or
/// materials) into a complete, publishable demo item. Each rule is a demo assumption, documented in
/// docs/demo-data.md; where a law fixes a value the rule cites it.
/// </summary>
internal static class DemoCatalogRules
{
    public const string SourceNote = "演示数据：源自四川省广安市广安区政务服务事项目录（v-luobo/zwfw，Apache-2.0），已改写到泉港区";

    /// <summary>The department whose licences accept 容缺受理 (the 相对集中行政许可权 bureau).</summary>
    public const string ApprovalBureauName = "区行政审批局";

    /// <summary>task_type_code of the source (same list as GB/T 39046 A.1) → item type.</summary>
    public static ItemType TypeFromCode(string code) => code switch
    {
        "1" => ItemType.Licensing,
        "2" => ItemType.Penalty,
        "3" => ItemType.Enforcement,
        "4" => ItemType.Levy,
        "5" => ItemType.Payment,
        "6" => ItemType.Inspection,
        "7" => ItemType.Confirmation,
        "8" => ItemType.Reward,
        "9" => ItemType.Adjudication,
        "10" => ItemType.OtherPower,
        "20" => ItemType.PublicService,
        _ => throw new InvalidOperationException($"Unknown task_type_code '{code}' in the demo catalog."),
    };

    /// <summary>Time limits, visits, channels and process of one item.</summary>
    internal sealed record Profile(
        CaseKind Kind, int LegalDays, LimitUnit LegalUnit, int PromisedDays, int Visits, Channels Channels,
        bool Appointment, ProcessStep[] Steps, string ResultType);

    private const Channels Remote = Channels.Online | Channels.Mobile;
    private static readonly ProcessStep[] ThreeSteps = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Complete];
    private static readonly ProcessStep[] WithApproval = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Approve, ProcessStep.Complete];

    /// <summary>
    /// 公共服务 items whose name says the applicant only asks for information, a print-out, a proof or
    /// a registration the system already holds data for — these are the 一趟不用跑 items: done online
    /// or at a kiosk with no visit.
    /// </summary>
    private static readonly string[] NoVisitKeywords = ["查询", "打印", "证明", "申领", "登记", "咨询", "认证", "挂失"];

    /// <summary>Items that hand out information only need no application form.</summary>
    private static readonly string[] NoFormKeywords = ["查询", "打印", "咨询"];

    public static bool IsNoVisitPublicService(string name) => NoVisitKeywords.Any(name.Contains);

    public static bool NeedsApplicationForm(string name) => !NoFormKeywords.Any(name.Contains);

    public static Profile ProfileFor(ItemType type, string name) => type switch
    {
        // 行政许可法 §42: decide within 20 working days of acceptance. Promised limits in practice
        // halve the legal one. A licence is signed off by a leader, hence the 审批 step. 最多跑一次:
        // one visit (to fetch the licence, or by express).
        ItemType.Licensing => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 10, 1,
            Channels.Window | Remote | Channels.Express, true, WithApproval, "certificate"),
        // 公共服务: 即办件 done on the spot (0 = 当场办结).
        ItemType.PublicService when IsNoVisitPublicService(name) => new(CaseKind.Immediate, 0, LimitUnit.WorkingDay, 0, 0,
            Channels.Window | Remote | Channels.Kiosk, false, ThreeSteps, "document"),
        ItemType.PublicService => new(CaseKind.Immediate, 0, LimitUnit.WorkingDay, 0, 1,
            Channels.Window | Remote, true, ThreeSteps, "document"),
        // No single law fixes these limits; the values follow common district practice (demo assumptions).
        ItemType.Confirmation => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 5, 1,
            Channels.Window | Remote | Channels.Express, true, ThreeSteps, "document"),
        ItemType.Payment => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 10, 1,
            Channels.Window | Remote, true, ThreeSteps, "document"),
        ItemType.Reward => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 15, 1,
            Channels.Window | Remote, false, WithApproval, "document"),
        // 裁决 disputes need hearing both parties; 60 working days is the usual ceiling.
        ItemType.Adjudication => new(CaseKind.Promised, 60, LimitUnit.WorkingDay, 30, 1,
            Channels.Window, true, WithApproval, "document"),
        ItemType.OtherPower => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 10, 1,
            Channels.Window | Remote | Channels.Express, true, ThreeSteps, "document"),
        // Not in the source catalog (they are started by the authority, not applied for); kept so a
        // catalog edit never meets an unmapped type. 行政处罚法 §60: 90 days from filing.
        ItemType.Penalty => new(CaseKind.Promised, 90, LimitUnit.NaturalDay, 60, 1, Channels.Window, false, WithApproval, "document"),
        _ => new(CaseKind.Promised, 20, LimitUnit.WorkingDay, 10, 1, Channels.Window, false, ThreeSteps, "document"),
    };

    public static string ResultName(ItemType type, string name) => type switch
    {
        ItemType.Licensing => name + "批准文书/许可证",
        ItemType.PublicService when name.Contains("查询") || name.Contains("咨询") => name + "结果告知",
        ItemType.PublicService when name.Contains("打印") || name.Contains("证明") => name + "材料（打印件/电子件）",
        ItemType.Confirmation => name + "确认结果通知书",
        ItemType.Payment => name + "给付决定书",
        ItemType.Reward => name + "奖励决定书",
        ItemType.Adjudication => name + "裁决书",
        _ => name + "办理结果通知书",
    };

    /// <summary>Licences issue an e-certificate on completion (DESIGN §2): the generic type when no real one matches.</summary>
    public const string DemoLicenceCertificateType = "demo-licence";

    /// <summary>Real certificate types by the words of the item's name (Modules/Certificates/CertificateTypes.cs lays them out).</summary>
    private static readonly (string[] Words, string Type)[] CertificateTypesByName =
    [
        (["个体工商户"], "business-licence"),
        (["食品经营", "食品生产", "食品小经营", "餐饮"], "food-business-licence"),
        (["道路旅客运输经营", "道路货物运输经营", "道路运输经营", "出租汽车经营"], "road-transport-licence"),
        (["公共场所卫生许可"], "public-health-licence"),
        (["污水排入排水管网"], "drainage-licence"),
    ];

    /// <summary>The certificate type a 行政许可 item issues: a real one when its name says which, else the generic licence.</summary>
    public static string CertificateTypeFor(string itemName) =>
        CertificateTypesByName.FirstOrDefault(r => r.Words.Any(w => itemName.Contains(w, StringComparison.Ordinal))).Type ?? DemoLicenceCertificateType;

    public static string Conditions(ItemType type) => type switch
    {
        ItemType.Licensing => "（演示）申请人应符合《中华人民共和国行政许可法》及相关法律法规规定的许可条件，申请材料真实、完整、有效。",
        ItemType.PublicService => "（演示）申请人应符合相关政策规定的服务对象条件，提供的信息真实有效。",
        ItemType.Confirmation => "（演示）申请人应符合相关法律法规规定的确认条件，材料真实有效。",
        ItemType.Payment => "（演示）申请人应属于相关法律法规和政策规定的给付对象，材料真实有效。",
        ItemType.Reward => "（演示）申请人应符合相关表彰奖励规定的条件，事迹材料真实。",
        ItemType.Adjudication => "（演示）申请人应为争议的当事人，有明确的请求、事实和理由，争议属于本机关裁决范围。",
        _ => "（演示）申请人应符合相关法律法规规定的条件，材料真实有效。",
    };

    public static string LegalBasis(ItemType type) => type switch
    {
        ItemType.Licensing => "《中华人民共和国行政许可法》（演示数据，未列明具体设定依据）",
        ItemType.Penalty => "《中华人民共和国行政处罚法》（演示数据，未列明具体设定依据）",
        _ => "（演示数据，未列明具体设定依据）",
    };

    /// <summary>
    /// 通办范围: every demo item can be handled anywhere in the district (全区通办, the seed's 通办);
    /// 社保/医保/户籍 public services run on city-wide systems and are 全市通办.
    /// </summary>
    public static TongbanScope ScopeFor(ItemType type, string name) =>
        type == ItemType.PublicService && (name.Contains("社保") || name.Contains("社会保险") || name.Contains("医保")
            || name.Contains("医疗保险") || name.Contains("户籍") || name.Contains("户口"))
            ? TongbanScope.City
            : TongbanScope.District;

    /// <summary>容缺受理 is the 行政审批局's practice for licences (minor materials supplied later).</summary>
    public static bool ToleranceFor(ItemType type, string departmentName) =>
        type == ItemType.Licensing && departmentName == ApprovalBureauName;

    private static readonly string[] EnterpriseKeywords =
    [
        "企业", "公司", "单位", "经营", "生产", "建设项目", "许可证", "工程", "施工", "机构", "场所", "营业",
        "法人", "社会团体", "民办非企业", "社会组织", "学校", "幼儿园", "运输", "药店", "商户", "纳税人", "发票",
        "网点", "站", "合作社", "农场", "基金会", "协会", "组织",
    ];

    private static readonly string[] PersonKeywords = ["个体", "个人", "自然人", "居民", "职工", "人员", "农户", "驾驶证", "执业注册"];

    /// <summary>
    /// 服务对象: names about firms, projects, premises or licences to trade are for legal persons;
    /// everything else is for natural persons; names mentioning 个体/个人/人员 … serve persons too.
    /// </summary>
    public static (bool Persons, bool Enterprises) AudienceFor(string name)
    {
        var enterprise = EnterpriseKeywords.Any(name.Contains);
        var person = !enterprise || PersonKeywords.Any(name.Contains);
        return (person, enterprise);
    }

    /// <summary>An item-specific material; Tolerable marks those a licence may accept 容缺 (supplied later).</summary>
    internal sealed record ItemDocument(string Name, string Type, bool TolerableEligible, string? CertificateTypeCode = null);

    /// <summary>
    /// Keyword → the 1–2 documents such licences typically ask for, first match wins. A document is
    /// tolerable-eligible only when it supports rather than decides the case (a floor plan, a health
    /// certificate, a rule book) — never design files, qualifications or title proofs.
    /// </summary>
    private static readonly (string[] Keywords, ItemDocument[] Documents)[] DocumentRules =
    [
        (["食品", "餐饮", "生鲜乳"], [new("经营场所平面布局图", "document", true), new("从业人员健康证明", "certificate", true)]),
        (["公共场所", "卫生许可"], [new("从业人员健康证明", "certificate", true), new("卫生管理制度", "document", true)]),
        (["消防"], [new("消防设施平面图", "document", true), new("消防安全管理制度", "document", true)]),
        (["药品", "医疗器械", "药店"], [new("药品质量管理制度文件", "document", true), new("经营场所平面布局图", "document", true)]),
        (["医疗机构", "诊所", "医师", "护士", "母婴", "助产"], [new("执业资格证书", "certificate", false), new("执业场所平面图", "document", true)]),
        (["建设", "工程", "施工", "建筑", "市政", "规划"], [new("工程设计文件", "document", false), new("建设用地权属证明", "certificate", false)]),
        (["道路", "运输", "车辆", "出租汽车", "客运", "货运", "驾驶"], [new("机动车行驶证", "certificate", false, "vehicle-licence"), new("从业资格证", "certificate", false)]),
        (["学校", "幼儿园", "办学", "培训", "教育"], [new("办学场所使用证明", "document", true), new("教师资格证明", "certificate", false)]),
        (["林木", "采伐", "林地", "草原", "野生植物", "野生动物"], [new("权属证明", "certificate", false), new("作业设计或用途说明", "document", true)]),
        (["取水", "河道", "水利", "水土保持", "排水", "污水"], [new("工程建设方案或技术论证报告", "document", false)]),
        (["危险", "爆炸", "烟花爆竹", "化学品"], [new("安全评价报告", "document", false), new("安全管理制度", "document", true)]),
        (["娱乐", "演出", "网吧", "上网服务", "出版", "印刷", "文物", "文化"], [new("经营场所使用证明", "document", true), new("安全管理制度", "document", true)]),
        (["动物", "畜禽", "兽医", "种子", "农药", "肥料", "渔业", "捕捞", "农机", "拖拉机"], [new("生产经营场所证明", "document", true), new("技术人员资格证明", "certificate", false)]),
        (["环境", "排污", "废物", "辐射"], [new("环境影响评价文件", "document", false)]),
        (["户口", "户籍", "落户", "迁移"], [new("居民户口簿", "certificate", false, "household-register")]),
        (["社会团体", "民办非企业", "基金会", "慈善"], [new("章程草案", "document", false), new("住所使用证明", "document", true)]),
    ];

    private static readonly ItemDocument[] DefaultDocuments = [new("与申请事项相关的证明材料", "document", true)];

    public static ItemDocument[] DocumentsFor(string name)
    {
        foreach (var (keywords, documents) in DocumentRules)
            if (keywords.Any(name.Contains)) return documents;
        return DefaultDocuments;
    }
    /// <summary>
    /// 主题 of a demo item from words in its name (the source catalog has no theme field). A person theme is
    /// given only to items for persons and an enterprise theme only to items for enterprises.
    /// </summary>
    private static readonly (string Code, string[] Words)[] LifeEventWords =
    [
        ("birth", ["出生", "生育", "收养", "新生儿", "计划生育", "独生子女", "母婴"]),
        ("education", ["入学", "学生", "学校", "教育", "助学", "学前", "教师", "学历", "休学", "资助"]),
        ("employment", ["就业", "失业", "创业", "职业", "技能", "人才", "招聘", "培训", "指导员", "运动员"]),
        ("marriage", ["婚姻", "结婚", "离婚", "家庭", "抚养", "赡养"]),
        ("household", ["户口", "户籍", "身份证", "居住证", "迁移", "落户", "暂住"]),
        ("housing", ["住房", "房屋", "不动产", "公积金", "宅基地", "租赁", "棚户"]),
        ("social-security", ["社会保险", "社保", "医保", "医疗保险", "养老保险", "工伤", "低保", "救助", "补贴", "优抚", "残疾", "困难"]),
        ("health", ["医疗", "医师", "护士", "卫生", "疫苗", "健康", "药品", "诊所"]),
        ("transport", ["驾驶", "机动车", "车辆", "道路", "交通", "船舶", "出租", "客运", "货运"]),
        ("retirement", ["退休", "养老", "老年", "高龄"]),
        ("death", ["死亡", "殡葬", "丧葬", "遗属", "抚恤", "墓"]),
        ("company-start", ["设立", "开办", "注册", "印章", "名称"]),
        ("permits", ["许可", "经营", "资质", "备案", "准营", "生产"]),
        ("construction", ["建设", "建筑", "施工", "规划", "工程", "用地", "竣工"]),
        ("tax", ["税", "发票", "缴费", "收费"]),
        ("staffing", ["用工", "劳动", "参保", "职工", "工资", "社会保险"]),
        ("change", ["变更", "延续", "换证", "补证", "补发", "年检", "年审", "换发"]),
        ("closure", ["注销", "歇业", "撤销", "终止"]),
    ];

    public static IEnumerable<string> LifeEventsFor(string name, bool persons, bool enterprises)
    {
        foreach (var (code, words) in LifeEventWords)
        {
            var audience = Modules.Catalog.LifeEvents.Find(code)!.Audience;
            if ((audience == Modules.Catalog.LifeEvents.Person ? persons : enterprises) && words.Any(name.Contains)) yield return code;
        }
    }
}

/// <summary>One row of service-items/guangan-district-511602-item-catalog.csv.</summary>
internal sealed record DemoCatalogRow(
    string Department, string MainItem, string ItemName, string TaskTypeCode, string ImplementationCode,
    string BasicCode, string ImplementingOrgCode)
{
    public static List<DemoCatalogRow> ReadAll()
    {
        var rows = Infrastructure.Reference.ReferenceData.ReadCsv("service-items/guangan-district-511602-item-catalog.csv").ToList();
        var header = rows[0];
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"Column {name} missing.");
        int dept = Col("department"), main = Col("main_item"), item = Col("item_name"), type = Col("task_type_code"),
            impl = Col("implementation_code"), basic = Col("basic_code"), org = Col("implementing_org_code");
        return [.. rows.Skip(1).Select(r => new DemoCatalogRow(r[dept], r[main], r[item], r[type], r[impl], r[basic], r[org]))];
    }

}
