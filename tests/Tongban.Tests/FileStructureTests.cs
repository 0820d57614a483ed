using System.Text;
using PdfSharp.Pdf;
using Tongban.Infrastructure.Documents;
using Tongban.Modules.Files;

namespace Tongban.Tests;

/// <summary>Issue 16 §10: a file opens as what its first bytes claim, from start to end (no polyglots).</summary>
public sealed class FileStructureTests
{
    /// <summary>A real 2×2 baseline JPEG.</summary>
    private static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAACAAIBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==");

    private static byte[] Pdf()
    {
        using var document = new PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static string? Defect(FileKind kind, byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        var defect = FileStructure.Defect(kind, stream);
        Assert.Equal(0, stream.Position);
        return defect;
    }

    [Fact]
    public void Real_files_pass()
    {
        Assert.Null(Defect(FileKind.Pdf, Pdf()));
        Assert.Null(Defect(FileKind.Pdf, [.. Pdf(), .. "\r\n\0\0"u8]));
        Assert.Null(Defect(FileKind.Jpeg, Jpeg));
        Assert.Null(Defect(FileKind.Png, NoticeLayout.QrPng("tongban:test")));
        // A phone photo with its HDR gain map appended (MPF): a second complete JPEG after the first EOI.
        Assert.Null(Defect(FileKind.Jpeg, [.. Jpeg, .. Jpeg]));
    }

    [Fact]
    public void What_follows_the_end_or_hides_in_metadata_is_refused()
    {
        var php = Encoding.ASCII.GetBytes("<?php system($_GET['c']); ?>");
        Assert.NotNull(Defect(FileKind.Jpeg, [.. Jpeg, .. php]));
        Assert.NotNull(Defect(FileKind.Jpeg, [.. Jpeg, .. Jpeg[..^2]]));
        Assert.NotNull(Defect(FileKind.Jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0"u8, .. php]));
        Assert.NotNull(Defect(FileKind.Jpeg, [0xFF, 0xD8, 0xFF, 0xFE, 0x00, (byte)(php.Length + 2), .. php, .. Jpeg[2..]]));
        Assert.NotNull(Defect(FileKind.Png, [.. NoticeLayout.QrPng("tongban:test"), .. php]));
        Assert.NotNull(Defect(FileKind.Pdf, [.. Pdf(), .. php]));
        Assert.NotNull(Defect(FileKind.Pdf, "%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"u8.ToArray()));
        Assert.NotNull(Defect(FileKind.Pdf, [.. Pdf(), .. FileTypeSnifferTests.Zip("OFD.xml"), .. "\n%%EOF\n"u8]));
    }

    [Fact]
    public void A_png_whose_declared_chunk_runs_past_the_end_is_refused_without_allocating_it()
    {
        var png = NoticeLayout.QrPng("tongban:test");
        // The first IDAT or other chunk after IHDR (offset 33) claims 2 GB.
        png[33] = 0x7F;
        png[34] = 0xFF;
        Assert.NotNull(Defect(FileKind.Png, png));
    }
}
