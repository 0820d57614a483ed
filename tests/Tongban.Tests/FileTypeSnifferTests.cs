using System.IO.Compression;
using Tongban.Modules.Files;

namespace Tongban.Tests;

public sealed class FileTypeSnifferTests
{
    internal static readonly byte[] Pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1];

    internal static byte[] Zip(params string[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>");
            }
        return output.ToArray();
    }

    private static SniffResult Sniff(byte[] bytes) => FileTypeSniffer.Sniff(new MemoryStream(bytes));

    [Fact]
    public void Recognises_each_accepted_type_by_content()
    {
        Assert.Equal(FileKind.Pdf, Sniff(Pdf).Kind);
        Assert.Equal(FileKind.Png, Sniff(Png).Kind);
        Assert.Equal(FileKind.Jpeg, Sniff(Jpeg).Kind);
        Assert.Equal(FileKind.Ofd, Sniff(Zip("OFD.xml", "Doc_0/Document.xml")).Kind);
    }

    [Fact]
    public void A_zip_without_OFD_xml_is_not_an_ofd()
    {
        var result = Sniff(Zip("word/document.xml", "Doc_0/OFD.xml"));
        Assert.Null(result.Kind);
        Assert.Contains("ZIP", result.Detected, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_executables_and_truncated_zips_are_unsupported()
    {
        Assert.Null(Sniff("hello, world"u8.ToArray()).Kind);
        Assert.Null(Sniff([]).Kind);
        Assert.Null(Sniff([0x25, 0x50, 0x44]).Kind); // "%PD", cut short
        var exe = Sniff("MZ\x90\0\x03\0\0\0"u8.ToArray());
        Assert.Null(exe.Kind);
        Assert.Contains("可执行", exe.Detected, StringComparison.Ordinal);
        Assert.Null(Sniff([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6]).Kind);
    }

    [Fact]
    public void The_stream_is_rewound_after_sniffing()
    {
        var stream = new MemoryStream(Zip("OFD.xml"));
        FileTypeSniffer.Sniff(stream);
        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [InlineData("申请表.pdf", FileKind.Pdf, true)]
    [InlineData("SCAN.PDF", FileKind.Pdf, true)]
    [InlineData("photo.jpg", FileKind.Jpeg, true)]
    [InlineData("photo.jpeg", FileKind.Jpeg, true)]
    [InlineData("营业执照.ofd", FileKind.Ofd, true)]
    [InlineData("fake.pdf", FileKind.Png, false)]
    [InlineData("image.png.exe", FileKind.Png, false)]
    [InlineData("noextension", FileKind.Pdf, false)]
    [InlineData("photo.png", FileKind.Jpeg, false)]
    internal void The_extension_must_agree_with_the_content(string name, FileKind kind, bool matches) =>
        Assert.Equal(matches, FileTypeSniffer.ExtensionMatches(name, kind));

    [Theory]
    [InlineData("C:\\Users\\张三\\身份证.jpg", "身份证.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("  ", "file")]
    [InlineData("a\u0000b.pdf", "ab.pdf")]
    public void Uploaded_names_lose_their_folders_and_control_characters(string raw, string clean) =>
        Assert.Equal(clean, UploadFile.CleanName(raw));
}
