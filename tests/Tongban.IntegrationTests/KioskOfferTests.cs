using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>GET /api/kiosk/items: the kiosk's items (the catalog's kiosk rule) and its 便民服务, with category tiles.</summary>
public abstract class KioskOfferTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static List<string> Names(JsonElement list) => [.. list.EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Anyone_sees_the_kiosk_items_for_persons_the_services_and_the_categories()
    {
        var offer = await GetJson(App.CreateClient(), "/api/kiosk/items?pageSize=100");
        var items = offer.GetProperty("items");
        // The rule puts most personal items on the kiosk (595 of the demo's 640), not the 114 of before.
        Assert.True(items.GetProperty("total").GetInt32() >= 500, $"{items.GetProperty("total")} items");
        Assert.Equal(100, items.GetProperty("items").GetArrayLength());
        Assert.All(items.GetProperty("items").EnumerateArray(),
            i => Assert.Contains("kiosk", i.GetProperty("channels").EnumerateArray().Select(c => c.GetString())));

        var services = offer.GetProperty("services");
        Assert.Equal(50, services.GetArrayLength());
        Assert.Contains("公积金余额查询", Names(services));
        Assert.True(services.EnumerateArray().Count(s => s.GetProperty("runnable").GetBoolean()) >= 5);
        Assert.All(services.EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("hotline").GetString())));

        var categories = offer.GetProperty("categories").EnumerateArray().ToList();
        Assert.Contains(categories, c => c.GetProperty("code").GetString() == "household" && c.GetProperty("kind").GetString() == "items");
        Assert.Contains(categories, c => c.GetProperty("code").GetString() == "electricity" && c.GetProperty("kind").GetString() == "services");
        Assert.DoesNotContain(categories, c => c.GetProperty("code").GetString() == "company-start");
    }

    [Fact]
    public async Task A_category_and_a_keyword_narrow_the_offer()
    {
        var client = App.CreateClient();
        var theme = await GetJson(client, "/api/kiosk/items?category=household&pageSize=100");
        Assert.True(theme.GetProperty("items").GetProperty("total").GetInt32() > 0);
        Assert.Equal(0, theme.GetProperty("services").GetArrayLength());

        var power = await GetJson(client, "/api/kiosk/items?category=electricity");
        Assert.Equal(0, power.GetProperty("items").GetProperty("total").GetInt32());
        Assert.All(Names(power.GetProperty("services")), n => Assert.Contains("电", n, StringComparison.Ordinal));
        Assert.Contains("电费欠费查询", Names(power.GetProperty("services")));

        var endorsement = await GetJson(client, "/api/kiosk/items?q=" + Uri.EscapeDataString("再签注"));
        Assert.Contains("出入境证件再签注", Names(endorsement.GetProperty("items").GetProperty("items")));

        var search = await GetJson(client, "/api/kiosk/items?q=" + Uri.EscapeDataString("身份证"));
        Assert.All(Names(search.GetProperty("items").GetProperty("items")), n => Assert.Contains("身份证", n, StringComparison.Ordinal));
        Assert.All(Names(search.GetProperty("services")), n => Assert.Contains("身份证", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_or_enterprise_category_is_a_named_400()
    {
        var client = App.CreateClient();
        await ProblemAssert.IsValidation(await client.GetAsync("/api/kiosk/items?category=nope", Ct), "category");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/kiosk/items?category=company-start", Ct), "category");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/kiosk/items?pageSize=1000", Ct), "pageSize");
    }
}

public sealed class SqliteKioskOfferTests(SqliteApp app) : KioskOfferTests<SqliteApp>(app);

public sealed class PostgresKioskOfferTests(PostgresApp app) : KioskOfferTests<PostgresApp>(app);
