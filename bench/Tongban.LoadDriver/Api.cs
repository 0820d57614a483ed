using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tongban.LoadDriver;

/// <summary>What a timed call answered: the outcome and, for a 2xx with a JSON body, the body.</summary>
internal readonly record struct Answer(Outcome Outcome, HttpStatusCode Status, JsonNode? Body)
{
    public bool Ok => Outcome == Outcome.Ok;
}

/// <summary>
/// The HTTP side: one shared connection pool, staff logins, and every request timed with Stopwatch
/// timestamps from before the send to after the whole body is read (what a client waits for).
/// </summary>
internal sealed class Api : IDisposable
{
    private const int KeptErrors = 5;
    private readonly HttpClient http;
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> firstErrors = new();
    private int keptErrors;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Api(Uri baseAddress, int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per worker (plus setup): a closed loop never has more requests in flight.
            MaxConnectionsPerServer = concurrency + 2,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public IReadOnlyCollection<string> FirstErrors => firstErrors;

    /// <summary>Logs a demo staff user in (once) and keeps the bearer token.</summary>
    /// <returns>The user as the server describes them (roles, departmentCode, servicePointCode).</returns>
    /// <param name="key">The name the token is kept under (default the username; another for a second session of the same user).</param>
    public async Task<JsonNode> LoginAsync(string username, string password, CancellationToken ct, string? key = null)
    {
        using var response = await http.PostAsJsonAsync("api/auth/staff/login", new { username, password }, Json, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new SetupException($"login as {username}: {(int)response.StatusCode} {text}");
        var login = JsonNode.Parse(text)!;
        tokens[key ?? username] = login["accessToken"]!.GetValue<string>();
        return login["user"]!;
    }

    public Task<Answer> GetAsync(string path, string? user, CancellationToken ct) => SendAsync(HttpMethod.Get, path, user, null, null, ct);

    /// <summary>Keeps a token obtained outside <see cref="LoginAsync"/> (a citizen's SMS login) under a name of the caller's choosing.</summary>
    public void UseToken(string user, string token) => tokens[user] = token;

    /// <summary>A request as an enrolled kiosk or ticket machine (its device token in X-Kiosk-Device).</summary>
    public Task<Answer> PostAsDeviceAsync(string path, string deviceToken, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, null, JsonContent.Create(body, options: Json), null, ct, ("X-Kiosk-Device", deviceToken));

    public Task<Answer> PostJsonAsync(string path, string user, object body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, user, JsonContent.Create(body, options: Json), idempotencyKey, ct);

    /// <summary>A multipart upload of one file (POST /api/files).</summary>
    public Task<Answer> UploadAsync(string user, string fileName, byte[] content, string contentType, CancellationToken ct)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return SendAsync(HttpMethod.Post, "api/files", user, form, null, ct);
    }

    /// <summary>Sends, reads the whole answer, classifies it. Never throws for an HTTP failure: that is a measured error.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? user, HttpContent? content, string? idempotencyKey, CancellationToken ct,
        (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (header is { } h) request.Headers.Add(h.Name, h.Value);
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var status = response.StatusCode;
            var outcome = (int)status switch
            {
                >= 200 and < 300 => Outcome.Ok,
                409 => Outcome.Conflict,
                429 => Outcome.Throttled,
                _ => Outcome.Error,
            };
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (outcome != Outcome.Ok)
            {
                Keep($"{method} {path} → {(int)status}: {System.Text.Encoding.UTF8.GetString(bytes)}");
                return new Answer(outcome, status, null);
            }
            var json = response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.Ordinal) && bytes.Length > 0
                ? JsonNode.Parse(bytes) : null;
            return new Answer(Outcome.Ok, status, json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Keep($"{method} {path} → no answer: {e.Message}");
            return new Answer(Outcome.Error, 0, null);
        }
    }

    /// <summary>Times <paramref name="call"/> and records it under <paramref name="operation"/>.</summary>
    public static async Task<Answer> TimedAsync(Recorder recorder, string operation, Func<Task<Answer>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var answer = await call();
        recorder.Record(operation, Stopwatch.GetTimestamp() - start, answer.Outcome);
        return answer;
    }

    private void Keep(string error)
    {
        if (Interlocked.Increment(ref keptErrors) <= KeptErrors) firstErrors.Enqueue(error.Length > 800 ? error[..800] + "…" : error);
    }

    public void Dispose() => http.Dispose();
}

/// <summary>The run cannot start (server down, demo data missing, a login refused).</summary>
internal sealed class SetupException(string message) : Exception(message);
