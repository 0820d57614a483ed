using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tongban.Infrastructure.Hosting;

/// <summary>
/// The status-code page. An address that looks like a file (a dot in its last segment: /foo.bar, /downloads/guide.pdf)
/// and is none matches no endpoint (the web app's fallback leaves file names alone, so a missing script is not answered
/// with a page); its empty 404 used to become a bare problem text that a browser shows without a title or a language.
/// Now a browser navigating there gets the web app with status 404 (its 页面不存在 page, titled, lang set); any other
/// empty error answer is the plain problem response, as before.
/// </summary>
internal static class UnknownAddressPage
{
    public static async Task HandleAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        // No endpoint outside /api: nothing lives there. The login the fallback policy asks for (401) would say otherwise.
        if (http.GetEndpoint() is null && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && http.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.Headers.WWWAuthenticate = default;
        }
        var index = http.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("index.html");
        if (http.Response.StatusCode == StatusCodes.Status404NotFound && WantsPage(http.Request) && index.Exists)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            if (HttpMethods.IsGet(http.Request.Method)) await http.Response.SendFileAsync(index, http.RequestAborted);
            return;
        }
        // What UseStatusCodePages() does by default: a problem response, or plain text when the client takes no JSON.
        var problems = http.RequestServices.GetService<IProblemDetailsService>();
        if (problems is not null && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode } }))
            return;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync($"Status Code: {http.Response.StatusCode}", http.RequestAborted);
    }

    /// <summary>A GET or HEAD outside /api whose Accept names text/html (a browser's navigation; fetch, scripts and images do not).</summary>
    private static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
