using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>
/// Password guessing is slowed, not answered with locked accounts: per address and per name-from-an-address, each
/// failure beyond a few free ones doubles the wait (429 + Retry-After); unknown and known names are answered alike;
/// and a stranger's guesses do not keep a clerk out of her own counter.
/// </summary>
public abstract class StaffLoginThrottleTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private Task<HttpResponseMessage> Login(string username, string password, string fromIp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/staff/login") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.Add(TestRemoteIp.Header, fromIp);
        return App.CreateClient().SendAsync(request, Ct);
    }

    private static int RetryAfter(HttpResponseMessage response) => (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    /// <summary>What a caller learns from one answer: status, wait, code, title and detail (not the trace id).</summary>
    private static async Task<string> Answer(HttpResponseMessage response)
    {
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return $"{(int)response.StatusCode} {response.Headers.RetryAfter?.Delta} {json.GetProperty("code")} {json.GetProperty("title")} {json.GetProperty("detail")}";
    }

    [Fact]
    public async Task Forty_failures_over_different_names_from_one_address_are_slowed_down_with_growing_waits()
    {
        const string sprayer = "203.0.113.40";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++) statuses.Add((await Login($"user{i:D2}", "Spring2026!", sprayer)).StatusCode);
        // Ten free failures, the eleventh sets the first wait; from then on the address is answered 429 without trying.
        Assert.All(statuses.Take(11), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(11), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        // Even a real name with its right password waits: the address is held back, whoever it claims to be.
        var held = await Login("clerk", TestData.Password, sprayer);
        await ProblemAssert.IsProblem(held, HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        Assert.Equal(1, RetryAfter(held));

        // Waiting out each wait and failing again doubles it.
        var waits = new List<int>();
        var wait = 1;
        for (var round = 0; round < 4; round++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(wait));
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login($"other{round}", "Spring2026!", sprayer)).StatusCode);
            var next = await Login($"other{round}", "Spring2026!", sprayer);
            await ProblemAssert.IsProblem(next, HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
            waits.Add(wait = RetryAfter(next));
        }
        Assert.Equal([2, 4, 8, 16], waits);

        // Another address is not held back.
        Assert.Equal(HttpStatusCode.OK, (await Login("clerk", TestData.Password, "198.51.100.40")).StatusCode);
        // After the wait, the right password from the slowed address gets in too.
        App.Clock.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await Login("clerk", TestData.Password, sprayer)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_and_a_real_one_are_answered_exactly_alike_and_no_account_is_ever_locked()
    {
        async Task<List<string>> Attempts(string username, string fromIp)
        {
            var answers = new List<string>();
            for (var i = 0; i < 8; i++) answers.Add(await Answer(await Login(username, "wrong-" + i, fromIp)));
            return answers;
        }
        var known = await Attempts("approver", "198.51.100.61");
        var unknown = await Attempts("approver-x", "198.51.100.62");
        Assert.Equal(known, unknown);
        Assert.All(known.Take(6), a => Assert.StartsWith("401 ", a, StringComparison.Ordinal));
        Assert.All(known.Skip(6), a => Assert.StartsWith("429 ", a, StringComparison.Ordinal));
        Assert.DoesNotContain(known, a => a.StartsWith("423", StringComparison.Ordinal));

        // The owner, after the wait, with the right password: in, and the failures are on the account's audit stream.
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await Login("approver", TestData.Password, "198.51.100.61")).StatusCode);
        await App.WithDbAsync(async db =>
        {
            var id = await db.StaffUsers.Where(u => u.Username == "approver").Select(u => u.Id).SingleAsync(Ct);
            var actions = await db.AuditEntries.Where(e => e.Stream == $"staff:{id}" && e.Action.StartsWith("auth.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct);
            Assert.Equal([.. Enumerable.Repeat("auth.login_failed", 6), "auth.login"], actions);
        });
    }

    [Fact]
    public async Task A_stranger_failing_twenty_times_on_a_clerks_account_does_not_keep_the_clerk_out()
    {
        const string attacker = "203.0.113.66";
        var failures = 0;
        for (var i = 0; failures < 20; i++)
        {
            var response = await Login("clerk-village", "guess-" + i, attacker);
            if (response.StatusCode == HttpStatusCode.Unauthorized) failures++;
            else if (response.StatusCode == HttpStatusCode.TooManyRequests) App.Clock.Advance(TimeSpan.FromSeconds(RetryAfter(response)));
            else Assert.Fail($"unexpected {(int)response.StatusCode}");
        }
        // The attacker is held back; the clerk, at her counter's address with her password, is in at once.
        await ProblemAssert.IsProblem(await Login("clerk-village", "guess-again", attacker), HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        Assert.Equal(HttpStatusCode.OK, (await Login("clerk-village", TestData.Password, "198.51.100.77")).StatusCode);
    }
}

public sealed class SqliteStaffLoginThrottleTests(SqliteApp app) : StaffLoginThrottleTests<SqliteApp>(app);

public sealed class PostgresStaffLoginThrottleTests(PostgresApp app) : StaffLoginThrottleTests<PostgresApp>(app);
