namespace Tongban.Modules.Catalog;

/// <summary>
/// Scores a candidate item against the typed words (docs/search.md): the name first (exact, prefix, contains), then an
/// everyday word's catalog term, the result (营业执照), keywords, the parent item, pinyin initials and full pinyin, the
/// code, and last a name or result one character away from the word. Every word must match; scores add up, and the
/// reason shown is the first word's best match when that is not the name itself.
/// </summary>
internal static class ItemRanking
{
    internal sealed record Fields(string Name, string? ParentItemName, string? ResultName, IReadOnlyList<string> Keywords, string Code);

    internal sealed record Word(string Text, IReadOnlyList<(string Everyday, string Term)> Terms)
    {
        public bool IsAscii { get; } = Text.All(char.IsAscii);
        /// <summary>One wrong character is tolerated for Chinese words of three characters or more (shorter ones would match nearly anything).</summary>
        public bool TypoTolerant { get; } = Text.Length >= 3 && Pinyin.HasChinese(Text);
    }

    public static IReadOnlyList<Word> Parse(string q) =>
        [.. q.Split([' ', '\u3000', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries).Take(5)
            .Select(ItemSearchText.Normalize).Where(w => w.Length > 0).Distinct()
            .Select(w => new Word(w, [.. SearchSynonyms.Expand(w).Where(t => t.Term != w).DistinctBy(t => t.Term)]))];

    /// <summary>Total score (0 = no match) and why it matched when the name alone does not say it.</summary>
    public static (int Score, string? Reason) Score(Fields item, IReadOnlyList<Word> words)
    {
        var total = 0;
        string? reason = null;
        for (var i = 0; i < words.Count; i++)
        {
            var (score, why) = ScoreWord(item, words[i]);
            if (score == 0) return (0, null);
            total += score;
            if (i == 0) reason = why;
        }
        return (total, reason);
    }

    private static (int, string?) ScoreWord(Fields item, Word word)
    {
        var w = word.Text;
        var name = ItemSearchText.Normalize(item.Name);
        var result = item.ResultName is null ? null : ItemSearchText.Normalize(item.ResultName);
        var keywords = item.Keywords.Select(ItemSearchText.Normalize).ToList();
        var best = (Score: 0, Reason: (string?)null);
        void Consider(int score, string? why) { if (score > best.Score) best = (score, why); }

        if (name == w) Consider(1000, null);
        else if (name.StartsWith(w, StringComparison.Ordinal)) Consider(900, null);
        else if (name.Contains(w, StringComparison.Ordinal)) Consider(800, null);
        if (result is not null && result.Contains(w, StringComparison.Ordinal)) Consider(result == w ? 650 : 600, "办理结果：" + item.ResultName);
        foreach (var (k, raw) in keywords.Zip(item.Keywords))
            if (k.Contains(w, StringComparison.Ordinal)) Consider(k == w ? 640 : 580, "关键词：" + raw);
        if (item.ParentItemName is { } parent && ItemSearchText.Normalize(parent).Contains(w, StringComparison.Ordinal)) Consider(500, "所属事项：" + parent);
        if (word.IsAscii)
        {
            var nameInitials = Pinyin.Initials(item.Name);
            if (nameInitials == w) Consider(620, "拼音首字母：" + item.Name);
            else if (nameInitials.Contains(w, StringComparison.Ordinal)) Consider(560, "拼音首字母：" + item.Name);
            if (item.ResultName is not null && Pinyin.Initials(item.ResultName).Contains(w, StringComparison.Ordinal))
                Consider(Pinyin.Initials(item.ResultName) == w ? 600 : 540, "拼音首字母：" + item.ResultName + "（办理结果）");
            foreach (var k in item.Keywords)
                if (Pinyin.Initials(k).Contains(w, StringComparison.Ordinal)) Consider(530, "拼音首字母：" + k + "（关键词）");
            if (w.Length >= 2 && Pinyin.Full(item.Name).Contains(w, StringComparison.Ordinal)) Consider(520, "拼音：" + item.Name);
            if (w.Length >= 2 && item.ResultName is not null && Pinyin.Full(item.ResultName).Contains(w, StringComparison.Ordinal)) Consider(500, "拼音：办理结果" + item.ResultName);
        }
        if (item.Code.Contains(w, StringComparison.OrdinalIgnoreCase)) Consider(300, "事项编码");

        // An everyday word (开饭店) reaches the items its catalog terms name; an item the term names outright ranks above
        // one that merely contains the typed word.
        // Terms are listed most likely first, so an earlier term counts a little more.
        for (var t = 0; t < word.Terms.Count; t++)
        {
            var (everyday, term) = word.Terms[t];
            var hit = name.Contains(term, StringComparison.Ordinal) ? 700
                : result is not null && result.Contains(term, StringComparison.Ordinal) ? 650
                : keywords.Any(k => k.Contains(term, StringComparison.Ordinal)) ? 620 : 0;
            if (hit == 0) continue;
            hit -= 10 * Math.Min(t, 10);
            if (best.Score >= 800) best = (best.Score + 150, best.Reason);
            else Consider(hit, $"常用说法：{everyday}");
            break;
        }

        if (best.Score == 0 && word.TypoTolerant)
        {
            if (OneOff(name, w) is { } near) Consider(200, "相近：" + near);
            else if (result is not null && OneOff(result, w) is { } nearResult) Consider(180, "相近：" + nearResult);
            else if (keywords.Select(k => OneOff(k, w)).FirstOrDefault(k => k is not null) is { } nearKeyword) Consider(170, "相近：" + nearKeyword);
        }
        return best;
    }

    /// <summary>The part of <paramref name="text"/> that differs from <paramref name="word"/> in exactly one character, if any.</summary>
    internal static string? OneOff(string text, string word)
    {
        for (var start = 0; start + word.Length <= text.Length; start++)
        {
            var mismatches = 0;
            for (var j = 0; j < word.Length && mismatches <= 1; j++)
                if (text[start + j] != word[j]) mismatches++;
            if (mismatches == 1) return text.Substring(start, word.Length);
        }
        return null;
    }

    /// <summary>
    /// LIKE patterns with one wildcard character, one per position, as the literal pieces around it (营_执照 → 营, 执照; an
    /// empty piece at either end): what the database must find for a one-character typo.
    /// </summary>
    public static IEnumerable<string[]> TypoPieces(string word)
    {
        for (var i = 0; i < word.Length; i++)
            yield return i == 0 ? ["", word[1..]] : i == word.Length - 1 ? [word[..i], ""] : [word[..i], word[(i + 1)..]];
    }
}
