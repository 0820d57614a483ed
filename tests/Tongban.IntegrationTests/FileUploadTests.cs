using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using PdfSharp.Pdf;
using Tongban.Infrastructure.Crypto;
using Tongban.Infrastructure.Documents;

namespace Tongban.IntegrationTests;

/// <summary>The app with a small upload limit, so the 413 path is cheap to test.</summary>
public abstract class SmallUploadApp(DatabaseKind kind) : TongbanAppFactory(kind)
{
    public const int MaxBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tongban:Files:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private static byte[] Jpeg()
    {
        // A JFIF header followed by filler: the server checks content type, it does not decode images.
        var bytes = new byte[2000];
        new Random(7).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01];
        header.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

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

        // Far over the limit and without a Content-Length: refused while reading, not after.
        var huge = RealPdf().Concat(new byte[SmallUploadApp.MaxBytes * 4]).ToArray();
        var form = new MultipartFormDataContent { { new StreamContent(new MemoryStream(huge)), "file", "huge.pdf" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblem(await clerk.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge, "file.too_large");

        // With a Content-Length: refused before reading.
        await ProblemAssert.IsProblem(await Upload(clerk, huge, "huge.pdf"), HttpStatusCode.RequestEntityTooLarge, "file.too_large");
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
