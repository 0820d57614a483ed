using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Security;

namespace Tongban.IntegrationTests;

/// <summary>
/// The per-IP limit on login codes (30 an hour): the client IP comes from the connection (TestRemoteIp plays the socket);
/// X-Forwarded-For counts only from a configured proxy, so a spoofed header cannot dodge the limit.
/// </summary>
public abstract class LoginCodeIpLimitTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    protected const int Limit = 30;

    protected Task<HttpResponseMessage> RequestCode(string fromIp, string? forwardedFor = null, string? mobile = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/citizen/otp") { Content = JsonContent.Create(new { mobile = mobile ?? Citizens.NewMobile() }) };
        request.Headers.Add(TestRemoteIp.Header, fromIp);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return App.CreateClient().SendAsync(request, Ct);
    }

    protected async Task UseUpAsync(string fromIp, string? forwardedFor = null)
    {
        for (var i = 0; i < Limit; i++)
        {
            var response = await RequestCode(fromIp, forwardedFor);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"code {i + 1}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    protected async Task<string?> LastIpAsync()
    {
        string? ip = null;
        await App.WithDbAsync(async db => ip = await db.LoginCodes.OrderByDescending(c => c.Id).Select(c => c.Ip).FirstAsync(Ct));
        return ip;
    }
}

public abstract class DirectLoginCodeIpLimitTests<TApp>(TApp app) : LoginCodeIpLimitTests<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Thirty_codes_an_hour_per_IP_and_a_spoofed_forwarded_header_changes_nothing_without_a_configured_proxy()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        await UseUpAsync("203.0.113.7");
        Assert.Equal("203.0.113.7", await LastIpAsync());
        var refused = await ProblemAssert.IsProblem(await RequestCode("203.0.113.7"), HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        Assert.Contains("本网络", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Claiming to be someone else by header is ignored: no proxy is configured, the socket's address counts.
        var spoofed = await RequestCode("203.0.113.7", forwardedFor: "198.51.100.23");
        await ProblemAssert.IsProblem(spoofed, HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        Assert.NotNull(spoofed.Headers.RetryAfter);
        // Another address has its own allowance.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestCode("203.0.113.8")).StatusCode);
        Assert.Equal("203.0.113.8", await LastIpAsync());
        // An hour later the first has room again.
        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Accepted, (await RequestCode("203.0.113.7")).StatusCode);
    }
}

public abstract class ProxiedLoginCodeIpLimitTests<TApp>(TApp app) : LoginCodeIpLimitTests<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_allowance_and_others_cannot_forward()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        await UseUpAsync(ProxiedApps.Proxy, forwardedFor: "198.51.100.1");
        Assert.Equal("198.51.100.1", await LastIpAsync());
        await ProblemAssert.IsProblem(await RequestCode(ProxiedApps.Proxy, forwardedFor: "198.51.100.1"), HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        // A client can prepend anything; the proxy appends the real address, and only that last hop is believed.
        await ProblemAssert.IsProblem(await RequestCode(ProxiedApps.Proxy, forwardedFor: "192.0.2.99, 198.51.100.1"), HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        // Another client behind the same proxy is not held back by the first.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestCode(ProxiedApps.Proxy, forwardedFor: "198.51.100.2")).StatusCode);
        Assert.Equal("198.51.100.2", await LastIpAsync());
        // A host that is not the proxy cannot forward: its own address is what counts.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestCode("203.0.113.50", forwardedFor: "198.51.100.2")).StatusCode);
        Assert.Equal("203.0.113.50", await LastIpAsync());
    }

    [Fact]
    public void A_proxy_entry_is_an_address_or_a_network_and_anything_else_stops_the_start()
    {
        Assert.Equal("10.0.0.5/32", SecuritySetup.ParseProxy("10.0.0.5").ToString());
        Assert.Equal("10.0.0.0/24", SecuritySetup.ParseProxy(" 10.0.0.0/24 ").ToString());
        Assert.Throws<InvalidOperationException>(() => SecuritySetup.ParseProxy("proxy.local"));
    }
}

/// <summary>Apps behind a reverse proxy at <see cref="Proxy"/> (Tongban:Security:KnownProxies).</summary>
public static class ProxiedApps
{
    public const string Proxy = "10.0.0.5";
}

public class ProxiedApp(DatabaseKind kind) : TongbanAppFactory(kind)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Tongban:Security:KnownProxies:0", ProxiedApps.Proxy)];
}

public sealed class SqliteProxiedApp() : ProxiedApp(DatabaseKind.Sqlite);

public sealed class PostgresProxiedApp() : ProxiedApp(DatabaseKind.Postgres);

public sealed class SqliteDirectLoginCodeIpLimitTests(SqliteApp app) : DirectLoginCodeIpLimitTests<SqliteApp>(app);

public sealed class PostgresDirectLoginCodeIpLimitTests(PostgresApp app) : DirectLoginCodeIpLimitTests<PostgresApp>(app);

public sealed class SqliteProxiedLoginCodeIpLimitTests(SqliteProxiedApp app) : ProxiedLoginCodeIpLimitTests<SqliteProxiedApp>(app);

public sealed class PostgresProxiedLoginCodeIpLimitTests(PostgresProxiedApp app) : ProxiedLoginCodeIpLimitTests<PostgresProxiedApp>(app);
