using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Tongban.Infrastructure.Hosting;

/// <summary>Tongban:Telemetry — OpenTelemetry export (off unless an OTLP endpoint is set).</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Tongban:Telemetry";
    public string? OtlpEndpoint { get; set; }
}

/// <summary>What the outside sees of the running app: the OpenAPI document and its reference, /health, telemetry.</summary>
internal static class Observability
{
    public static IServiceCollection AddTongbanObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tongban 通办 API";
            doc.Info.Description = "一网通办政务服务平台 HTTP API。Errors are RFC 9457 ProblemDetails with a stable `code`.";
            return Task.CompletedTask;
        }).AddOperationTransformer(ErrorResponses.Document));
        services.AddHealthChecks().AddCheck<WebAppHealthCheck>(WebAppHealthCheck.Name);
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // Traces and metrics only where they go somewhere: recording a span for every request with no exporter costs
        // allocations and CPU on each request for nothing.
        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
        {
            var endpoint = new Uri(telemetry.OtlpEndpoint);
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("tongban"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint));
        }
        return services;
    }

    public static void MapTongbanObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Tongban 通办 API")).AllowAnonymous();
    }

    private static Task WriteHealth(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        });
    }
}
