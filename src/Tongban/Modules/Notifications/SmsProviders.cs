using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Tongban.Modules.Notifications;

/// <summary>One message for the gateway; the id and token build the delivery-report URL.</summary>
internal sealed record SmsRequest(long MessageId, string Mobile, string Text, string CallbackToken);

/// <summary>Where a message leaves Tongban (the edge to the outside world).</summary>
internal interface ISmsProvider
{
    /// <returns>The provider's id of the accepted message.</returns>
    /// <exception cref="SmsRejectedException">The gateway refused this message for good (no retry helps).</exception>
    /// <remarks>Any other exception is temporary: the dispatcher retries with backoff.</remarks>
    Task<string> SendAsync(SmsRequest request, CancellationToken ct);
}

/// <summary>The gateway refused the message itself (bad number, bad text): retrying cannot help.</summary>
internal sealed class SmsRejectedException(string message) : Exception(message);

/// <summary>
/// The demo provider: records nothing beyond the outbox row itself, which GET /api/dev/sms shows.
/// </summary>
internal sealed class LogSmsProvider(ILogger<LogSmsProvider> logger) : ISmsProvider
{
    public Task<string> SendAsync(SmsRequest request, CancellationToken ct)
    {
        // Never the number in clear in the log (DESIGN §3 rule 6).
        logger.LogInformation("SMS to {Mobile}: {Text}", Validation.MobileNumber.Mask(request.Mobile), request.Text);
        return Task.FromResult("log-" + Guid.NewGuid().ToString("N")[..12]);
    }
}

/// <summary>
/// Kannel's smsbox sendsms interface: UTF-8 in, UCS-2 on the air (coding=2), with a delivery report
/// requested for delivered, failed, accepted and rejected (dlr-mask 27) to a per-message URL that
/// carries the message's secret token (Kannel cannot authenticate itself).
/// </summary>
internal sealed class KannelSmsProvider(IHttpClientFactory clients, IOptions<SmsOptions> options) : ISmsProvider
{
    /// <summary>1 delivered + 2 non-delivered + 8 accepted by the SMSC + 16 rejected by the SMSC.</summary>
    public const int DlrMask = 27;

    public async Task<string> SendAsync(SmsRequest request, CancellationToken ct)
    {
        var o = options.Value.Kannel;
        var dlrUrl = $"{o.DlrBaseUrl.TrimEnd('/')}/api/sms/kannel/dlr/{request.MessageId}/{request.CallbackToken}?status=%d";
        var query = new Dictionary<string, string>
        {
            ["username"] = o.Username, ["password"] = o.Password, ["from"] = o.From, ["to"] = request.Mobile, ["text"] = request.Text,
            ["charset"] = "UTF-8", ["coding"] = "2", ["dlr-mask"] = DlrMask.ToString(System.Globalization.CultureInfo.InvariantCulture), ["dlr-url"] = dlrUrl,
        };
        var url = o.SendUrl + (o.SendUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + string.Join("&", query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var response = await clients.CreateClient("sms").GetAsync(url, ct);
        var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
        // 202 "0: Accepted for delivery" or "3: Queued for later delivery"; 4xx for a message it will never take.
        if (response.IsSuccessStatusCode) return "kannel-" + request.MessageId;
        var reason = $"Kannel {(int)response.StatusCode}: {body}";
        if (response.StatusCode is HttpStatusCode.BadRequest) throw new SmsRejectedException(reason);
        throw new HttpRequestException(reason, null, response.StatusCode);
    }
}

/// <summary>
/// A commercial gateway taking JSON: POST {id, to, from, text, callbackUrl} signed with HMAC-SHA-256 over
/// "timestamp.body" (headers X-Tongban-Timestamp, X-Tongban-Signature: hex). 2xx with {"id": "…"} is accepted;
/// 4xx is a refusal; anything else is retried. Receipts come back to callbackUrl (POST {"status": "delivered"|"failed"}).
/// </summary>
internal sealed class HttpJsonSmsProvider(IHttpClientFactory clients, IOptions<SmsOptions> options, TimeProvider clock) : ISmsProvider
{
    public async Task<string> SendAsync(SmsRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var callback = string.IsNullOrEmpty(o.Kannel.DlrBaseUrl) ? null : $"{o.Kannel.DlrBaseUrl.TrimEnd('/')}/api/sms/receipts/{request.MessageId}/{request.CallbackToken}";
        var body = JsonSerializer.Serialize(new { id = request.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), to = request.Mobile, from = o.Http.From, text = request.Text, callbackUrl = callback });
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, o.Http.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add("X-Tongban-Timestamp", timestamp);
        message.Headers.Add("X-Tongban-Signature", Sign(o.Http.Secret, timestamp, body));
        using var response = await clients.CreateClient("sms").SendAsync(message, ct);
        if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
            throw new SmsRejectedException($"gateway {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("id", out var id) ? "http-" + id : "http-" + request.MessageId;
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
