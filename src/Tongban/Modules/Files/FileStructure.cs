using System.Buffers.Binary;
using System.Text;
using PdfSharp.Pdf.IO;

namespace Tongban.Modules.Files;

/// <summary>
/// Whether a file whose leading bytes say PDF, JPEG or PNG also opens as one, from start to end. A polyglot (a PDF header
/// over HTML, a JPEG header over PHP, a PDF with a ZIP appended) starts right and is something else further on; it is
/// refused here. The images are parsed, not decoded: no native image code runs on what strangers send.
/// </summary>
internal static class FileStructure
{
    /// <summary>Largest image accepted: 100 megapixels (a 600 dpi A3 scan is about 70).</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>A ZIP reader looks for its end record in the last 64 KB + 22 bytes: none may hide there in a PDF or an image.</summary>
    private const int ZipEndWindow = 65_535 + 22;

    private static readonly byte[] ZipEndRecord = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] PdfEnd = "%%EOF"u8.ToArray();

    /// <summary>Markup a browser or a server-side interpreter would run if the file were ever served as something else.</summary>
    private static readonly byte[][] Markup = [.. new[] { "<?php", "<script", "<html", "<body", "<iframe", "<!doctype html", "<svg" }.Select(Encoding.ASCII.GetBytes)];

    /// <summary>Null when the content is a well-formed file of <paramref name="kind"/>; otherwise what is wrong, in Chinese. The stream must be seekable.</summary>
    public static string? Defect(FileKind kind, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek) throw new ArgumentException("The structure check needs a seekable stream.", nameof(content));
        content.Position = 0;
        try
        {
            if (kind != FileKind.Ofd && HasZipEndRecordAtTheEnd(content)) return "文件末尾夹带了压缩包数据";
            content.Position = 0;
            return kind switch
            {
                FileKind.Pdf => PdfDefect(content),
                FileKind.Jpeg => JpegDefect(new BufferedStream(content, 64 * 1024)),
                FileKind.Png => PngDefect(new BufferedStream(content, 64 * 1024)),
                // OFD: a ZIP whose directory holds OFD.xml, already checked by the sniffer.
                _ => null,
            };
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static bool HasZipEndRecordAtTheEnd(Stream content)
    {
        var length = (int)Math.Min(content.Length, ZipEndWindow);
        var tail = new byte[length];
        content.Position = content.Length - length;
        content.ReadExactly(tail);
        return tail.AsSpan().IndexOf(ZipEndRecord) >= 0;
    }

    // ---- PDF -------------------------------------------------------------------------------------------------

    private static string? PdfDefect(Stream content)
    {
        // Nothing may follow the last %%EOF but line ends and padding: that is where appended payloads sit.
        var length = (int)Math.Min(content.Length, 4096);
        var tail = new byte[length];
        content.Position = content.Length - length;
        content.ReadExactly(tail);
        var end = tail.AsSpan().LastIndexOf(PdfEnd);
        if (end < 0) return "没有 PDF 文件结束标记（%%EOF），文件不完整或附带了其他数据";
        foreach (var b in tail.AsSpan(end + PdfEnd.Length))
            if (b is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or (byte)'\f' or 0)) return "PDF 结束标记之后还附带了其他数据";
        content.Position = 0;
        try
        {
            // The library reads the cross-reference table and the objects it names: a header over HTML has neither.
            using var document = PdfReader.Open(new KeepOpenStream(content), PdfDocumentOpenMode.Import);
            return document.PageCount > 0 ? null : "PDF 没有任何页面";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PDFsharp throws its own and the framework's exceptions for broken files; all of them mean "not a PDF we can read".
            return "PDF 无法解析（文件损坏、加密或不是 PDF）";
        }
    }

    /// <summary>PDFsharp closes the stream it reads; the upload reads it again afterwards.</summary>
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // ---- JPEG ------------------------------------------------------------------------------------------------

    /// <summary>Phones append further images after the first one's EOI (MPF: HDR gain maps, depth maps); nothing else may follow.</summary>
    private const int MaxJpegImages = 8;

    private static string? JpegDefect(Stream s, int image = 1)
    {
        if (s.ReadByte() != 0xFF || s.ReadByte() != 0xD8) return "不是 JPEG 图片";
        long width = 0, height = 0;
        var marker = NextMarker(s);
        while (true)
        {
            switch (marker)
            {
                case -1:
                    return "JPEG 图片不完整（缺少结束标记）";
                case < 0:
                    return "JPEG 图片的结构损坏（数据段之间夹带了其他内容）";
                case 0xD9:
                    // EOI: the image ends here, and so must the file, unless another complete JPEG follows.
                    if (width == 0) return "JPEG 图片没有图像数据";
                    var next = s.ReadByte();
                    if (next < 0) return null;
                    if (next != 0xFF || image >= MaxJpegImages) return "JPEG 图片结束标记之后还附带了其他数据";
                    s.Seek(-1, SeekOrigin.Current);
                    return JpegDefect(s, image + 1);
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    marker = NextMarker(s);
                    continue;
            }
            var segmentLength = ReadUInt16(s);
            if (segmentLength < 2) return "JPEG 图片的数据段损坏";
            var payload = new byte[segmentLength - 2];
            if (s.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length) return "JPEG 图片不完整";
            if (marker is (>= 0xC0 and <= 0xC3) or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF))
            {
                // SOFn: precision, height, width, components.
                if (payload.Length < 6) return "JPEG 图片的帧头损坏";
                height = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(1));
                width = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(3));
                if (SizeDefect(width, height) is { } bad) return bad;
            }
            else if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                // APPn and comments carry metadata: the place where a script would hide in a real image.
                if (ContainsMarkup(payload)) return "JPEG 图片的元数据中夹带了网页或脚本代码";
            }
            if (marker == 0xDA)
            {
                if (width == 0) return "JPEG 图片缺少帧头";
                // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
                marker = SkipScan(s);
                continue;
            }
            marker = NextMarker(s);
        }
    }

    /// <summary>The next marker's code after its 0xFF (fill bytes skipped); -1 at the end, -2 when something else sits between segments.</summary>
    private static int NextMarker(Stream s)
    {
        var first = s.ReadByte();
        if (first < 0) return -1;
        if (first != 0xFF) return -2;
        int b;
        while ((b = s.ReadByte()) == 0xFF) { }
        return b < 0 ? -1 : b == 0 ? -2 : b;
    }

    private static int SkipScan(Stream s)
    {
        while (true)
        {
            var b = s.ReadByte();
            if (b < 0) return -1;
            if (b != 0xFF) continue;
            int next;
            while ((next = s.ReadByte()) == 0xFF) { }
            if (next < 0) return -1;
            if (next == 0 || next is >= 0xD0 and <= 0xD7) continue;
            return next;
        }
    }

    private static int ReadUInt16(Stream s)
    {
        var high = s.ReadByte();
        var low = s.ReadByte();
        return high < 0 || low < 0 ? -1 : (high << 8) | low;
    }

    // ---- PNG -------------------------------------------------------------------------------------------------

    private static string? PngDefect(Stream s)
    {
        Span<byte> signature = stackalloc byte[8];
        if (s.ReadAtLeast(signature, 8, throwOnEndOfStream: false) < 8) return "不是 PNG 图片";
        Span<byte> header = stackalloc byte[8];
        Span<byte> crcBytes = stackalloc byte[4];
        var first = true;
        var sawData = false;
        while (true)
        {
            if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8) return "PNG 图片不完整（缺少 IEND 结束块）";
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header[4..]);
            if (length > int.MaxValue || !type.All(char.IsAsciiLetter)) return "PNG 图片的数据块损坏";
            // A declared length beyond the end of the file is refused before anything is allocated for it.
            if (length > s.Length - s.Position) return "PNG 图片不完整";
            if (first && type != "IHDR") return "PNG 图片缺少 IHDR 头";
            var data = new byte[length];
            if (s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length) return "PNG 图片不完整";
            if (s.ReadAtLeast(crcBytes, 4, throwOnEndOfStream: false) < 4) return "PNG 图片不完整";
            if (Crc32(header[4..], data) != BinaryPrimitives.ReadUInt32BigEndian(crcBytes)) return $"PNG 图片的 {type} 块校验失败";
            switch (type)
            {
                case "IHDR" when first:
                    if (length != 13) return "PNG 图片的 IHDR 头损坏";
                    if (SizeDefect(BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4))) is { } bad) return bad;
                    break;
                case "IHDR":
                    return "PNG 图片有多个 IHDR 头";
                case "IDAT":
                    sawData = true;
                    break;
                case "IEND":
                    if (!sawData) return "PNG 图片没有图像数据";
                    // IEND ends the image, and so must it end the file.
                    return s.ReadByte() < 0 ? null : "PNG 图片结束块之后还附带了其他数据";
                default:
                    // Text and other ancillary chunks: the place where a script would hide in a real image.
                    if (ContainsMarkup(data)) return "PNG 图片的元数据中夹带了网页或脚本代码";
                    break;
            }
            first = false;
        }
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    })];

    private static uint Crc32(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    // ---- shared ----------------------------------------------------------------------------------------------

    private static string? SizeDefect(long width, long height) =>
        width <= 0 || height <= 0 ? "图片的宽度或高度为 0"
        : width * height > MaxPixels ? $"图片尺寸 {width}×{height} 过大（最多 1 亿像素）"
        : null;

    private static bool ContainsMarkup(ReadOnlySpan<byte> data)
    {
        if (data.IndexOf((byte)'<') < 0) return false;
        foreach (var tag in Markup)
            if (IndexOfIgnoreCase(data, tag) >= 0) return true;
        return false;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> data, ReadOnlySpan<byte> lowerAscii)
    {
        for (var i = data.IndexOf(lowerAscii[0]); i >= 0 && i <= data.Length - lowerAscii.Length;)
        {
            var match = true;
            for (var k = 1; k < lowerAscii.Length && match; k++)
                match = (data[i + k] | 0x20) == (lowerAscii[k] | 0x20);
            if (match) return i;
            var next = data[(i + 1)..].IndexOf(lowerAscii[0]);
            if (next < 0) return -1;
            i += next + 1;
        }
        return -1;
    }
}
