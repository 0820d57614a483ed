using System.Text.Json;
using Tongban.Infrastructure.Reference;

namespace Tongban.Modules.Catalog;

/// <summary>
/// Everyday words → catalog words (ReferenceData/search/synonyms.json): 开饭店 also searches 个体工商户设立登记 and
/// 食品小经营店备案发放. The list is data, edited by hand when the search misses; per-item words are the item's keywords.
/// </summary>
internal static class SearchSynonyms
{
    internal sealed record Entry(string[] Words, string[] Terms);
    private sealed record Document(Entry[] Entries);

    private static readonly Lazy<Entry[]> All = new(() =>
        JsonSerializer.Deserialize<Document>(ReferenceData.ReadAllText("search/synonyms.json"), JsonSerializerOptions.Web)!.Entries);

    public static IReadOnlyList<Entry> Entries => All.Value;

    /// <summary>The catalog words a typed word stands for, with the everyday word that matched (longest first).</summary>
    public static IEnumerable<(string Word, string Term)> Expand(string typed)
    {
        foreach (var entry in All.Value)
        {
            var word = entry.Words.Where(w => typed.Contains(w, StringComparison.Ordinal)).MaxBy(w => w.Length);
            if (word is null) continue;
            foreach (var term in entry.Terms) yield return (word, ItemSearchText.Normalize(term));
        }
    }
}
