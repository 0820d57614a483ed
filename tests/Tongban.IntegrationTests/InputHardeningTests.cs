using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 16, points 6–9: what a caller types is normalised and checked in one place (names, identifiers, free text,
/// lengths), every 400 names its field — also when the query or the JSON does not bind —, no date outside
/// 2000 … 2100 reaches the calendar arithmetic, and paging never answers another page's rows.
/// </summary>
public abstract class InputHardeningTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static Task<HttpResponseMessage> PostRaw(HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, Ct);
    }

    private async Task<string> WindowItemAsync()
    {
        string item = "";
        await App.WithDbAsync(async db => item = await db.ItemVersions
            .Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons && (i.Channels & Tongban.Modules.Catalog.Channels.Window) != 0 && i.DepartmentCode != null)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return item;
    }

    [Fact]
    public async Task Names_made_of_invisible_control_or_markup_characters_are_refused_naming_the_field()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await WindowItemAsync();
        foreach (var name in new[] { "\u200B", "张\0三", "\u202E三张", "<script>alert(1)</script>", "张<b>三", "1234", "\uFEFF郑海燕" })
        {
            var json = await ProblemAssert.IsValidation(await Scenario.PostCaseAsync(clerk, item, name: name), "applicant.name");
            Assert.DoesNotContain(name, json.ToString(), StringComparison.Ordinal);
        }
        // A name is stored normalised: NFC (a decomposed é becomes one character) and trimmed.
        var number = await Scenario.SubmitAsync(clerk, item, name: "  Jose\u0301 林 ");
        await App.WithDbAsync(async db => Assert.Equal("José 林", await db.Cases.Where(c => c.Number == number).Select(c => c.ApplicantName).SingleAsync(Ct)));
        // The citizen's own real-name binding goes through the same rule.
        var anonymous = App.CreateClient();
        var mobile = Citizens.NewMobile();
        await Citizens.SendCodeAsync(anonymous, mobile);
        await ProblemAssert.IsValidation(await Citizens.LoginAsync(anonymous, mobile, await Citizens.LastCodeAsync(App, mobile), Citizens.NewIdNumber(), "\u200B"), "name");
    }

    [Fact]
    public async Task Identifiers_refuse_invisible_characters_and_free_text_refuses_control_characters_but_keeps_line_breaks()
    {
        var anonymous = App.CreateClient();
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?department=%E2%80%8B", Ct), "department");
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?q=%E8%90%A5%00%E4%B8%9A", Ct), "q");
        await Json(await anonymous.GetAsync("/api/items?q=%E8%90%A5%0A%E4%B8%9A", Ct));
        // Everything typed has a length limit, with a 400 naming the field (here 10,000 characters of search text).
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?q=" + new string('a', 10_000), Ct), "q");
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await Scenario.PostCaseAsync(clerk, Citizens.FirstItem, windowCode: new string('W', 5_000)), "windowCode");
    }

    [Fact]
    public async Task A_value_that_does_not_bind_is_a_400_naming_its_field()
    {
        var anonymous = App.CreateClient();
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?pageSize=abc", Ct), "pageSize");
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/calendar/days?year=abc", Ct), "year");
        await ProblemAssert.IsValidation(await PostRaw(anonymous, "/api/auth/staff/login", "[]"), "body");
        await ProblemAssert.IsValidation(await PostRaw(anonymous, "/api/auth/staff/login", "{\"username\": 5, \"password\": \"x\"}"), "username");
        await ProblemAssert.IsValidation(await PostRaw(anonymous, "/api/auth/staff/login", "{\"username\": "), "username"); // broken JSON: where it broke
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await clerk.GetAsync("/api/cases?mine=maybe", Ct), "mine");
        await ProblemAssert.IsValidation(await PostRaw(clerk, "/api/cases", "{\"itemCode\": \"x\", \"channel\": \"window\", \"applicant\": {\"kind\": [1]}}", Guid.NewGuid().ToString()), "applicant.kind");
        await ProblemAssert.IsValidation(await PostRaw(clerk, "/api/cases", "{\"itemCode\": \"x\", \"materials\": [{\"fileId\": \"not-a-guid\"}]}", Guid.NewGuid().ToString()), "materials[0].fileId");
    }

    [Fact]
    public async Task Dates_outside_2000_to_2100_are_a_400_never_a_500()
    {
        var anonymous = App.CreateClient();
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/calendar/due-date?start=9999-12-31&days=5", Ct), "start");
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/calendar/working-days?from=0001-01-01&to=2026-01-01", Ct), "from");
        var analyst = await App.LoginAsync("analyst");
        foreach (var url in new[] { "/api/stats/overview", "/api/stats/departments", "/api/stats/satisfaction", "/api/stats/certificates" })
            await ProblemAssert.IsValidation(await analyst.GetAsync($"{url}?from=9999-12-31&to=9999-12-31", Ct), "from", "to");
        var admin = await App.LoginAsync("admin");
        await ProblemAssert.IsValidation(await admin.PostAsJsonAsync("/api/admin/calendar/days", new { date = "1999-12-31", isOffDay = true, name = "千禧" }, Ct), "date");
        await ProblemAssert.IsValidation(await admin.PostAsJsonAsync("/api/admin/calendar/days", new { date = "2101-01-01", isOffDay = true, name = "元旦" }, Ct), "date");
        await ProblemAssert.IsValidation(await PostRaw(admin, "/api/admin/calendar/years",
            "{\"year\": 9999, \"papers\": [], \"days\": [{\"name\": \"元旦\", \"date\": \"9999-12-31\", \"isOffDay\": true}]}"), "days");
    }

    [Fact]
    public async Task Required_fields_are_required_an_empty_hotline_body_no_longer_clears_the_hotline()
    {
        var admin = await App.LoginAsync("admin");
        var department = (await GetJson(admin, "/api/admin/hotlines")).GetProperty("departments")[0].GetProperty("code").GetString()!;
        var saved = (await Json(await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = "0595-87781234" }, Ct))).GetProperty("hotline").GetString();
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { }, Ct), "hotline");
        var list = await GetJson(admin, "/api/admin/hotlines");
        Assert.Equal(saved, list.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == department).GetProperty("hotline").GetString());
        // A directive without its deadline is refused before anything else is looked at.
        var supervisor = await App.LoginAsync("supervisor");
        await ProblemAssert.IsValidation(await PostJson(supervisor, "/api/supervision/alerts/1/directives", new { text = "请尽快办理" }), "deadline");
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_an_absurd_page_is_a_400()
    {
        var anonymous = App.CreateClient();
        var first = await GetJson(anonymous, "/api/items?pageSize=1");
        Assert.True(first.GetProperty("total").GetInt32() > 1);
        // (page − 1) × pageSize overflowed: page=2147483647 answered page 1's rows.
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?page=2147483647&pageSize=1", Ct), "page");
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?page=-1", Ct), "page");
        await ProblemAssert.IsValidation(await anonymous.GetAsync("/api/items?pageSize=2147483647", Ct), "pageSize");
        var far = await GetJson(anonymous, "/api/items?page=1000000&pageSize=100");
        Assert.Equal(0, far.GetProperty("items").GetArrayLength());
        Assert.Equal(1_000_000, far.GetProperty("page").GetInt32());
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await clerk.GetAsync("/api/cases?page=2147483647", Ct), "page");
        Assert.Equal(0, (await GetJson(clerk, "/api/cases?page=1000000&pageSize=100")).GetProperty("items").GetArrayLength());
    }
}

public sealed class SqliteInputHardeningTests(SqliteApp app) : InputHardeningTests<SqliteApp>(app);

public sealed class PostgresInputHardeningTests(PostgresApp app) : InputHardeningTests<PostgresApp>(app);
