using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.IntegrationTests;

/// <summary>
/// Staff (workbench) and citizens (portal) have a cookie each: one browser can be logged in to both, each side's
/// requests act as that side, and logging out of one keeps the other.
/// </summary>
public abstract class SessionCookieTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    /// <summary>A browser: keeps cookies and sends the web app's client header.</summary>
    private HttpClient Browser()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        browser.DefaultRequestHeaders.Add("X-Tongban-Client", "web");
        return browser;
    }

    private async Task LoginCitizenAsync(HttpClient browser, string mobile, string idNumber, string name)
    {
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Citizens.SendCodeAsync(App.CreateClient(), mobile);
        var response = await Citizens.LoginAsync(browser, mobile, await Citizens.LastCodeAsync(App, mobile), idNumber, name);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("tongban.citizen=", StringComparison.Ordinal));
    }

    private static async Task LoginStaffAsync(HttpClient browser, string username)
    {
        var response = await browser.PostAsJsonAsync("/api/auth/staff/login", new { username, password = TestData.Password }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("tongban.staff=", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> Get(HttpClient browser, string url, string? actor = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (actor is not null) request.Headers.Add("X-Tongban-Actor", actor);
        if (referer is not null) request.Headers.Referrer = new Uri(browser.BaseAddress!, referer);
        return browser.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_browser_is_logged_in_to_the_workbench_and_the_portal_at_once_and_logging_out_of_one_keeps_the_other()
    {
        var browser = Browser();
        var mobile = Citizens.NewMobile();
        await LoginCitizenAsync(browser, mobile, Citizens.NewIdNumber(), "林小红");
        await LoginStaffAsync(browser, "clerk");
        // Both sessions live side by side, each answered by its own endpoint; the staff login did not end the citizen's.
        Assert.Equal("clerk", (await GetJson(browser, "/api/auth/me")).GetProperty("username").GetString());
        Assert.Equal("林小红", (await GetJson(browser, "/api/auth/citizen/me")).GetProperty("name").GetString());
        // Staff-only lists use the staff cookie and citizen-only ones the citizen cookie, whatever the page says it is.
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, "/api/cases", actor: "citizen")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, "/api/me/cases", actor: "staff")).StatusCode);

        // Logging in again as a citizen (another person) does not end the staff session either.
        await LoginCitizenAsync(browser, Citizens.NewMobile(), Citizens.NewIdNumber(), "吴大伟");
        Assert.Equal("clerk", (await GetJson(browser, "/api/auth/me")).GetProperty("username").GetString());
        Assert.Equal("吴大伟", (await GetJson(browser, "/api/auth/citizen/me")).GetProperty("name").GetString());

        // Portal logout: the workbench stays.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/citizen/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/citizen/me", Ct)).StatusCode);
        Assert.Equal("clerk", (await GetJson(browser, "/api/auth/me")).GetProperty("username").GetString());

        // And the other way round: workbench logout keeps the portal.
        await LoginCitizenAsync(browser, mobile, "", "");
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me", Ct)).StatusCode);
        Assert.Equal("林小红", (await GetJson(browser, "/api/auth/citizen/me")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task With_both_cookies_a_shared_endpoint_acts_for_the_side_the_page_names()
    {
        var browser = Browser();
        var mobile = Citizens.NewMobile();
        var id = Citizens.NewIdNumber();
        await LoginCitizenAsync(browser, mobile, id, "郭晓梅");
        await LoginStaffAsync(browser, "clerk");
        // A case of this citizen, filed at the clerk's window: both may see it, each in their own way.
        var clerk = await App.LoginAsync("clerk");
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile, id, "郭晓梅");
        // A case of someone else at the same window: the clerk sees it, the citizen must not (404, not 403).
        var stranger = await Scenario.SubmitImmediateAsync(App, clerk, Citizens.NewMobile());

        Assert.Equal(HttpStatusCode.OK, (await Get(browser, $"/api/cases/{stranger}", actor: "staff")).StatusCode);
        await ProblemAssert.IsProblem(await Get(browser, $"/api/cases/{stranger}", actor: "citizen"), HttpStatusCode.NotFound, "case.not_found");
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, $"/api/cases/{number}", actor: "citizen")).StatusCode);
        // No header (a link, an image): the page it came from decides; staff when nothing tells.
        await ProblemAssert.IsProblem(await Get(browser, $"/api/cases/{stranger}", referer: "/me/cases"), HttpStatusCode.NotFound, "case.not_found");
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, $"/api/cases/{stranger}", referer: "/workbench/todo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, $"/api/cases/{stranger}")).StatusCode);

        // An action as the citizen is the applicant's, not the clerk's: a citizen may not pre-review.
        var preReview = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{number}/pre-review") { Content = JsonContent.Create(new { result = "pass" }) };
        preReview.Headers.Add("X-Tongban-Actor", "citizen");
        await ProblemAssert.IsProblem(await browser.SendAsync(preReview, Ct), HttpStatusCode.Forbidden, "case.forbidden");
    }

    [Fact]
    public async Task Either_cookie_alone_still_needs_the_client_header_for_changes()
    {
        var citizen = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var mobile = Citizens.NewMobile();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Citizens.SendCodeAsync(App.CreateClient(), mobile);
        await Json(await Citizens.LoginAsync(citizen, mobile, await Citizens.LastCodeAsync(App, mobile), Citizens.NewIdNumber(), "钟敏"));
        // A cross-site form post carrying only the citizen cookie is refused (ADR 0007).
        await ProblemAssert.IsProblem(await citizen.PostAsync("/api/auth/citizen/logout", null, Ct), HttpStatusCode.Forbidden, "auth.csrf");
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/auth/citizen/me", Ct)).StatusCode);

        var staff = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await Json(await staff.PostAsJsonAsync("/api/auth/staff/login", new { username = "analyst", password = TestData.Password }, Ct));
        await ProblemAssert.IsProblem(await staff.PostAsync("/api/auth/logout", null, Ct), HttpStatusCode.Forbidden, "auth.csrf");
        // A staff cookie is no citizen login, and the other way round.
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/auth/citizen/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await citizen.GetAsync("/api/auth/me", Ct)).StatusCode);
    }
}

public sealed class SqliteSessionCookieTests(SqliteApp app) : SessionCookieTests<SqliteApp>(app);

public sealed class PostgresSessionCookieTests(PostgresApp app) : SessionCookieTests<PostgresApp>(app);
