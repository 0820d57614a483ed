using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Identity;

namespace Tongban.IntegrationTests;

/// <summary>
/// A login is a session on the server (ADR 0010): logging out, disabling the account or a new password end it, and
/// the token or cookie it was issued with stops working at once, not when it would have expired.
/// </summary>
public abstract class SessionEndTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    /// <summary>One staff login: its bearer token and its cookie as the browser would send them back.</summary>
    private sealed record Login(string Token, string Cookie);

    private async Task<Login> LoginAsync(string username, string password = TestData.Password)
    {
        var response = await App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false })
            .PostAsJsonAsync("/api/auth/staff/login", new { username, password }, Ct);
        var body = await Json(response);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tongban.staff=", StringComparison.Ordinal)).Split(';')[0];
        return new Login(body.GetProperty("accessToken").GetString()!, cookie);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? token = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("X-Tongban-Client", "web");
        }
        return App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request, Ct);
    }

    /// <summary>A staff account of this test's own (disabling a demo account would disturb the other tests).</summary>
    private async Task<string> NewAccountAsync()
    {
        var username = "temp-" + Guid.NewGuid().ToString("N")[..8];
        await App.WithDbAsync(async db =>
        {
            var user = new StaffUser { Username = username, Name = "临时人员", Roles = ["Analyst"] };
            user.PasswordHash = StaffLogin.HashPassword(user, TestData.Password);
            db.StaffUsers.Add(user);
            await db.SaveChangesAsync(Ct);
        });
        return username;
    }

    [Fact]
    public async Task After_logout_the_same_bearer_token_and_the_same_cookie_are_refused()
    {
        var login = await LoginAsync("reviewer");
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", token: login.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", cookie: login.Cookie)).StatusCode);

        // The web app logs out with its cookie; the copy of the cookie and the token from the same login die with it.
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Post, "/api/auth/logout", cookie: login.Cookie)).StatusCode);
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: login.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", cookie: login.Cookie), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/cases", cookie: login.Cookie), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/cases", token: login.Token), HttpStatusCode.Unauthorized, "auth.required");
        // Still refused later on (the node does not start believing it again once its recheck interval has passed).
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: login.Token), HttpStatusCode.Unauthorized, "auth.required");

        // Only this test logs the reviewer in: the one session is ended, and why.
        List<string?> reasons = [];
        await App.WithDbAsync(async db =>
        {
            var reviewer = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.Id).SingleAsync(Ct);
            reasons = await db.LoginSessions.Where(s => s.ActorKind == LoginSession.Staff && s.SubjectId == reviewer).Select(s => s.EndReason).ToListAsync(Ct);
        });
        Assert.Equal(["logout"], reasons);
    }

    [Fact]
    public async Task Logging_out_with_a_bearer_token_ends_that_session_only_and_the_persons_other_sessions_stay()
    {
        var desk = await LoginAsync("approver");
        var laptop = await LoginAsync("approver");
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Post, "/api/auth/logout", token: desk.Token)).StatusCode);
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: desk.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", cookie: desk.Cookie), HttpStatusCode.Unauthorized, "auth.required");
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", token: laptop.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", cookie: laptop.Cookie)).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_or_giving_it_a_new_password_ends_its_live_sessions()
    {
        var username = await NewAccountAsync();
        var first = await LoginAsync(username);
        var second = await LoginAsync(username);
        Assert.True(await ManageStaffAccounts.DisableAsync(App.Services, username, Ct));
        // On this node at once, no recheck interval to wait for.
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: first.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", cookie: second.Cookie), HttpStatusCode.Unauthorized, "auth.required");
        // A disabled account cannot log in, and is answered like a wrong password.
        await ProblemAssert.IsProblem(await App.CreateClient().PostAsJsonAsync("/api/auth/staff/login", new { username, password = TestData.Password }, Ct),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");

        Assert.True(await ManageStaffAccounts.EnableAsync(App.Services, username, Ct));
        var third = await LoginAsync(username);
        // Enabling again does not bring the ended sessions back.
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: first.Token), HttpStatusCode.Unauthorized, "auth.required");
        Assert.True(await ManageStaffAccounts.SetPasswordAsync(App.Services, username, "Neues#Passwort-2026", Ct));
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: third.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await App.CreateClient().PostAsJsonAsync("/api/auth/staff/login", new { username, password = TestData.Password }, Ct),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var fourth = await LoginAsync(username, "Neues#Passwort-2026");
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", token: fourth.Token)).StatusCode);
    }

    [Fact]
    public async Task An_account_disabled_in_the_database_by_another_node_is_refused_within_the_recheck_interval()
    {
        var username = await NewAccountAsync();
        var login = await LoginAsync(username);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", token: login.Token)).StatusCode);
        await App.WithDbAsync(db => db.StaffUsers.Where(u => u.Username == username).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false), Ct));
        App.Clock.Advance(TimeSpan.FromSeconds(10));
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: login.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", cookie: login.Cookie), HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_session_whose_row_has_expired_is_refused_though_its_token_has_not()
    {
        var login = await LoginAsync("analyst");
        var expiresAt = App.Clock.GetUtcNow().AddSeconds(30);
        // Only this test logs the analyst in: the row is cut short, the token still says eight hours.
        await App.WithDbAsync(async db =>
        {
            var analyst = await db.StaffUsers.Where(u => u.Username == "analyst").Select(u => u.Id).SingleAsync(Ct);
            await db.LoginSessions.Where(s => s.ActorKind == LoginSession.Staff && s.SubjectId == analyst).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, expiresAt), Ct);
        });
        App.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", token: login.Token)).StatusCode);
        App.Clock.Advance(TimeSpan.FromSeconds(16));
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", token: login.Token), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await Send(HttpMethod.Get, "/api/auth/me", cookie: login.Cookie), HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_citizen_logout_ends_the_citizens_session_on_the_server_too()
    {
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/auth/citizen/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.PostAsync("/api/auth/citizen/logout", null, Ct)).StatusCode);
        await ProblemAssert.IsProblem(await citizen.GetAsync("/api/auth/citizen/me", Ct), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsProblem(await citizen.GetAsync("/api/me/cases", Ct), HttpStatusCode.Unauthorized, "auth.required");
    }
}

public sealed class SqliteSessionEndTests(SqliteApp app) : SessionEndTests<SqliteApp>(app);

public sealed class PostgresSessionEndTests(PostgresApp app) : SessionEndTests<PostgresApp>(app);
