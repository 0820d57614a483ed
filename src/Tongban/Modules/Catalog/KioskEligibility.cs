namespace Tongban.Modules.Catalog;

/// <summary>
/// Which items the 24-hour kiosks offer (docs/kiosk.md § "What the kiosk offers"): every item for natural
/// persons (自然人) that a person can apply for alone at a machine — the ID card is read by the card reader,
/// every other material can be scanned or reused from the library, and nothing needs an officer's eyes on
/// the person, the premises or a physical object. The exceptions are listed here, each with its reason.
/// </summary>
internal static class KioskEligibility
{
    /// <summary>Item types a person does not apply for at all, or that need both parties heard.</summary>
    public static readonly IReadOnlyDictionary<ItemType, string> ExcludedTypes = new Dictionary<ItemType, string>
    {
        [ItemType.Penalty] = "行政处罚由机关依职权启动，不由申请人申请",
        [ItemType.Enforcement] = "行政强制由机关依职权实施",
        [ItemType.Levy] = "行政征收由机关依职权实施",
        [ItemType.Inspection] = "行政检查由机关依职权实施",
        [ItemType.Adjudication] = "行政裁决须听取争议双方意见",
    };

    /// <summary>
    /// Words in an item's name that mean the person, a place or an object must be seen: these items stay at
    /// the window even when their materials could be scanned. First match gives the reason.
    /// </summary>
    public static readonly IReadOnlyList<(string[] Words, string Reason)> PresenceExceptions =
    [
        (["结婚", "离婚", "婚姻登记"], "婚姻登记须双方当事人亲自到场（《婚姻登记条例》）"),
        (["收养"], "收养登记须当事人亲自到场（《中国公民收养子女登记办法》）"),
        (["现场", "勘验", "踏勘", "验收", "核查", "查验"], "须现场核查或验收"),
        (["检验", "检疫", "检测", "鉴定", "评估", "认定工伤", "劳动能力"], "须对人或物检验、鉴定"),
        (["考试", "考核", "体检", "健康检查"], "须本人参加考试或体检"),
        (["采集", "指纹", "人像"], "须采集生物特征（本机的照片仅用于列明的自助换领事项）"),
        (["遗体", "火化", "殡", "墓"], "殡葬事项须现场办理"),
        (["枪支", "爆炸", "烟花爆竹", "危险化学品", "放射"], "涉及危险物品，须现场核验"),
        (["样品", "样本", "标本"], "须提交实物样品"),
    ];

    /// <summary>Items offered at the kiosk although a word above would keep them off: the kiosk does that job itself.</summary>
    public static readonly IReadOnlyList<string> KioskSpecificItems = ["居民身份证自助二次申领", "出入境证件再签注"];

    /// <summary>Why the item is not offered at the kiosk; null when it is.</summary>
    public static string? ReasonNotOffered(ServiceItemVersion item)
    {
        if (KioskSpecificItems.Contains(item.Name)) return null;
        if (!item.ForPersons) return "仅面向法人的事项不在自助终端办理";
        if (ExcludedTypes.TryGetValue(item.ItemType, out var typeReason)) return typeReason;
        foreach (var (words, reason) in PresenceExceptions)
            if (words.Any(item.Name.Contains)) return reason;
        // A paper-only material cannot be scanned (the hall keeps the original); forms the government
        // provides are filled in on the screen.
        var paperOnly = item.Materials.FirstOrDefault(m => m.Form == MaterialForm.Paper && m.Source == MaterialSource.Applicant);
        if (paperOnly is not null) return $"材料“{paperOnly.Name}”须提交纸质原件";
        return null;
    }

    public static bool IsOffered(ServiceItemVersion item) => ReasonNotOffered(item) is null;

    /// <summary>The item's channels with the kiosk added or removed by the rule.</summary>
    public static Channels Apply(ServiceItemVersion item) =>
        IsOffered(item) ? item.Channels | Channels.Kiosk : item.Channels & ~Channels.Kiosk;
}
