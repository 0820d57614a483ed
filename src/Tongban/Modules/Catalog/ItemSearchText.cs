namespace Tongban.Modules.Catalog;

/// <summary>
/// The text search matches an item against, one column per item version (item_versions.search_text): name, parent
/// item, result, certificate type, keywords and code in lower case, then the pinyin initials and the full pinyin of the
/// name, the result and the keywords. A trigram index (PostgreSQL) serves LIKE '%…%' on it. See docs/search.md.
/// </summary>
internal static class ItemSearchText
{
    public const int MaxLength = 4000;

    public static string Build(ServiceItemVersion item)
    {
        var words = new List<string> { item.Name };
        if (!string.IsNullOrWhiteSpace(item.ParentItemName)) words.Add(item.ParentItemName);
        if (!string.IsNullOrWhiteSpace(item.ResultName)) words.Add(item.ResultName);
        words.AddRange(item.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)));
        var chinese = words.Where(Pinyin.HasChinese).ToList();
        var parts = words.Select(Normalize)
            .Append(Normalize(item.Code))
            .Concat(chinese.Select(Pinyin.Initials))
            .Concat(chinese.Select(Pinyin.Full))
            .Distinct();
        var text = string.Join(' ', parts);
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    /// <summary>
    /// The distinct characters and adjacent pairs of the text (none with white space), sorted. A LIKE piece of one or two
    /// characters is in the text only if it is among them, so a GIN index on them narrows what trigrams cannot.
    /// </summary>
    public static List<string> Grams(string text)
    {
        var grams = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (!Indexable(text[i])) continue;
            grams.Add(text[i].ToString());
            if (i + 1 < text.Length && Indexable(text[i + 1])) grams.Add(text.Substring(i, 2));
        }
        return [.. grams];
    }

    /// <summary>The grams a literal piece of a LIKE pattern needs: itself when one character, else its pairs (none when empty).</summary>
    public static IEnumerable<string> GramsOf(string piece) =>
        (piece.Length <= 1 ? [piece] : Enumerable.Range(0, piece.Length - 1).Select(i => piece.Substring(i, 2))).Where(g => g.Length > 0 && g.All(Indexable));

    /// <summary>White space separates the text's words; half of a surrogate pair is no text PostgreSQL could store.</summary>
    private static bool Indexable(char c) => !char.IsWhiteSpace(c) && !char.IsSurrogate(c);

    /// <summary>Lower case, full-width letters and digits folded to ASCII, inner white space removed.</summary>
    public static string Normalize(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var raw in text)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (char.IsWhiteSpace(c)) continue;
            buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }
}

/// <summary>
/// After migrations: item versions saved before search_text existed get theirs (a start with nothing to do reads no
/// item). A change to how the text is built needs a migration that empties the column, so this refills it.
/// </summary>
internal static class ItemSearchTextBackfill
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.TongbanDb>();
        var changed = 0;
        foreach (var item in await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.ItemVersions.Where(i => i.SearchText == ""), ct))
            if (item.RefreshSearchText()) changed++;
        if (changed > 0) await db.SaveChangesAsync(ct);
    }
}
