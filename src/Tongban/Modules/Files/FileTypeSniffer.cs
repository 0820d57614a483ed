using System.IO.Compression;

namespace Tongban.Modules.Files;

/// <summary>What the content is, and whether the declared name agrees with it.</summary>
internal sealed record SniffResult(FileKind? Kind, string Detected)
{
    public bool IsSupported => Kind is not null;
}

/// <summary>
/// Recognises accepted file types by their leading bytes (and, for OFD, by the ZIP's directory):
/// a browser's Content-Type and the file name are whatever the client says they are.
/// </summary>
internal static class FileTypeSniffer
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ExeMagic = "MZ"u8.ToArray();

    public const int HeaderLength = 8;

    public static string ContentTypeOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        _ => "application/ofd",
    };

    /// <summary>Extensions a file of this kind may carry (lower case, with the dot).</summary>
    public static IReadOnlyList<string> ExtensionsOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => [".pdf"],
        FileKind.Jpeg => [".jpg", ".jpeg"],
        FileKind.Png => [".png"],
        _ => [".ofd"],
    };

    public static string DisplayName(FileKind kind) => kind switch
    {
        FileKind.Pdf => "PDF",
        FileKind.Jpeg => "JPEG 图片",
        FileKind.Png => "PNG 图片",
        _ => "OFD 版式文件",
    };

    /// <summary>Looks at the content. The stream must be seekable (OFD needs the ZIP's central directory); it is left at position 0.</summary>
    public static SniffResult Sniff(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek) throw new ArgumentException("The sniffer needs a seekable stream.", nameof(content));
        content.Position = 0;
        Span<byte> header = stackalloc byte[HeaderLength];
        var read = content.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        header = header[..read];
        content.Position = 0;

        if (header.StartsWith(PdfMagic)) return new(FileKind.Pdf, "PDF");
        if (header.StartsWith(PngMagic)) return new(FileKind.Png, "PNG 图片");
        if (header.StartsWith(JpegMagic)) return new(FileKind.Jpeg, "JPEG 图片");
        if (header.StartsWith(ZipMagic))
        {
            var isOfd = HasOfdEntry(content);
            content.Position = 0;
            return isOfd ? new(FileKind.Ofd, "OFD 版式文件") : new(null, "ZIP 压缩包（不含 OFD.xml）");
        }
        if (header.StartsWith(ExeMagic)) return new(null, "Windows 可执行程序");
        if (read == 0) return new(null, "空文件");
        return new(null, "未知格式");
    }

    /// <summary>Whether the declared file name's extension fits the detected kind.</summary>
    public static bool ExtensionMatches(string fileName, FileKind kind)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return ExtensionsOf(kind).Contains(extension);
    }

    private static bool HasOfdEntry(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            // GB/T 33190: the package entry point is OFD.xml at the root.
            return zip.Entries.Any(e => string.Equals(e.FullName, "OFD.xml", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
