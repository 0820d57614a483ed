using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>A commercial gateway stand-in: checks nothing itself, records each request with its headers, answers as told.</summary>
public sealed class FakeJsonGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeJsonGateway()
    {
        Port = KannelGateway.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<(string Body, string? Timestamp, string? Signature)> Requests { get; } = new();

    /// <summary>Status code for a request body (default 200 with an id).</summary>
    public Func<string, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.OK;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((body, context.Request.Headers["X-Tongban-Timestamp"], context.Request.Headers["X-Tongban-Signature"]));
            var status = Answer(body);
            context.Response.StatusCode = (int)status;
            var answer = Encoding.UTF8.GetBytes(status == HttpStatusCode.OK ? "{\"id\":\"gw-" + Requests.Count + "\"}" : "{\"error\":\"no\"}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}

public class HttpGatewayApp(DatabaseKind kind) : ScriptedSmsApp(kind)
{
    public const string Secret = "json-gateway-secret-0123456789";

    public FakeJsonGateway Gateway2 { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Tongban:Sms:Provider", "http"),
        new("Tongban:Sms:Http:Url", $"http://127.0.0.1:{Gateway2.Port}/send"),
        new("Tongban:Sms:Http:Secret", Secret),
        new("Tongban:Sms:Http:From", "TONGBAN"),
        new("Tongban:Sms:Kannel:DlrBaseUrl", "https://tongban.example.gov.cn"),
    ];

    // The real provider, not the scripted one.
    protected override void ConfigureTestServices(IServiceCollection services)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Gateway2.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteHttpGatewayApp() : HttpGatewayApp(DatabaseKind.Sqlite);

/// <summary>The generic signed JSON provider against a stand-in gateway: signature, body, acceptance, refusal and retry.</summary>
public sealed class HttpGatewayTests(SqliteHttpGatewayApp app) : ApiTestBase<SqliteHttpGatewayApp>(app)
{
    [Fact]
    public async Task Messages_are_posted_as_signed_JSON_and_the_answer_decides_sent_refused_or_retry()
    {
        App.AdvanceToBeijing(10);
        var gateway = App.Gateway2;
        var refused = ScriptedSmsApp.NewMobile();
        var busy = ScriptedSmsApp.NewMobile();
        gateway.Answer = body => body.Contains(refused, StringComparison.Ordinal) ? HttpStatusCode.BadRequest
            : body.Contains(busy, StringComparison.Ordinal) ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
        var mobile = ScriptedSmsApp.NewMobile();
        var ok = await App.QueueAsync(mobile, "case.accepted", "办件J1已受理，咨询电话12345。");
        var no = await App.QueueAsync(refused, "case.accepted", "办件J2已受理。");
        var later = await App.QueueAsync(busy, "case.accepted", "办件J3已受理。");
        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchAllDueAsync(Ct);

        var sent = await App.MessageAsync(ok);
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.StartsWith("http-gw-", sent.ProviderId, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.PermanentFailure, (await App.MessageAsync(no)).Status);
        Assert.Equal(MessageStatus.TemporaryFailure, (await App.MessageAsync(later)).Status);

        var request = Assert.Single(gateway.Requests, r => r.Body.Contains(mobile, StringComparison.Ordinal));
        Assert.Equal(HttpJsonSmsProvider.Sign(HttpGatewayApp.Secret, request.Timestamp!, request.Body), request.Signature);
        Assert.Equal(App.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Timestamp);
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("办件J1已受理，咨询电话12345。", json.GetProperty("text").GetString());
        Assert.Equal("TONGBAN", json.GetProperty("from").GetString());
        Assert.Equal($"https://tongban.example.gov.cn/api/sms/receipts/{ok}/{sent.CallbackToken}", json.GetProperty("callbackUrl").GetString());
    }
}
