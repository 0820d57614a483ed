using System.Reflection;

namespace Tongban.Infrastructure.Reference;

/// <summary>
/// Public reference data shipped inside the assembly (folder <c>ReferenceData/</c>): holidays,
/// division codes, the demo catalog. Embedded so a published binary needs no data folder.
/// </summary>
internal static class ReferenceData
{
    private static readonly Assembly Assembly = typeof(ReferenceData).Assembly;

    /// <param name="relativePath">Path below ReferenceData/, e.g. "holiday-cn/2026.json".</param>
    public static Stream Open(string relativePath)
    {
        var name = "Tongban.ReferenceData." + relativePath.Replace('\\', '/');
        return Assembly.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"Embedded reference data '{relativePath}' is missing.", name);
    }

    public static IEnumerable<string> List(string folder)
    {
        var prefix = "Tongban.ReferenceData." + folder.TrimEnd('/') + "/";
        return Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n[("Tongban.ReferenceData.".Length)..])
            .Order(StringComparer.Ordinal);
    }

    public static string ReadAllText(string relativePath)
    {
        using var reader = new StreamReader(Open(relativePath));
        return reader.ReadToEnd();
    }

    /// <summary>Reads a CSV file (RFC 4180 quoting) as rows of fields, header included.</summary>
    public static IEnumerable<string[]> ReadCsv(string relativePath)
    {
        using var reader = new StreamReader(Open(relativePath));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            yield return Csv.SplitLine(line.TrimStart('\uFEFF'));
        }
    }
}

internal static class Csv
{
    public static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
