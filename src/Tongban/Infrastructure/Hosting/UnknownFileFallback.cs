using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Infrastructure.Hosting;

/// <summary>
/// An address that looks like a file (a dot in its last segment: /foo.bar, /downloads/guide.pdf) and is not one. The
/// web app's fallback leaves these alone (a missing script must not come back as a page), so they used to get the
/// status-code page: a bare JSON text a browser shows without a title or a language. Now a browser asking for a page
/// gets the web app with status 404 (its 页面不存在 page, titled, lang set); anything else a plain problem response.
/// </summary>
internal static class UnknownFileFallback
{
    public static void Map(WebApplication app) =>
        app.MapFallback("{**path:file}", Handle).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> Handle(HttpContext context, IWebHostEnvironment environment)
    {
        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (WantsPage(context.Request) && index.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            if (HttpMethods.IsGet(context.Request.Method)) await context.Response.SendFileAsync(index, context.RequestAborted);
            return Results.Empty;
        }
        return Problems.NotFound("not_found", "页面或文件不存在");
    }

    /// <summary>A GET or HEAD whose Accept names text/html (a browser's navigation does; fetch, scripts and images do not).</summary>
    private static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
