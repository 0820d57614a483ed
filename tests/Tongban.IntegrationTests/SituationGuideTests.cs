using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>情形引导: the questions of an item, the exact materials of each situation, and catalog admins editing them.</summary>
public abstract class SituationGuideTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task The_demo_business_registration_asks_who_applies_and_where_and_gives_that_situations_materials()
    {
        var client = App.CreateClient();
        var code = await CodeOf("个体工商户设立登记");
        var questions = (await GetJson(client, $"/api/items/{code}/situations")).GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(["applicant", "premises"], questions.Select(q => q.GetProperty("key").GetString()));
        Assert.Equal(["self", "agent"], questions[0].GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()));

        var self = await Answer(client, code, new() { ["applicant"] = "self", ["premises"] = "rented" });
        var selfNames = Names(self);
        Assert.Contains("居民身份证", selfNames);
        Assert.Contains("房屋租赁合同", selfNames);
        Assert.DoesNotContain("授权委托书", selfNames);
        Assert.DoesNotContain("委托代理人居民身份证", selfNames);
        Assert.DoesNotContain("房屋产权证明（不动产权证书）", selfNames);
        Assert.Contains("授权委托书", self.GetProperty("notNeeded").EnumerateArray().Select(n => n.GetString()));
        // A material the situation switches on is needed in it.
        var lease = self.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("material").GetProperty("name").GetString() == "房屋租赁合同");
        Assert.True(lease.GetProperty("situational").GetBoolean());
        Assert.Equal("required", lease.GetProperty("material").GetProperty("necessity").GetString());

        var agent = Names(await Answer(client, code, new() { ["applicant"] = "agent", ["premises"] = "own" }));
        Assert.Contains("授权委托书", agent);
        Assert.Contains("委托代理人居民身份证", agent);
        Assert.Contains("房屋产权证明（不动产权证书）", agent);
        Assert.DoesNotContain("房屋租赁合同", agent);
    }

    [Fact]
    public async Task Where_and_how_lists_the_centers_that_accept_a_district_wide_item_and_whether_it_can_be_booked()
    {
        var client = App.CreateClient();
        var code = await CodeOf("个体工商户设立登记");
        var where = await GetJson(client, $"/api/items/{code}/where");
        Assert.Equal("district", where.GetProperty("tongbanScope").GetString());
        var points = where.GetProperty("servicePoints").EnumerateArray().ToList();
        // 全区通办: the district center first and all seven town centers; a village point only with the department's window.
        Assert.Equal("district", points[0].GetProperty("level").GetString());
        Assert.Equal(7, points.Count(p => p.GetProperty("level").GetString() == "town"));
        Assert.Contains(points, p => p.GetProperty("departmentWindow").GetBoolean());
        Assert.All(points.Where(p => p.GetProperty("level").GetString() == "village"), p => Assert.True(p.GetProperty("departmentWindow").GetBoolean()));
        Assert.Equal((await GetJson(client, $"/api/items/{code}")).GetProperty("appointmentSupported").GetBoolean(), where.GetProperty("appointmentSupported").GetBoolean());
        var onKiosks = where.GetProperty("channels").EnumerateArray().Any(c => c.GetString() == "kiosk");
        Assert.Equal(onKiosks, where.GetProperty("kiosks").GetArrayLength() > 0);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/items/NO-SUCH-ITEM/where", Ct), HttpStatusCode.NotFound, "catalog.item_not_found");
    }

    [Fact]
    public async Task Every_question_needs_one_of_its_options()
    {
        var client = App.CreateClient();
        var code = await CodeOf("个体工商户设立登记");
        await ProblemAssert.IsValidation(await client.PostAsJsonAsync($"/api/items/{code}/situations/answer", new { answers = new { applicant = "self" } }, Ct), "answers.premises");
        await ProblemAssert.IsValidation(await client.PostAsJsonAsync($"/api/items/{code}/situations/answer", new { answers = new { applicant = "boss", premises = "own" } }, Ct), "answers.applicant");
        await ProblemAssert.IsValidation(await client.PostAsJsonAsync($"/api/items/{code}/situations/answer", new { answers = new { applicant = "self", premises = "own", color = "red" } }, Ct), "answers.color");
        await ProblemAssert.IsProblem(await client.GetAsync("/api/items/NO-SUCH-ITEM/situations", Ct), HttpStatusCode.NotFound, "catalog.item_not_found");
    }

    [Fact]
    public async Task An_item_without_situations_has_no_questions_and_needs_all_its_materials()
    {
        var client = App.CreateClient();
        var code = await CodeOf("户口恢复");
        Assert.Equal(0, (await GetJson(client, $"/api/items/{code}/situations")).GetProperty("questions").GetArrayLength());
        var guide = await GetJson(client, $"/api/items/{code}");
        var all = Names(await Answer(client, code, []));
        Assert.Equal(guide.GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("name").GetString()!), all);
    }

    [Fact]
    public async Task A_catalog_admin_edits_the_questions_and_rules_and_only_admins_may()
    {
        var admin = await App.LoginAsync("admin");
        var code = await CodeOf("公司设立登记");
        var current = await GetJson(admin, $"/api/admin/items/{code}/situations");
        var guide = await GetJson(App.CreateClient(), $"/api/items/{code}");
        var optional = guide.GetProperty("materials").EnumerateArray().First(m => m.GetProperty("necessity").GetString() == "optional").GetProperty("code").GetString()!;
        var required = guide.GetProperty("materials").EnumerateArray().First(m => m.GetProperty("necessity").GetString() == "required").GetProperty("code").GetString()!;
        Assert.True(current.GetProperty("questions").GetArrayLength() > 0);

        var body = new
        {
            questions = new[] { new { key = "first", text = "是否首次办理？", options = new[] { new { value = "yes", label = "首次办理" }, new { value = "no", label = "变更办理" } } } },
            rules = new[] { new { materialCode = optional, questionKey = "first", values = new[] { "no" } } },
        };
        var saved = await Json(await admin.PutAsJsonAsync($"/api/admin/items/{code}/situations", body, Ct));
        Assert.Equal(1, saved.GetProperty("rules").GetArrayLength());
        var anonymous = App.CreateClient();
        Assert.Equal("是否首次办理？", (await GetJson(anonymous, $"/api/items/{code}/situations")).GetProperty("questions")[0].GetProperty("text").GetString());
        var first = (await Answer(anonymous, code, new() { ["first"] = "yes" })).GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("material").GetProperty("code").GetString());
        var change = (await Answer(anonymous, code, new() { ["first"] = "no" })).GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("material").GetProperty("code").GetString());
        Assert.DoesNotContain(optional, first);
        Assert.Contains(optional, change);

        // A rule on a required material would be demanded at acceptance whatever the answer: refused.
        var bad = body with { rules = [new { materialCode = required, questionKey = "first", values = new[] { "no" } }] };
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/items/{code}/situations", bad, Ct), "rules[0].materialCode");
        var badValue = body with { rules = [new { materialCode = optional, questionKey = "first", values = new[] { "maybe" } }] };
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/items/{code}/situations", badValue, Ct), "rules[0].values");
        var oneOption = new { questions = new[] { new { key = "x", text = "只有一个选项？", options = new[] { new { value = "a", label = "A" } } } }, rules = Array.Empty<object>() };
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/items/{code}/situations", oneOption, Ct), "questions[0].options");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/admin/items/{code}/situations", body, Ct)).StatusCode);
        var clerk = await App.LoginAsync("clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync($"/api/admin/items/{code}/situations", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/admin/items/{code}/situations", Ct)).StatusCode);
    }

    private static async Task<JsonElement> Answer(HttpClient client, string code, Dictionary<string, string> answers) =>
        await Json(await client.PostAsJsonAsync($"/api/items/{code}/situations/answer", new { answers }, Ct));

    private static List<string> Names(JsonElement answer) =>
        [.. answer.GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("material").GetProperty("name").GetString()!)];

    private async Task<string> CodeOf(string name) =>
        (await GetJson(App.CreateClient(), "/api/items?pageSize=20&q=" + Uri.EscapeDataString(name))).GetProperty("items").EnumerateArray()
        .First(i => i.GetProperty("name").GetString() == name).GetProperty("code").GetString()!;
}

public sealed class SqliteSituationGuideTests(SqliteApp app) : SituationGuideTests<SqliteApp>(app);

public sealed class PostgresSituationGuideTests(PostgresApp app) : SituationGuideTests<PostgresApp>(app);
