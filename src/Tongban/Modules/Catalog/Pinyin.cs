using System.Collections.Frozen;
using System.Text;
using Tongban.Infrastructure.Reference;

namespace Tongban.Modules.Catalog;

/// <summary>
/// Toneless pinyin of Chinese text, for search by initials (营业执照 → yyzz) and by full pinyin (yingyezhizhao).
/// The character table is ICU's Han-Latin reading (ReferenceData/pinyin); a per-character table reads some
/// polyphones wrong (银行 → yinxing), so the words where the catalog meets them are listed with their reading.
/// </summary>
internal static class Pinyin
{
    private static readonly Lazy<FrozenDictionary<char, string>> Table = new(Load);

    /// <summary>Words whose characters read differently from the character's most common reading.</summary>
    private static readonly (string Word, string[] Syllables)[] Words =
    [
        ("银行", ["yin", "hang"]), ("行业", ["hang", "ye"]), ("长期", ["chang", "qi"]), ("重新", ["chong", "xin"]),
        ("重庆", ["chong", "qing"]), ("会计", ["kuai", "ji"]), ("单位", ["dan", "wei"]), ("调解", ["tiao", "jie"]),
        ("调整", ["tiao", "zheng"]), ("还款", ["huan", "kuan"]), ("补还", ["bu", "huan"]), ("传染", ["chuan", "ran"]),
        ("省级", ["sheng", "ji"]), ("乐器", ["yue", "qi"]), ("音乐", ["yin", "yue"]), ("处理", ["chu", "li"]),
        ("处罚", ["chu", "fa"]), ("着火", ["zhao", "huo"]), ("朝阳", ["chao", "yang"]), ("的士", ["di", "shi"]),
        ("差额", ["cha", "e"]), ("出差", ["chu", "chai"]), ("参加", ["can", "jia"]), ("给付", ["ji", "fu"]),
        ("供给", ["gong", "ji"]), ("供养", ["gong", "yang"]), ("校验", ["jiao", "yan"]), ("种子", ["zhong", "zi"]),
        ("种植", ["zhong", "zhi"]), ("种类", ["zhong", "lei"]), ("藏品", ["cang", "pin"]), ("率先", ["shuai", "xian"]),
    ];

    private static readonly FrozenDictionary<char, (string Word, string[] Syllables)[]> WordsByFirst =
        Words.GroupBy(w => w.Word[0]).ToFrozenDictionary(g => g.Key, g => g.ToArray());

    /// <summary>Syllables of each character: a Chinese character gives its pinyin, anything else stays as it is (lower case).</summary>
    public static IReadOnlyList<string> Syllables(string text)
    {
        var table = Table.Value;
        var result = new List<string>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var word = WordsByFirst.TryGetValue(text[i], out var candidates)
                ? candidates.FirstOrDefault(w => string.CompareOrdinal(text, i, w.Word, 0, w.Word.Length) == 0) : default;
            if (word.Word is not null)
            {
                result.AddRange(word.Syllables);
                i += word.Word.Length - 1;
                continue;
            }
            var c = text[i];
            if (table.TryGetValue(c, out var syllable)) result.Add(syllable);
            else if (char.IsLetterOrDigit(c)) result.Add(char.ToLowerInvariant(c).ToString());
        }
        return result;
    }

    /// <summary>First letters: 营业执照 → yyzz; letters and digits are kept.</summary>
    public static string Initials(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var s in Syllables(text)) sb.Append(s[0]);
        return sb.ToString();
    }

    /// <summary>Joined full pinyin: 营业执照 → yingyezhizhao.</summary>
    public static string Full(string text) => string.Concat(Syllables(text));

    public static bool HasChinese(string text) => text.Any(c => c is >= '\u4E00' and <= '\u9FA5');

    private static FrozenDictionary<char, string> Load()
    {
        var map = new Dictionary<char, string>(21000);
        foreach (var line in ReferenceData.ReadAllText("pinyin/han-pinyin.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            var syllable = line[..space];
            foreach (var c in line.AsSpan(space + 1)) map[c] = syllable;
        }
        return map.ToFrozenDictionary();
    }
}
