using Tongban.Modules.Catalog;

namespace Tongban.Demo;

/// <summary>
/// Demo 情形引导 for a few popular items, and the results people search by (营业执照 …): the source catalog gives
/// neither, so these are the demo's own, modelled on the usual 办事指南 of such items (demo data).
/// </summary>
internal static class DemoSituations
{
    /// <summary>What an item produces, where the generic "…批准文书" would hide the word people search for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Results = new Dictionary<string, string>
    {
        ["个体工商户设立登记"] = "营业执照",
        ["个体工商户变更登记（备案）"] = "营业执照",
        ["公司设立登记"] = "营业执照",
        ["个人独资企业设立登记"] = "营业执照",
        ["合伙企业设立登记"] = "营业执照",
        ["居民身份证办理（包括临时）"] = "居民身份证",
        ["《出生医学证明》首次签发"] = "出生医学证明",
        ["中国内地公民婚姻登记"] = "结婚证",
        ["残疾人证新办"] = "残疾人证",
        ["普通护照签发"] = "普通护照",
        ["居住证办理"] = "居住证",
        ["烟草专卖零售许可证新办"] = "烟草专卖零售许可证",
        ["公共场所卫生许可新办审批（县级）"] = "公共场所卫生许可证",
        ["社会保障卡申领"] = "社会保障卡",
        ["犬类准养证核发"] = "犬类准养证",
        ["食品小经营店备案发放"] = "食品小经营店备案证",
    };

    private sealed record Extra(string Name, string Type, string Note, string QuestionKey, params string[] Values);

    private sealed record Situation(SituationQuestion[] Questions, Extra[] Materials, string[] Keywords);

    private static readonly SituationQuestion WhoApplies = new("applicant", "由谁来办理？",
        [new("self", "本人办理"), new("agent", "委托他人代办")]);

    private static readonly Extra[] AgentMaterials =
    [
        new("授权委托书", "document", "委托他人代办时提供，须本人签字", "applicant", "agent"),
        new("委托代理人居民身份证", "certificate", "委托他人代办时提供原件", "applicant", "agent"),
    ];

    private static readonly Dictionary<string, Situation> Situations = new()
    {
        ["个体工商户设立登记"] = new(
            [WhoApplies, new("premises", "经营场所是？", [new("own", "自有房屋"), new("rented", "租赁房屋")])],
            [new("房屋产权证明（不动产权证书）", "certificate", "经营场所为自有房屋时提供", "premises", "own"),
             new("房屋租赁合同", "document", "经营场所为租赁房屋时提供", "premises", "rented"), .. AgentMaterials],
            ["开店", "个体户", "营业执照"]),
        ["公司设立登记"] = new(
            [WhoApplies, new("premises", "公司住所是？", [new("own", "自有房屋"), new("rented", "租赁房屋")])],
            [new("住所产权证明", "certificate", "住所为自有房屋时提供", "premises", "own"),
             new("住所租赁合同", "document", "住所为租赁房屋时提供", "premises", "rented"), .. AgentMaterials],
            ["开公司", "注册公司", "营业执照"]),
        ["居民身份证办理（包括临时）"] = new(
            [new("reason", "办理原因？", [new("first", "首次申领"), new("renew", "有效期满换领"), new("lost", "丢失补领")]),
             new("age", "申领人是否年满16周岁？", [new("adult", "已满16周岁"), new("minor", "未满16周岁")])],
            [new("原居民身份证", "certificate", "换领时交回原证", "reason", "renew"),
             new("监护人居民身份证", "certificate", "未满16周岁由监护人陪同并出示", "age", "minor")],
            ["身份证", "换身份证", "补身份证"]),
        ["户口登记"] = new(
            [new("kind", "登记类型？", [new("birth", "新生儿出生登记"), new("other", "其他户口登记")])],
            [new("出生医学证明", "certificate", "新生儿出生登记时提供", "kind", "birth"),
             new("父母双方居民身份证", "certificate", "新生儿出生登记时提供", "kind", "birth")],
            ["新生儿落户", "上户口", "报户口"]),
        ["企业职工基本养老保险正常退休申请"] = new(
            [WhoApplies],
            [.. AgentMaterials],
            ["退休", "办退休", "养老金"]),
    };

    /// <summary>Gives an item of the demo catalog its result, keywords and the materials its situations switch on.</summary>
    public static void Apply(ServiceItemVersion item)
    {
        if (Results.TryGetValue(item.Name, out var result)) item.ResultName = result;
        if (!Situations.TryGetValue(item.Name, out var situation)) return;
        item.Keywords = [.. situation.Keywords];
        // The generic power of attorney gives way to the situation's own agent materials.
        item.Materials.RemoveAll(m => m.MaterialTypeCode == "power-of-attorney");
        foreach (var extra in situation.Materials)
        {
            item.Materials.Add(new MaterialRequirement
            {
                Code = $"M{item.Materials.Count + 1:D2}", Name = extra.Name, Type = extra.Type, Necessity = Necessity.Optional,
                Form = MaterialForm.Both, OriginalCopies = 1, Photocopies = extra.Type == "certificate" ? 1 : 0,
                Source = MaterialSource.Applicant, Notes = extra.Note, SortOrder = item.Materials.Count + 1,
                MaterialTypeCode = extra.Name.Contains("委托书") ? "power-of-attorney" : null,
            });
        }
    }

    /// <summary>The 情形引导 rows of the demo items that have one.</summary>
    public static IEnumerable<ItemSituationSet> For(IEnumerable<ServiceItemVersion> items, DateTimeOffset now)
    {
        foreach (var item in items)
        {
            if (!Situations.TryGetValue(item.Name, out var situation)) continue;
            var rules = situation.Materials.Select(extra => new SituationRule(
                item.Materials.First(m => m.Name == extra.Name).Code, extra.QuestionKey, extra.Values)).ToList();
            yield return new ItemSituationSet { ItemCode = item.Code, Questions = [.. situation.Questions], Rules = rules, UpdatedAt = now };
        }
    }
}
