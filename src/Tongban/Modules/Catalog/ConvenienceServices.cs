using Tongban.Infrastructure.Reference;

namespace Tongban.Modules.Catalog;

/// <summary>
/// One 便民服务 of the kiosks: a service of another body (社保, 供电, 移动 …) the kiosk can run or point to.
/// <see cref="Connector"/> names the connector that runs it; without one the kiosk shows the providing
/// body, hours and hotline — never a made-up result.
/// </summary>
internal sealed record ConvenienceService(
    string Code, string Name, string Provider, string Kind, string Category, string Hours, string Hotline, string? Connector);

internal sealed record ConvenienceCategory(string Code, string Name);

/// <summary>The catalogue of convenience services (ReferenceData/convenience-services, see its SOURCE.md).</summary>
internal static class ConvenienceServices
{
    public static readonly IReadOnlyList<string> Kinds = ["query", "print", "pay", "guide"];

    public static readonly IReadOnlyList<ConvenienceCategory> Categories =
    [
        new("social-insurance", "社会保险"),
        new("medical-insurance", "医疗保障"),
        new("taxes", "税务"),
        new("police", "公安户政"),
        new("exit-entry", "出入境"),
        new("traffic-police", "交通管理"),
        new("electricity", "供电"),
        new("water-gas", "水务燃气"),
        new("housing-fund", "住房公积金"),
        new("real-estate", "不动产"),
        new("telecom", "通信"),
        new("finance", "金融征信"),
        new("civil-affairs", "民生服务"),
        new("education", "教育"),
    ];

    public static readonly IReadOnlyList<ConvenienceService> All = Load();

    private static readonly Dictionary<string, ConvenienceService> ByCode = All.ToDictionary(s => s.Code, StringComparer.Ordinal);

    public static ConvenienceService? Find(string code) => ByCode.GetValueOrDefault(code);

    public static bool IsCategory(string code) => Categories.Any(c => c.Code == code);

    private static List<ConvenienceService> Load()
    {
        var rows = ReferenceData.ReadCsv("convenience-services/quangang-convenience-services.csv").ToList();
        var header = rows[0];
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"Column {name} missing.");
        int code = Col("code"), name = Col("name"), provider = Col("provider"), kind = Col("kind"), category = Col("category"),
            hours = Col("hours"), hotline = Col("hotline"), connector = Col("connector");
        var services = rows.Skip(1).Select(r => new ConvenienceService(r[code], r[name], r[provider], r[kind], r[category], r[hours], r[hotline],
            r[connector].Length == 0 ? null : r[connector])).ToList();
        // A typo in the file would show a service under no tile or with an unknown kind: refuse it at start.
        var bad = services.FirstOrDefault(s => !Kinds.Contains(s.Kind) || !Categories.Any(c => c.Code == s.Category));
        if (bad is not null) throw new InvalidOperationException($"Convenience service {bad.Code}: unknown kind or category.");
        return services;
    }
}
