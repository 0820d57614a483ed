using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Validation;

namespace Tongban.IntegrationTests;

/// <summary>Citizens for tests: fresh numbers, the SMS code read from the outbox, a logged-in client.</summary>
internal static partial class Citizens
{
    /// <summary>延缓入学或者休学审批: 居民身份证 + 申请表 + one item-specific document (online, for persons).</summary>
    public const string FirstItem = "511A0138000000-350505000000-000-11350505MB3505010G-1-00";
    /// <summary>三级社会体育指导员技术等级称号认定: 居民身份证 + 申请表 — the ID card can come from the library.</summary>
    public const string SecondItem = "511F33033003-350505000000-000-11350505MB3505010G-1-00";

    private static int _sequence = Random.Shared.Next(0, 500);

    public static string NewMobile() => "139" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>A valid GB 11643 number no other test uses (MOD 11-2 from the validator itself).</summary>
    public static string NewIdNumber()
    {
        var n = Interlocked.Increment(ref _sequence);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"350505{1960 + n % 40}{1 + n % 12:D2}{1 + n % 28:D2}{n % 1000:D3}");
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    [GeneratedRegex(@"验证码为(\d{6})")]
    private static partial Regex CodePattern();

    /// <summary>The newest login code sent to the number, as the SMS says it.</summary>
    public static async Task<string> LastCodeAsync(TongbanAppFactory app, string mobile, string codeEvent = "auth.otp") =>
        CodePattern().Match(await LastCodeTextAsync(app, mobile, codeEvent)).Groups[1].Value;

    /// <summary>The whole text of the newest code SMS of that event sent to the number.</summary>
    public static async Task<string> LastCodeTextAsync(TongbanAppFactory app, string mobile, string codeEvent = "auth.otp")
    {
        string text = "";
        var index = PersonalData.BlindIndex(mobile);
        await app.WithDbAsync(async db => text = await db.OutboxMessages.Where(m => m.RecipientIndex == index && m.Event == codeEvent)
            .OrderByDescending(m => m.Id).Select(m => m.Text).FirstAsync(TestContext.Current.CancellationToken));
        return text;
    }

    public static Task<HttpResponseMessage> RequestCodeAsync(HttpClient client, string mobile, string? purpose = null) =>
        client.PostAsJsonAsync("/api/auth/citizen/otp", new { mobile, purpose }, TestContext.Current.CancellationToken);

    /// <summary>Requests a code and insists it was sent (202).</summary>
    public static async Task SendCodeAsync(HttpClient client, string mobile, string? purpose = null)
    {
        var response = await RequestCodeAsync(client, mobile, purpose);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string mobile, string code, string? idNumber = null, string? name = null) =>
        client.PostAsJsonAsync("/api/auth/citizen/login", new { mobile, code, idNumber, name }, TestContext.Current.CancellationToken);

    /// <summary>A citizen logged in (first login: bound to the ID number), as a bearer-token client.</summary>
    public static async Task<HttpClient> LoggedInAsync(TongbanAppFactory app, string mobile, string idNumber, string name = "陈美玲")
    {
        var anonymous = app.CreateClient();
        // Each login needs a fresh code; the per-number limit allows one a minute.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await SendCodeAsync(anonymous, mobile);
        var response = await LoginAsync(anonymous, mobile, await LastCodeAsync(app, mobile), idNumber, name);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        var token = JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<Guid> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        var response = await client.PostAsync("/api/files", form, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("fileId").GetGuid();
    }

    /// <summary>A real PNG (a QR code): what a phone photo of an ID card is, as far as the server can tell.</summary>
    public static byte[] Png(string content = "id-card") => Tongban.Infrastructure.Documents.NoticeLayout.QrPng("tongban:test:" + content);

    public static byte[] Pdf()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
