using System.Net;
using System.Text.Json;

namespace Tongban.IntegrationTests;

public abstract class CatalogApiTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Departments_and_service_points_of_the_demo_district_are_listed()
    {
        var client = App.CreateClient();
        var departments = await GetJson(client, "/api/departments");
        Assert.True(departments.GetArrayLength() >= 30, $"only {departments.GetArrayLength()} departments");
        var items = await GetJson(client, "/api/items?pageSize=1");
        Assert.True(items.GetProperty("total").GetInt32() >= 700);
        Assert.Equal(items.GetProperty("total").GetInt32(), departments.EnumerateArray().Sum(d => d.GetProperty("itemCount").GetInt32()));
        foreach (var d in departments.EnumerateArray())
            Assert.Equal(18, d.GetProperty("creditCode").GetString()!.Length);

        var points = await GetJson(client, "/api/service-points");
        var levels = points.EnumerateArray().GroupBy(p => p.GetProperty("level").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(1, levels["district"]);
        Assert.Equal(7, levels["town"]);
        Assert.True(levels["village"] >= 90, $"{levels["village"]} village points");
    }

    [Fact]
    public async Task Keyword_search_finds_only_matching_published_items()
    {
        var page = await GetJson(App.CreateClient(), "/api/items?q=" + Uri.EscapeDataString("食品") + "&pageSize=100");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal(page.GetProperty("total").GetInt32(), items.Count);
        Assert.All(items, i => Assert.Contains("食品", i.GetProperty("name").GetString()!, StringComparison.Ordinal));
        var first = items[0];
        Assert.True(first.GetProperty("caseKind").GetString() is "immediate" or "promised");
        Assert.Equal("workingDay", first.GetProperty("promisedLimit").GetProperty("unit").GetString());
        Assert.NotEqual(JsonValueKind.Undefined, first.GetProperty("departmentName").ValueKind);
    }

    [Theory]
    [InlineData("职工参保登记")] // 企业职工参保登记 and 机关事业单位职工参保登记 contain it; it once came after the first
    [InlineData("户口登记")] // matched by parent item names too
    public async Task Search_puts_the_item_of_the_very_name_first_then_names_containing_it(string name)
    {
        var page = await GetJson(App.CreateClient(), "/api/items?q=" + Uri.EscapeDataString(name) + "&pageSize=100");
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
        Assert.True(names.Count > 1, string.Join("、", names));
        Assert.Equal(name, names[0]);
        var containing = names.TakeWhile(n => n.Contains(name, StringComparison.Ordinal)).Count();
        Assert.All(names.Skip(containing), n => Assert.DoesNotContain(name, n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_filters_by_department_and_channel_and_pages()
    {
        var client = App.CreateClient();
        var departments = await GetJson(client, "/api/departments");
        var department = departments.EnumerateArray().OrderByDescending(d => d.GetProperty("itemCount").GetInt32()).First();
        var code = department.GetProperty("code").GetString()!;
        var page1 = await GetJson(client, $"/api/items?department={code}&page=1&pageSize=10");
        var page2 = await GetJson(client, $"/api/items?department={code}&page=2&pageSize=10");
        Assert.Equal(department.GetProperty("itemCount").GetInt32(), page1.GetProperty("total").GetInt32());
        Assert.Equal(10, page1.GetProperty("items").GetArrayLength());
        var codes1 = page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToHashSet();
        Assert.DoesNotContain(page2.GetProperty("items").EnumerateArray(), i => codes1.Contains(i.GetProperty("code").GetString()));
        Assert.All(page1.GetProperty("items").EnumerateArray(), i => Assert.Equal(code, i.GetProperty("departmentCode").GetString()));

        var kiosk = await GetJson(client, "/api/items?channel=kiosk&pageSize=50");
        Assert.True(kiosk.GetProperty("total").GetInt32() > 0);
        Assert.All(kiosk.GetProperty("items").EnumerateArray(), i => Assert.Contains("kiosk", i.GetProperty("channels").EnumerateArray().Select(c => c.GetString())));
    }

    [Fact]
    public async Task Bad_search_parameters_get_a_400_naming_the_field()
    {
        var client = App.CreateClient();
        await ProblemAssert.IsValidation(await client.GetAsync("/api/items?pageSize=1000", Ct), "pageSize");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/items?page=0", Ct), "page");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/items?channel=fax", Ct), "channel");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/items?page=abc", Ct), "page");
    }

    [Fact]
    public async Task The_guide_of_a_person_item_lists_the_resident_id_card_and_limits()
    {
        var client = App.CreateClient();
        string? code = null;
        await App.WithDbAsync(async db =>
        {
            code = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.ItemVersions.Where(i => i.ForPersons && i.ItemType == Tongban.Modules.Catalog.ItemType.Licensing).Select(i => i.Code), Ct);
        });
        var guide = await GetJson(client, "/api/items/" + Uri.EscapeDataString(code!));
        Assert.Equal(code, guide.GetProperty("code").GetString());
        Assert.Equal("licensing", guide.GetProperty("itemType").GetString());
        Assert.Equal("promised", guide.GetProperty("caseKind").GetString());
        Assert.Equal(20, guide.GetProperty("legalLimit").GetProperty("value").GetInt32());
        Assert.True(guide.GetProperty("promisedLimit").GetProperty("value").GetInt32() < 20);
        var materials = guide.GetProperty("materials").EnumerateArray().ToList();
        Assert.Contains(materials, m => m.GetProperty("name").GetString()!.Contains("身份证", StringComparison.Ordinal) && m.GetProperty("necessity").GetString() == "required");
        Assert.True(guide.GetProperty("isDemo").GetBoolean());
        Assert.False(string.IsNullOrEmpty(guide.GetProperty("hotline").GetString()));
    }

    [Fact]
    public async Task An_unknown_item_is_a_404_problem()
    {
        var response = await App.CreateClient().GetAsync("/api/items/NO-SUCH-ITEM", Ct);
        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "catalog.item_not_found");
    }

    [Fact]
    public async Task Admin_creates_publishes_and_versions_an_item_and_published_versions_are_immutable()
    {
        var admin = await App.LoginAsync("admin");
        var anonymous = App.CreateClient();
        var departmentCode = (await GetJson(anonymous, "/api/departments"))[0].GetProperty("code").GetString()!;
        var code = "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var content = ItemContent(departmentCode, "测试事项：个体工商户名称变更", promised: 5);
        Assert.Equal(HttpStatusCode.Created, (await PostJson(admin, "/api/admin/items", new { code, content })).StatusCode);

        // A draft is not in the public catalog.
        await ProblemAssert.IsProblem(await anonymous.GetAsync($"/api/items/{code}", Ct), HttpStatusCode.NotFound, "catalog.item_not_found");
        await Json(await PostJson(admin, $"/api/admin/items/{code}/versions/1/publish", new { }));
        var v1 = await GetJson(anonymous, $"/api/items/{code}");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(2, v1.GetProperty("materials").GetArrayLength());

        // Published is immutable: editing v1 is refused; a new version is the way.
        var edit = await admin.PutAsync($"/api/admin/items/{code}/versions/1", System.Net.Http.Json.JsonContent.Create(ItemContent(departmentCode, "改名", 3)), Ct);
        await ProblemAssert.IsProblem(edit, HttpStatusCode.Conflict, "catalog.immutable");
        Assert.Equal(HttpStatusCode.Created, (await PostJson(admin, $"/api/admin/items/{code}/versions", new { })).StatusCode);
        await Json(await admin.PutAsync($"/api/admin/items/{code}/versions/2", System.Net.Http.Json.JsonContent.Create(ItemContent(departmentCode, "测试事项：个体工商户名称变更（新）", 3)), Ct));
        Assert.Equal("测试事项：个体工商户名称变更", (await GetJson(anonymous, $"/api/items/{code}")).GetProperty("name").GetString());
        await Json(await PostJson(admin, $"/api/admin/items/{code}/versions/2/publish", new { }));
        var v2 = await GetJson(anonymous, $"/api/items/{code}");
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal(3, v2.GetProperty("promisedLimit").GetProperty("value").GetInt32());
        var versions = await GetJson(admin, $"/api/items/{code}/versions");
        Assert.Equal(["published", "retired"], versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        var old = await GetJson(admin, $"/api/items/{code}?version=1");
        Assert.Equal(5, old.GetProperty("promisedLimit").GetProperty("value").GetInt32());

        // Every catalog change is on the item's audit stream.
        await App.WithDbAsync(async db =>
        {
            var actions = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.AuditEntries.Where(e => e.Stream == "catalog:" + code).OrderBy(e => e.Sequence).Select(e => e.Action), Ct);
            Assert.Equal(["catalog.create", "catalog.publish", "catalog.new_version", "catalog.edit_draft", "catalog.publish"], actions);
        });
    }

    [Fact]
    public async Task Publishing_an_incomplete_draft_is_refused_with_the_reasons()
    {
        var admin = await App.LoginAsync("admin");
        var departmentCode = (await GetJson(App.CreateClient(), "/api/departments"))[0].GetProperty("code").GetString()!;
        var code = "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var content = ItemContent(departmentCode, "测试事项：不完整", promised: 0);
        Assert.Equal(HttpStatusCode.Created, (await PostJson(admin, "/api/admin/items", new { code, content })).StatusCode);
        var json = await ProblemAssert.IsProblem(await PostJson(admin, $"/api/admin/items/{code}/versions/1/publish", new { }), HttpStatusCode.Conflict, "catalog.incomplete");
        Assert.Contains("承诺办结时限", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_item_content_is_a_400_listing_each_field()
    {
        var admin = await App.LoginAsync("admin");
        var response = await PostJson(admin, "/api/admin/items", new { code = "X", content = new { name = "", visitsRequired = -1, channels = new[] { "fax" } } });
        await ProblemAssert.IsValidation(response, "content.name", "content.basicCode", "content.departmentCode", "content.visitsRequired", "content.channels", "content.itemType");
    }

    [Fact]
    public async Task A_clerk_cannot_create_or_publish_items_and_anonymous_callers_must_log_in()
    {
        var clerk = await App.LoginAsync("clerk");
        string? code = null;
        await App.WithDbAsync(async db => code = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.ItemVersions.Select(i => i.Code), Ct));
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/admin/items/{code}/versions/1/retire", new { }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsProblem(await PostJson(clerk, "/api/admin/items", new { code = "X" }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsProblem(await PostJson(App.CreateClient(), $"/api/admin/items/{code}/versions/1/retire", new { }), HttpStatusCode.Unauthorized, "auth.required");
        // Still published.
        await GetJson(App.CreateClient(), "/api/items/" + Uri.EscapeDataString(code!));
    }

    private static object ItemContent(string departmentCode, string name, int promised) => new
    {
        name,
        basicCode = "TEST000001",
        itemType = "licensing",
        departmentCode,
        caseKind = "promised",
        legalLimit = new { value = 20, unit = "workingDay" },
        promisedLimit = new { value = promised, unit = "workingDay" },
        visitsRequired = 1,
        channels = new[] { "window", "online" },
        servingObjects = new[] { "person", "enterprise" },
        processSteps = new[] { "accept", "review", "approve", "complete" },
        fees = new { charged = false },
        materials = new[]
        {
            new { code = "M01", name = "居民身份证", necessity = "required", type = "certificate", originalCopies = 1, photocopies = 1 },
            new { code = "M02", name = "申请表", necessity = "required", type = "form", originalCopies = 1, photocopies = 0 },
        },
    };
}

public sealed class SqliteCatalogApiTests(SqliteApp app) : CatalogApiTests<SqliteApp>(app);

public sealed class PostgresCatalogApiTests(PostgresApp app) : CatalogApiTests<PostgresApp>(app);
