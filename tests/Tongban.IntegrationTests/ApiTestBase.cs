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

    protected static Task<JsonElement> Json(HttpResponseMessage response) => Scenario.Json(response);

    protected async Task<JsonElement> GetJson(HttpClient client, string url) => await Json(await client.GetAsync(url, Ct));

    protected static Task<HttpResponseMessage> PostJson(HttpClient client, string url, object body, string? idempotencyKey = null) =>
        Scenario.PostJson(client, url, body, idempotencyKey);
}
