namespace Tongban.Modules.Catalog;

/// <summary>
/// 主题服务 / 一生事: what a citizen or an enterprise is going through (a child is born, a business
/// opens), so the portal can offer the items that belong to it without knowing which department
/// runs them. The lists follow the person and enterprise themes of the provincial portals (个人/法人
/// 主题分类), cut to what a district center handles. An item may belong to several.
/// </summary>
internal sealed record LifeEvent(string Code, string Audience, string Name);

internal static class LifeEvents
{
    public const string Person = "person";
    public const string Enterprise = "enterprise";

    public static readonly IReadOnlyList<LifeEvent> All =
    [
        new("birth", Person, "生育收养"),
        new("education", Person, "上学教育"),
        new("employment", Person, "就业创业"),
        new("marriage", Person, "婚姻家庭"),
        new("household", Person, "户籍证件"),
        new("housing", Person, "住房不动产"),
        new("social-security", Person, "社保救助"),
        new("health", Person, "医疗卫生"),
        new("transport", Person, "交通出行"),
        new("retirement", Person, "退休养老"),
        new("death", Person, "身后事"),
        new("company-start", Enterprise, "企业开办"),
        new("permits", Enterprise, "准营准办"),
        new("construction", Enterprise, "工程建设"),
        new("tax", Enterprise, "税费办理"),
        new("staffing", Enterprise, "用工社保"),
        new("change", Enterprise, "变更延续"),
        new("closure", Enterprise, "注销退出"),
    ];

    private static readonly Dictionary<string, LifeEvent> ByCode = All.ToDictionary(e => e.Code);

    public static bool IsKnown(string code) => ByCode.ContainsKey(code);

    public static LifeEvent? Find(string code) => ByCode.GetValueOrDefault(code);
}
