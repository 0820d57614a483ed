using System.Net.Http.Json;
using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>Each API test class runs once per database: a Sqlite… and a Postgres… subclass.</summary>
public abstract class ApiTestBase<TApp> : IClassFixture<TApp> where TApp : TongbanAppFactory
{
    protected ApiTestBase(TApp app)
    {
        App = app;
        app.SkipIfUnavailable();
    }

    protected TApp App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    protected async Task<JsonElement> GetJson(HttpClient client, string url) => await Json(await client.GetAsync(url, Ct));

    protected static Task<HttpResponseMessage> PostJson(HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, Ct);
    }
}
