using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.IntegrationTests;

public abstract class StaffLoginTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Login_answers_a_bearer_token_and_the_user_with_roles_and_scope()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/staff/login", new { username = "reviewer", password = TestData.Password }, Ct);
        var body = await Json(response);
        var user = body.GetProperty("user");
        Assert.Equal("reviewer", user.GetProperty("username").GetString());
        Assert.Equal(["Reviewer"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(user.GetProperty("departmentCode").GetString()));
        // The department by name too, for the workbench header; a reviewer has no service point.
        string expected = "";
        await App.WithDbAsync(async db => expected = await db.Departments.Where(d => d.Code == user.GetProperty("departmentCode").GetString()).Select(d => d.Name).SingleAsync(Ct));
        Assert.Equal(expected, user.GetProperty("departmentName").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("servicePointName").ValueKind);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > App.Clock.GetUtcNow());

        var api = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        var me = await GetJson(api, "/api/auth/me");
        Assert.Equal("reviewer", me.GetProperty("username").GetString());
        Assert.Equal(expected, me.GetProperty("departmentName").GetString());
    }

    [Fact]
    public async Task The_web_app_is_logged_in_by_an_http_only_cookie_and_logs_out()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await browser.PostAsJsonAsync("/api/auth/staff/login", new { username = "clerk", password = TestData.Password }, Ct);
        var setCookie = string.Join(";", response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("clerk", (await GetJson(browser, "/api/auth/me")).GetProperty("username").GetString());
        // A change authenticated by the cookie alone (as a cross-site form would send it) is refused.
        await ProblemAssert.IsProblem(await browser.PostAsync("/api/auth/logout", null, Ct), HttpStatusCode.Forbidden, "auth.csrf");
        browser.DefaultRequestHeaders.Add("X-Tongban-Client", "web");
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_401_and_missing_fields_are_400()
    {
        var client = App.CreateClient();
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/staff/login", new { username = "analyst", password = "wrong" }, Ct), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/auth/staff/login", new { username = "nobody", password = "wrong" }, Ct), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await ProblemAssert.IsValidation(await client.PostAsJsonAsync("/api/auth/staff/login", new { username = "" }, Ct), "username", "password");
        await ProblemAssert.IsValidation(await client.PostAsync("/api/auth/staff/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct), "body");
    }

    [Fact]
    public async Task An_expired_token_or_none_at_all_is_refused()
    {
        var api = await App.LoginAsync("analyst");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/auth/me", Ct)).StatusCode);
        await ProblemAssert.IsProblem(await App.CreateClient().GetAsync("/api/cases", Ct), HttpStatusCode.Unauthorized, "auth.required");
        App.Clock.Advance(TimeSpan.FromHours(9));
        await ProblemAssert.IsProblem(await api.GetAsync("/api/auth/me", Ct), HttpStatusCode.Unauthorized, "auth.required");
    }
}

public sealed class SqliteStaffLoginTests(SqliteApp app) : StaffLoginTests<SqliteApp>(app);

public sealed class PostgresStaffLoginTests(PostgresApp app) : StaffLoginTests<PostgresApp>(app);
