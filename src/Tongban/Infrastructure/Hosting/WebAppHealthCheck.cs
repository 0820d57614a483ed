using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tongban.Infrastructure.Hosting;

/// <summary>
/// /health's "webapp" check: a node whose wwwroot has no index.html answers every page with 404, so a load balancer must
/// not send it users. Tongban:WebApp:Required (default: only in Production) decides whether that makes the node unready;
/// elsewhere the web app is often served by Vite's dev server or not built at all.
/// </summary>
internal sealed class WebAppHealthCheck(IWebHostEnvironment environment, IConfiguration configuration) : IHealthCheck
{
    public const string Name = "webapp";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var required = configuration.GetValue<bool?>("Tongban:WebApp:Required") ?? environment.IsProduction();
        if (environment.WebRootFileProvider.GetFileInfo("index.html").Exists)
            return Task.FromResult(HealthCheckResult.Healthy("index.html present"));
        var message = $"no index.html under {environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot")}";
        return Task.FromResult(required ? HealthCheckResult.Unhealthy(message) : HealthCheckResult.Healthy($"{message} (not required)"));
    }
}
