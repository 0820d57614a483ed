using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using PdfSharp.Pdf;
using Tongban.Infrastructure.Crypto;
using Tongban.Infrastructure.Documents;

namespace Tongban.IntegrationTests;

/// <summary>
/// The app with a small upload limit, so the 413 path is cheap to test, on a real socket: Kestrel, not the test server,
/// counts a chunked body as it arrives, and that is where an over-long upload once became a 400.
/// </summary>
public abstract class SmallUploadApp(DatabaseKind kind) : TongbanAppFactory(kind), IAsyncLifetime
{
    public const int MaxBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tongban:Files:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask InitializeAsync()
    {
        if (Kind == DatabaseKind.Postgres && Environment.GetEnvironmentVariable(PostgresVariable) is null or "") return ValueTask.CompletedTask;
        UseKestrel(0);
        StartServer();
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteSmallUploadApp() : SmallUploadApp(DatabaseKind.Sqlite);

public sealed class PostgresSmallUploadApp() : SmallUploadApp(DatabaseKind.Postgres);

public abstract class FileUploadTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : SmallUploadApp
{
    private static byte[] RealPdf()
    {
        using var document = new PdfDocument();
        document.Info.Title = "测试";
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static byte[] RealPng() => NoticeLayout.QrPng("tongban:case:350505-2026-000001");

    /// <summary>A real 2×2 baseline JPEG (JFIF, one scan): the server parses an image from its first marker to its last.</summary>
    internal static byte[] Jpeg() => Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAACAAIBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==");

    private static byte[] Ofd()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("OFD.xml").Open()))
            writer.Write("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\"/>");
        return output.ToArray();
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string fileName, string contentType = "application/octet-stream", string field = "file")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, field, fileName);
        return client.PostAsync("/api/files", form, Ct);
    }

    [Fact]
    public async Task Pdf_png_jpeg_and_ofd_uploads_are_fingerprinted_and_download_byte_for_byte()
    {
        var clerk = await App.LoginAsync("clerk");
        (byte[] Bytes, string Name, string Type)[] files =
        [
            (RealPdf(), "申请表（签字版）.pdf", "application/pdf"),
            (RealPng(), "二维码.png", "image/png"),
            (Jpeg(), "身份证正面.JPG", "image/jpeg"),
            // Made by hand like the refused ones below: the check is of structure, not of who wrote the bytes.
            (Png(3, 2), "小图.png", "image/png"),
            (Ofd(), "营业执照.ofd", "application/ofd"),
        ];
        foreach (var (bytes, name, type) in files)
        {
            var response = await Upload(clerk, bytes, name);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await Json(response);
            var id = body.GetProperty("fileId").GetGuid();
            Assert.Equal($"/api/files/{id}", response.Headers.Location?.OriginalString);
            Assert.Equal(name, body.GetProperty("fileName").GetString());
            Assert.Equal(type, body.GetProperty("contentType").GetString());
            Assert.Equal(bytes.Length, body.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), body.GetProperty("sha256").GetString());
            Assert.Equal(Sm3.HashHex(bytes), body.GetProperty("sm3").GetString());

            var download = await clerk.GetAsync($"/api/files/{id}", Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(type, download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(name, download.Content.Headers.ContentDisposition?.FileNameStar);
            // Always a download, never rendered on our origin, and never re-sniffed into something else.
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        }

        // Stored as yyyy/MM/<id> under the root, with no temporary file left behind.
        var stored = Directory.GetFiles(App.FilesRoot, "*", SearchOption.AllDirectories);
        Assert.Equal(files.Length, stored.Length);
        Assert.All(stored, f => Assert.StartsWith(Path.Combine(App.FilesRoot, "2026", "03"), f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Content_that_is_not_what_its_name_says_or_not_accepted_at_all_is_415()
    {
        var clerk = await App.LoginAsync("clerk");
        var mismatch = await ProblemAssert.IsProblem(await Upload(clerk, RealPng(), "扫描件.pdf", "application/pdf"), HttpStatusCode.UnsupportedMediaType, "file.type_mismatch");
        Assert.Contains("PNG", mismatch.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var text = await ProblemAssert.IsProblem(await Upload(clerk, "just some notes"u8.ToArray(), "说明.txt", "text/plain"), HttpStatusCode.UnsupportedMediaType, "file.unsupported_type");
        Assert.Contains("未知格式", text.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var exe = await ProblemAssert.IsProblem(await Upload(clerk, [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0], "setup.exe"), HttpStatusCode.UnsupportedMediaType, "file.unsupported_type");
        Assert.Contains("可执行", exe.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var zipStream = new MemoryStream())
        {
            using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("word/document.xml");
            await ProblemAssert.IsProblem(await Upload(clerk, zipStream.ToArray(), "合同.ofd"), HttpStatusCode.UnsupportedMediaType, "file.unsupported_type");
        }
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_however_it_is_sent()
    {
        var clerk = await App.LoginAsync("clerk");
        var justOver = RealPdf().Concat(new byte[SmallUploadApp.MaxBytes]).ToArray();
        var problem = await ProblemAssert.IsProblem(await Upload(clerk, justOver, "big.pdf"), HttpStatusCode.RequestEntityTooLarge, "file.too_large");
        Assert.Contains("64 KB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Far over the limit and without a Content-Length: refused while reading, not after — also when Kestrel,
        // counting the chunks as they arrive, passes its own limit first (once a 400 "请求格式错误").
        var huge = RealPdf().Concat(new byte[SmallUploadApp.MaxBytes * 8]).ToArray();
        var form = new MultipartFormDataContent { { new StreamContent(new MemoryStream(huge)), "file", "huge.pdf" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblem(await clerk.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge, "file.too_large");

        // With a Content-Length: refused before reading.
        await ProblemAssert.IsProblem(await Upload(clerk, huge, "huge.pdf"), HttpStatusCode.RequestEntityTooLarge, "file.too_large");
    }

    private static byte[] Zip()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("shell.php").Open()))
            writer.Write("<?php system($_GET['c']); ?>");
        return output.ToArray();
    }

    /// <summary>A PNG of the given size: signature, IHDR (8-bit RGB), one IDAT, IEND, each with its CRC.</summary>
    internal static byte[] Png(uint width, uint height, byte[]? idat = null, params (string Type, byte[] Data)[] extra)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var chunk = new byte[12 + data.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            data.CopyTo(chunk, 8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
            return chunk;
        }
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write([0, 0xB3, 0x26, 0x1E]);
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. extra.SelectMany(e => Chunk(e.Type, e.Data)),
            .. Chunk("IDAT", idat ?? z.ToArray()), .. Chunk("IEND", [])];
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Fact]
    public async Task Polyglots_and_impossible_images_are_400_naming_the_file()
    {
        var clerk = await App.LoginAsync("clerk");
        var jpeg = Jpeg();
        (byte[] Bytes, string Name)[] polyglots =
        [
            (Ascii("%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"), "HTML 冒充.pdf"),
            ([.. RealPdf(), .. Zip()], "PDF 后接压缩包.pdf"),
            ([.. RealPdf(), .. Zip(), .. Ascii("\n%%EOF\n")], "压缩包藏在结束标记前.pdf"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. Ascii("JFIF\0\x01\x01\0\0\x01\0\x01\0\0<?php system($_GET['c']); ?>")], "PHP 冒充.jpg"),
            ([.. jpeg, .. Ascii("<?php system($_GET['c']); ?>")], "JPEG 后接 PHP.jpg"),
            ([.. jpeg[..2], 0xFF, 0xFE, 0x00, 0x20, .. Ascii("<?php system($_GET[c]); ?>    "), .. jpeg[2..]], "JPEG 注释里的 PHP.jpg"),
            ([.. jpeg[..^2]], "截断的.jpg"),
            ([.. RealPng(), .. Zip()], "PNG 后接压缩包.png"),
            (Png(2, 2, extra: ("tEXt", Ascii("Comment\0<script>alert(1)</script>"))), "PNG 文本块里的脚本.png"),
            (Png(100_000, 100_000), "一百亿像素.png"),
            (Png(0, 1), "零宽.png"),
            ([.. RealPng()[..^1], 0x00], "校验失败.png"),
        ];
        foreach (var (bytes, name) in polyglots)
        {
            var problem = await ProblemAssert.IsValidation(await Upload(clerk, bytes, name), "file");
            Assert.Contains("不是有效的", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_or_empty_file_is_400_naming_the_field()
    {
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await Upload(clerk, RealPdf(), "a.pdf", field: "attachment"), "file");
        await ProblemAssert.IsValidation(await Upload(clerk, [], "empty.pdf"), "file");
        await ProblemAssert.IsValidation(await clerk.PostAsync("/api/files", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct), "file");
    }

    [Fact]
    public async Task Anonymous_callers_are_refused_and_unknown_files_are_404()
    {
        var anonymous = App.CreateClient();
        await ProblemAssert.IsProblem(await Upload(anonymous, RealPdf(), "a.pdf"), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await anonymous.GetAsync($"/api/files/{Guid.NewGuid()}", Ct), HttpStatusCode.Unauthorized, "auth.required");
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsProblem(await clerk.GetAsync($"/api/files/{Guid.NewGuid()}", Ct), HttpStatusCode.NotFound, "file.not_found");
    }
}

public sealed class SqliteFileUploadTests(SqliteSmallUploadApp app) : FileUploadTests<SqliteSmallUploadApp>(app);

public sealed class PostgresFileUploadTests(PostgresSmallUploadApp app) : FileUploadTests<PostgresSmallUploadApp>(app);
