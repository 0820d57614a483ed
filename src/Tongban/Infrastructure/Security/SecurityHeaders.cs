namespace Tongban.Infrastructure.Security;

/// <summary>Tongban:Security:Headers — what browsers are told about the pages and answers (all have safe defaults).</summary>
internal sealed class SecurityHeadersOptions
{
    public const string Section = "Tongban:Security:Headers";

    /// <summary>
    /// The web app's policy: scripts only from this origin (the built app has no inline script); inline style attributes
    /// are allowed because the charts and the UI library set them. <c>frame-ancestors</c> is added per path.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>The API reference (/docs, Scalar) starts itself with an inline script: it gets its own, looser policy.</summary>
    public string DocsContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'";

    /// <summary>Pages this origin may frame itself (the big screen on a wall display's own page); every other page is never framed.</summary>
    public string[] FramableBySelf { get; set; } = ["/screen"];

    public string ReferrerPolicy { get; set; } = "strict-origin-when-cross-origin";

    /// <summary>Browser features every page is denied.</summary>
    public string PermissionsPolicy { get; set; } = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Per path prefix, a Permissions-Policy in place of the default: the kiosk scans ID cards and documents.</summary>
    public Dictionary<string, string> PermissionsPolicyByPath { get; set; } = new()
    {
        ["/kiosk"] = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    };

    /// <summary>Strict-Transport-Security max-age, sent on HTTPS requests outside Development.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Content-Security-Policy, nosniff, Referrer-Policy, Permissions-Policy and frame-ancestors on every answer (pages,
/// static files, the API, errors), and HSTS behind HTTPS outside Development.
/// </summary>
internal static class SecurityHeaders
{
    public static IServiceCollection AddTongbanSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityHeadersOptions.Section);
        services.AddOptions<SecurityHeadersOptions>().Bind(section);
        var options = section.Get<SecurityHeadersOptions>() ?? new SecurityHeadersOptions();
        services.AddHsts(o =>
        {
            o.MaxAge = options.HstsMaxAge;
            o.IncludeSubDomains = false;
        });
        return services;
    }

    public static void UseTongbanSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityHeadersOptions>>().Value;
        app.Use((context, next) =>
        {
            // The path as requested: the web app's fallback rewrites it to /index.html before the answer starts.
            var path = context.Request.Path;
            // At the moment the headers go out: the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                Apply(context, path, options);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    internal static void Apply(HttpContext context, PathString path, SecurityHeadersOptions options)
    {
        var headers = context.Response.Headers;
        var framable = options.FramableBySelf.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        var csp = path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase)
            ? options.DocsContentSecurityPolicy : options.ContentSecurityPolicy;
        headers.ContentSecurityPolicy = csp.TrimEnd(' ', ';') + (framable ? "; frame-ancestors 'self'" : "; frame-ancestors 'none'");
        headers.XFrameOptions = framable ? "SAMEORIGIN" : "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = options.ReferrerPolicy;
        var permissions = options.PermissionsPolicyByPath
            .Where(p => path.StartsWithSegments(p.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
        headers["Permissions-Policy"] = permissions ?? options.PermissionsPolicy;
    }
}
