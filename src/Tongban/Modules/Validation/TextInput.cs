using System.Globalization;
using System.Text;

namespace Tongban.Modules.Validation;

/// <summary>What a typed-in text is, by the field it arrives in: the rules differ (a name must read as a name, a code must be plain).</summary>
internal enum TextKind
{
    /// <summary>A person's, enterprise's, item's or material's name: letters required, no invisible or control characters, no angle brackets.</summary>
    Name,

    /// <summary>A code, number, ID number, mobile or enum word: no invisible or control characters.</summary>
    Identifier,

    /// <summary>Opinions, reasons, comments, consultation text: anything printable plus line breaks and tabs.</summary>
    FreeText,

    /// <summary>A password: compared byte for byte, so never normalised or trimmed; only its length is limited.</summary>
    Secret,
}

/// <summary>
/// The character rules for everything a user can type (issue 16, point 6). Names and identifiers are normalised (NFC,
/// trimmed) and refuse control (Cc) and invisible format (Cf: zero-width space, right-to-left override, BOM) characters;
/// names need a letter and refuse &lt; and &gt; (no real person or enterprise name has them, and a name is shown
/// everywhere); free text keeps what was written but never a control character other than \n, \r and \t.
/// </summary>
internal static class TextInput
{
    public const int MaxName = 200;
    public const int MaxIdentifier = 100;
    public const int MaxFreeText = 4000;
    public const int MaxSecret = 200;

    /// <summary>Query, route and header values: a search term or a filter, never a document.</summary>
    public const int MaxParameterText = 1000;

    private static readonly string[] IdentifierEndings =
    [
        "code", "codes", "number", "id", "ids", "mobile", "username", "kind", "channel", "type", "result", "decision", "method",
        "hotline", "status", "view", "grain", "subject", "metric", "department", "item", "servicepoint", "token", "key", "necessity",
        "form", "source", "scope", "level", "sort", "order", "role", "roles", "state",
    ];

    /// <summary>The kind of text a field holds, from its name (the last segment of "applicant.contactName").</summary>
    public static TextKind KindOf(string field)
    {
        var name = field;
        var dot = name.LastIndexOf('.');
        if (dot >= 0) name = name[(dot + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0) name = name[..bracket];
        name = name.ToLowerInvariant();
        if (name.Contains("password", StringComparison.Ordinal)) return TextKind.Secret;
        if (name.EndsWith("name", StringComparison.Ordinal) && name != "username") return TextKind.Name;
        foreach (var ending in IdentifierEndings)
            if (name.EndsWith(ending, StringComparison.Ordinal)) return TextKind.Identifier;
        return TextKind.FreeText;
    }

    public static int DefaultMaxLength(TextKind kind, bool parameter) => kind switch
    {
        TextKind.Name => MaxName,
        TextKind.Identifier => MaxIdentifier,
        TextKind.Secret => MaxSecret,
        _ => parameter ? MaxParameterText : MaxFreeText,
    };

    /// <summary>The value as it should be stored (normalised), or the Chinese reason it is refused.</summary>
    public static (string Value, string? Error) Check(string value, TextKind kind, int maxLength)
    {
        if (kind == TextKind.Secret)
            return (value, value.Length > maxLength ? $"不能超过 {maxLength} 个字符" : null);
        // Checked before normalising: a megabyte of text is refused without being copied.
        if (value.Length > maxLength * 2) return (value, $"不能超过 {maxLength} 个字符");
        var normalized = value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        normalized = normalized.Trim();
        if (normalized.Length > maxLength) return (normalized, $"不能超过 {maxLength} 个字符");
        var hasLetter = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control)
            {
                if (kind == TextKind.FreeText && rune.Value is '\n' or '\r' or '\t') continue;
                return (normalized, kind == TextKind.FreeText ? "不能包含控制字符（换行、制表符除外）" : "不能包含控制字符");
            }
            if (kind != TextKind.FreeText && category == UnicodeCategory.Format)
                return (normalized, "不能包含不可见的格式字符（如零宽空格、文字方向控制符）");
            if (kind != TextKind.FreeText && category is UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                return (normalized, "包含无法识别的字符");
            if (kind == TextKind.Name && rune.Value is '<' or '>') return (normalized, "名称不能包含尖括号 < >");
            hasLetter |= Rune.IsLetter(rune);
        }
        // An empty value is for the handler's own "required" rule; a non-empty name must have something to read.
        if (kind == TextKind.Name && normalized.Length > 0 && !hasLetter) return (normalized, "名称必须包含文字");
        return (normalized, null);
    }
}
