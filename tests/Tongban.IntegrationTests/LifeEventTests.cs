using System.Net;

namespace Tongban.IntegrationTests;

/// <summary>主题服务: finding items by what one is going through, for persons and for enterprises (issue 4, item 2).</summary>
public abstract class LifeEventTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Themes_list_their_item_counts_and_filter_the_catalog()
    {
        var client = App.CreateClient();
        var person = await GetJson(client, "/api/life-events?audience=person");
        Assert.All(person.EnumerateArray(), e => Assert.Equal("person", e.GetProperty("audience").GetString()));
        var education = person.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "education");
        Assert.Equal("上学教育", education.GetProperty("name").GetString());
        Assert.True(education.GetProperty("itemCount").GetInt32() > 0);

        var page = await GetJson(client, "/api/items?lifeEvent=education&pageSize=100");
        Assert.Equal(education.GetProperty("itemCount").GetInt32(), page.GetProperty("total").GetInt32());
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == Citizens.FirstItem);
        var guide = await GetJson(client, $"/api/items/{Citizens.FirstItem}");
        Assert.Contains("education", guide.GetProperty("lifeEvents").EnumerateArray().Select(e => e.GetString()));

        // Enterprise themes hold only items for enterprises; the audience filter narrows any search.
        var start = (await GetJson(client, "/api/life-events?audience=enterprise")).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "closure");
        Assert.True(start.GetProperty("itemCount").GetInt32() > 0);
        var closures = await GetJson(client, "/api/items?lifeEvent=closure&audience=enterprise&pageSize=5");
        Assert.True(closures.GetProperty("total").GetInt32() > 0);
        var forPersons = await GetJson(client, "/api/items?audience=person&pageSize=1");
        var all = await GetJson(client, "/api/items?pageSize=1");
        Assert.True(forPersons.GetProperty("total").GetInt32() < all.GetProperty("total").GetInt32());

        await ProblemAssert.IsValidation(await client.GetAsync("/api/items?lifeEvent=astronaut", Ct), "lifeEvent");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/life-events?audience=robot", Ct), "audience");
    }

    [Fact]
    public async Task An_admin_puts_an_item_under_a_theme_and_an_unknown_theme_is_named()
    {
        var admin = await App.LoginAsync("admin");
        var anonymous = App.CreateClient();
        var departmentCode = (await GetJson(anonymous, "/api/departments"))[0].GetProperty("code").GetString()!;
        var code = "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        object Content(params string[] lifeEvents) => new
        {
            name = "测试事项：高龄老人津贴申领", basicCode = "TEST000002", itemType = "publicService", departmentCode, caseKind = "promised",
            legalLimit = new { value = 20, unit = "workingDay" }, promisedLimit = new { value = 5, unit = "workingDay" }, visitsRequired = 0,
            channels = new[] { "window", "online" }, servingObjects = new[] { "person" }, processSteps = new[] { "accept", "review", "complete" },
            fees = new { charged = false }, lifeEvents,
            materials = new[] { new { code = "M01", name = "居民身份证", necessity = "required", type = "certificate", originalCopies = 1, photocopies = 1 } },
        };
        await ProblemAssert.IsValidation(await PostJson(admin, "/api/admin/items", new { code, content = Content("retirement", "moon-landing") }), "content.lifeEvents");
        Assert.Equal(HttpStatusCode.Created, (await PostJson(admin, "/api/admin/items", new { code, content = Content("retirement", "social-security") })).StatusCode);
        var before = (await GetJson(anonymous, "/api/life-events?audience=person")).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "retirement").GetProperty("itemCount").GetInt32();
        await Json(await PostJson(admin, $"/api/admin/items/{code}/versions/1/publish", new { }));
        var after = (await GetJson(anonymous, "/api/life-events?audience=person")).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "retirement").GetProperty("itemCount").GetInt32();
        Assert.Equal(before + 1, after);
        Assert.Equal(["retirement", "social-security"], (await GetJson(anonymous, $"/api/items/{code}")).GetProperty("lifeEvents").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Contains((await GetJson(anonymous, "/api/items?lifeEvent=retirement&pageSize=100")).GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
    }
}

public sealed class SqliteLifeEventTests(SqliteApp app) : LifeEventTests<SqliteApp>(app);

public sealed class PostgresLifeEventTests(PostgresApp app) : LifeEventTests<PostgresApp>(app);
