using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>SMS-code login with real-name binding (issue 4, item 1).</summary>
public abstract class CitizenLoginTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task The_first_login_binds_name_and_ID_number_and_later_logins_need_only_the_code()
    {
        var client = App.CreateClient();
        var mobile = Citizens.NewMobile();
        var id = Citizens.NewIdNumber();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Accepted, (await Citizens.RequestCodeAsync(client, mobile)).StatusCode);
        var code = await Citizens.LastCodeAsync(App, mobile);

        // Without the real-name fields: 400 naming both, and the code is not spent.
        await ProblemAssert.IsValidation(await Citizens.LoginAsync(client, mobile, code), "idNumber", "name");
        var bound = await Json(await Citizens.LoginAsync(client, mobile, code, id, "陈美玲"));
        Assert.False(string.IsNullOrEmpty(bound.GetProperty("accessToken").GetString()));
        Assert.Equal("陈**", bound.GetProperty("user").GetProperty("maskedName").GetString());
        Assert.Equal(id[..6] + "********" + id[^4..], bound.GetProperty("user").GetProperty("maskedIdNumber").GetString());
        Assert.Equal(mobile[..3] + "****" + mobile[^4..], bound.GetProperty("user").GetProperty("maskedMobile").GetString());
        // The web app's cookie works too.
        Assert.Equal("陈美玲", (await GetJson(client, "/api/auth/citizen/me")).GetProperty("name").GetString());

        // Single use: the same code again is refused.
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(App.CreateClient(), mobile, code), HttpStatusCode.Unauthorized, "auth.invalid_code");

        // A later login: the code alone; the binding stays.
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        // (A fresh client: the logged-in one carries the cookie, and cookie posts need the web app's header.)
        await Citizens.SendCodeAsync(App.CreateClient(), mobile);
        var again = await Json(await Citizens.LoginAsync(App.CreateClient(), mobile, await Citizens.LastCodeAsync(App, mobile)));
        Assert.Equal("陈**", again.GetProperty("user").GetProperty("maskedName").GetString());
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Citizens.CountAsync(c => c.MobileIndex == Tongban.Infrastructure.Security.PersonalData.BlindIndex(mobile), Ct));
            var raw = await db.Database.SqlQuery<string>($"SELECT id_number AS \"Value\" FROM citizens").ToListAsync(Ct);
            Assert.All(raw, r => Assert.StartsWith("v2.", r, StringComparison.Ordinal));
            Assert.DoesNotContain(raw, r => r.Contains(id, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_number_for_fifteen_minutes()
    {
        var client = App.CreateClient();
        var mobile = Citizens.NewMobile();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Citizens.SendCodeAsync(client, mobile);
        var code = await Citizens.LastCodeAsync(App, mobile);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++)
        {
            var problem = await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, mobile, wrong), HttpStatusCode.Unauthorized, "auth.invalid_code");
            Assert.Contains($"再错 {4 - i} 次", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, mobile, wrong), HttpStatusCode.Locked, "auth.number_locked");
        // Locked: even the right code, and no new code either.
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, mobile, code, Citizens.NewIdNumber(), "王五"), HttpStatusCode.Locked, "auth.number_locked");
        await ProblemAssert.IsProblem(await Citizens.RequestCodeAsync(client, mobile), HttpStatusCode.Locked, "auth.number_locked");

        App.Clock.Advance(TimeSpan.FromMinutes(16));
        // The code outstanding at the lock died with it.
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, mobile, code, Citizens.NewIdNumber(), "王五"), HttpStatusCode.Unauthorized, "auth.invalid_code");
        Assert.Equal(HttpStatusCode.Accepted, (await Citizens.RequestCodeAsync(client, mobile)).StatusCode);
        await Json(await Citizens.LoginAsync(client, mobile, await Citizens.LastCodeAsync(App, mobile), Citizens.NewIdNumber(), "王五"));
    }

    [Fact]
    public async Task Codes_expire_after_five_minutes_and_sending_is_limited_per_number()
    {
        var client = App.CreateClient();
        var mobile = Citizens.NewMobile();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Accepted, (await Citizens.RequestCodeAsync(client, mobile)).StatusCode);
        var tooSoon = await Citizens.RequestCodeAsync(client, mobile);
        await ProblemAssert.IsProblem(tooSoon, HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        Assert.NotNull(tooSoon.Headers.RetryAfter);

        var code = await Citizens.LastCodeAsync(App, mobile);
        App.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, mobile, code, Citizens.NewIdNumber(), "赵六"), HttpStatusCode.Unauthorized, "auth.invalid_code");

        // Four more in the hour (one a minute) make five; the sixth waits.
        for (var i = 0; i < 4; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.Accepted, (await Citizens.RequestCodeAsync(client, mobile)).StatusCode);
        }
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        await ProblemAssert.IsProblem(await Citizens.RequestCodeAsync(client, mobile), HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        await ProblemAssert.IsValidation(await Citizens.RequestCodeAsync(client, "1380013800"), "mobile");
    }

    [Fact]
    public async Task A_bad_ID_number_is_named_and_one_ID_number_binds_one_account()
    {
        var client = App.CreateClient();
        var mobile = Citizens.NewMobile();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Citizens.SendCodeAsync(client, mobile);
        var code = await Citizens.LastCodeAsync(App, mobile);
        var bad = await ProblemAssert.IsValidation(await Citizens.LoginAsync(client, mobile, code, TestData.IdWithBadChecksum, "孙七"), "idNumber");
        Assert.Contains("校验", bad.GetProperty("errors").GetProperty("idNumber")[0].GetString(), StringComparison.Ordinal);

        var id = Citizens.NewIdNumber();
        await Json(await Citizens.LoginAsync(client, mobile, code, id, "孙七"));
        var other = Citizens.NewMobile();
        client = App.CreateClient();
        await Citizens.SendCodeAsync(client, other);
        await ProblemAssert.IsProblem(await Citizens.LoginAsync(client, other, await Citizens.LastCodeAsync(App, other), id, "孙七"),
            HttpStatusCode.Conflict, "citizen.id_bound_elsewhere");
        // Staff endpoints stay closed to a citizen.
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/people/" + id + "/materials", Ct)).StatusCode);
    }
}

public sealed class SqliteCitizenLoginTests(SqliteApp app) : CitizenLoginTests<SqliteApp>(app);

public sealed class PostgresCitizenLoginTests(PostgresApp app) : CitizenLoginTests<PostgresApp>(app);
