using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.IntegrationTests;

/// <summary>
/// Every answer — a page, a static file, the API, an error — tells the browser: scripts only from this origin, never
/// framed (the big screen only by its own origin), no sniffing, no full referrer to other sites, no camera (the kiosk
/// excepted); HSTS on HTTPS.
/// </summary>
public abstract class SecurityHeadersTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<HttpResponseMessage> GetAsync(string url, string baseAddress = "http://localhost")
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });
        return await client.GetAsync(url, Ct);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ', StringComparison.Ordinal) ? d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "");

    [Theory]
    [InlineData("/")]
    [InlineData("/workbench/todo")]
    [InlineData("/favicon.svg")]
    [InlineData("/api/items")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/api/cases")]
    public async Task Pages_files_the_api_and_errors_carry_the_browser_security_headers(string url)
    {
        var response = await GetAsync(url);
        var csp = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        // Plain http: no HSTS (it would be ignored, and on localhost it would pin the developer's browser).
        Assert.Equal("", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_big_screen_may_be_framed_by_its_own_origin_and_the_kiosk_may_use_the_camera()
    {
        var screen = await GetAsync("/screen");
        Assert.Equal("'self'", Directives(Header(screen, "Content-Security-Policy"))["frame-ancestors"]);
        Assert.Equal("SAMEORIGIN", Header(screen, "X-Frame-Options"));
        Assert.Contains("camera=()", Header(screen, "Permissions-Policy"), StringComparison.Ordinal);

        var kiosk = await GetAsync("/kiosk");
        Assert.Contains("camera=(self)", Header(kiosk, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("'none'", Directives(Header(kiosk, "Content-Security-Policy"))["frame-ancestors"]);
    }

    [Fact]
    public async Task The_api_reference_keeps_working_under_its_own_policy()
    {
        var docs = await GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var csp = Directives(Header(docs, "Content-Security-Policy"));
        // Scalar starts itself with an inline script: allowed there, and only there.
        Assert.Contains("'unsafe-inline'", csp["script-src"], StringComparison.Ordinal);
        Assert.Equal("'none'", csp["frame-ancestors"]);
    }

    [Fact]
    public async Task Over_https_the_answer_asks_the_browser_to_keep_to_https()
    {
        var response = await GetAsync("/api/items", "https://tongban.example");
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }
}

public sealed class SqliteSecurityHeadersTests(SqliteApp app) : SecurityHeadersTests<SqliteApp>(app);

public sealed class PostgresSecurityHeadersTests(PostgresApp app) : SecurityHeadersTests<PostgresApp>(app);
