using Tongban.Infrastructure.Reference;

namespace Tongban.Tests;

/// <summary>Reads the CSV files under TestData/ (copied to the output folder) as header-keyed rows.</summary>
internal static class TestCsv
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", fileName))
            .Where(l => l.Length > 0)
            .Select(l => Csv.SplitLine(l.TrimStart('\uFEFF')))
            .ToList();
        var header = lines[0];
        return [.. lines.Skip(1).Select(fields =>
            (IReadOnlyDictionary<string, string>)header.Select((name, i) => (name, value: i < fields.Length ? fields[i] : ""))
                .ToDictionary(p => p.name, p => p.value, StringComparer.Ordinal))];
    }
}
