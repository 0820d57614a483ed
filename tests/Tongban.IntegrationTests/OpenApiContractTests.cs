using System.Text.Json.Nodes;

namespace Tongban.IntegrationTests;

/// <summary>
/// The web app's API types are generated from web/openapi/v1.json. If the server's document
/// changes, that file must be refreshed (see web/README.md) or the types silently lie.
/// </summary>
public sealed class OpenApiContractTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_web_apps_copy_of_the_openapi_document_matches_the_server()
    {
        var live = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!.AsObject();
        live.Remove("servers");
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Tongban.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        var path = Path.Combine(root.FullName, "web", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("TONGBAN_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, live.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n", TestContext.Current.CancellationToken);
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!.AsObject();
        committed.Remove("servers");
        Assert.True(JsonNode.DeepEquals(live, committed),
            "web/openapi/v1.json is stale: run `TONGBAN_UPDATE_OPENAPI=1 dotnet test --project tests/Tongban.IntegrationTests -- --filter-class '*OpenApiContractTests'`, then `npm run gen:api` in web/ (docs/development.md).");
    }
}
