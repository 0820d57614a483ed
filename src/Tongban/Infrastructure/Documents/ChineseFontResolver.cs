using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace Tongban.Infrastructure.Documents;

/// <summary>Tongban:Documents — what generated PDFs (notices, certificates) are drawn with.</summary>
internal sealed class DocumentOptions
{
    public const string Section = "Tongban:Documents";
    public const string DefaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>A TrueType font (.ttf) or collection (.ttc, face 0 is used) with Chinese glyphs.</summary>
    public string FontPath { get; set; } = DefaultFontPath;
}

internal static class DocumentsModule
{
    public static IServiceCollection AddTongbanDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.Section));
        var options = configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        // PDFsharp's font resolver is process-wide; the file is read on the first rendering, so a
        // server without the font starts and only PDF rendering fails, with a message that says why.
        ChineseFontResolver.Use(options.FontPath);
        return services;
    }
}

/// <summary>
/// Hands PDFsharp one Chinese font for every family it asks for. PDFsharp 6.2 reads single sfnt
/// fonts only, so a TrueType collection (.ttc, e.g. WenQuanYi Micro Hei) is cut down to face 0
/// as a standalone font first.
/// </summary>
internal sealed class ChineseFontResolver : IFontResolver
{
    public const string FaceName = "TongbanChinese";
    public const string FamilyName = "Tongban Chinese";

    private static readonly Lock Gate = new();
    private static string _fontPath = DocumentOptions.DefaultFontPath;
    private static byte[]? _face;
    private static bool _installed;

    /// <summary>Chooses the font file (before the first rendering) and installs the resolver once.</summary>
    public static void Use(string fontPath)
    {
        lock (Gate)
        {
            if (!string.Equals(_fontPath, fontPath, StringComparison.Ordinal)) _face = null;
            _fontPath = fontPath;
            EnsureInstalledLocked();
        }
    }

    /// <summary>Installs the resolver with the configured (or default) font path if nobody did yet.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate) EnsureInstalledLocked();
    }

    private static void EnsureInstalledLocked()
    {
        if (_installed) return;
        // PDFsharp refuses a second resolver once fonts were used; ours is installed exactly once.
        if (GlobalFontSettings.FontResolver is not ChineseFontResolver) GlobalFontSettings.FontResolver = new ChineseFontResolver();
        _installed = true;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        // One face for everything; bold and italic are simulated (WenQuanYi Micro Hei has one weight).
        new(FaceName, isBold, isItalic);

    public byte[]? GetFont(string faceName)
    {
        lock (Gate) return _face ??= Load(_fontPath);
    }

    private static byte[] Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Chinese font for PDF documents not found at '{path}'. Install it with `apt-get install -y fonts-wqy-microhei` " +
                $"or set {DocumentOptions.Section}:FontPath to a .ttf/.ttc font with Chinese glyphs.", path);
        var bytes = File.ReadAllBytes(path);
        return TrueTypeCollection.IsCollection(bytes) ? TrueTypeCollection.ExtractFace(bytes, 0) : bytes;
    }
}

/// <summary>Cuts one face out of a TrueType collection (the 'ttcf' format) as a standalone sfnt.</summary>
internal static class TrueTypeCollection
{
    public static bool IsCollection(ReadOnlySpan<byte> font) => font.Length >= 12 && font[..4].SequenceEqual("ttcf"u8);

    public static byte[] ExtractFace(byte[] ttc, int index)
    {
        ArgumentNullException.ThrowIfNull(ttc);
        if (!IsCollection(ttc)) throw new InvalidDataException("Not a TrueType collection (no 'ttcf' header).");
        var span = ttc.AsSpan();
        // TTC header: tag, version, numFonts, then one offset per face to its offset table.
        var faces = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        if (index < 0 || index >= faces) throw new ArgumentOutOfRangeException(nameof(index), $"The collection has {faces} faces.");
        var offsetTable = checked((int)BinaryPrimitives.ReadUInt32BigEndian(span[(12 + 4 * index)..]));
        // Offset table: sfntVersion(4) numTables(2) searchRange(2) entrySelector(2) rangeShift(2), then 16-byte records.
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(span[(offsetTable + 4)..]);
        var headerLength = 12 + 16 * tableCount;

        var tables = new (int Record, int Offset, int Length)[tableCount];
        var total = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = offsetTable + 12 + 16 * i;
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(span[(record + 8)..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(span[(record + 12)..]));
            if (offset < 0 || length < 0 || offset + length > ttc.Length) throw new InvalidDataException("A table of the collection lies outside the file.");
            tables[i] = (record, offset, length);
            total += Align4(length);
        }

        var result = new byte[total];
        span.Slice(offsetTable, headerLength).CopyTo(result);
        var position = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var (_, offset, length) = tables[i];
            span.Slice(offset, length).CopyTo(result.AsSpan(position));
            // Table offsets in a collection count from the start of the .ttc; in a lone font, from its start.
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(12 + 16 * i + 8), (uint)position);
            position += Align4(length);
        }
        return result;
    }

    private static int Align4(int length) => (length + 3) & ~3;
}
