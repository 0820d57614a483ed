using System.Collections.Frozen;
using Tongban.Infrastructure.Reference;

namespace Tongban.Modules.Validation;

/// <summary>
/// County-level-and-above division codes (GB/T 2260, 民政部) in use at any time 1981–2024,
/// abolished and re-used ones included: an ID number keeps the code valid when it was issued.
/// </summary>
internal static class AdministrativeDivisions
{
    private const string File = "admin-divisions-mca/areacodes-history-1981-2024.csv";

    private static readonly Lazy<FrozenDictionary<string, string>> Names =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when <paramref name="sixDigits"/> was a province, prefecture or county code at some time 1981–2024.</summary>
    public static bool IsKnownCountyOrAbove(string sixDigits) =>
        sixDigits is { Length: 6 } && Names.Value.ContainsKey(sixDigits);

    /// <summary>The latest name the code was used with (a renamed code gives its newest name), or null if unknown.</summary>
    public static string? NameOf(string code) =>
        code is not null && Names.Value.TryGetValue(code, out var name) ? name : null;

    private static FrozenDictionary<string, string> Load()
    {
        // Columns: 代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码. A re-used code has
        // several rows; the one with the latest 启用时间 carries the name people know today.
        var latest = new Dictionary<string, (int Since, string Name)>(StringComparer.Ordinal);
        foreach (var row in ReferenceData.ReadCsv(File).Skip(1))
        {
            if (row.Length < 7 || row[0].Length != 6) continue;
            var since = int.TryParse(row[6], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) ? year : 0;
            if (!latest.TryGetValue(row[0], out var known) || since >= known.Since)
            {
                latest[row[0]] = (since, row[3]);
            }
        }

        return latest.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Name, StringComparer.Ordinal);
    }
}
