using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Serilog;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Documents;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Demo;
using Tongban.Infrastructure.Hosting;
using Tongban.Modules.Files;
using Tongban.Modules.Identity;
using Tongban.Modules.Organization;
using Tongban.Modules.Supervision;
using Tongban.Modules.Analytics;
using Tongban.Modules.Evaluation;
using Tongban.Modules.Materials;
using Tongban.Modules.Notifications;

namespace Tongban.Infrastructure;

/// <summary>Tongban:Telemetry — OpenTelemetry export (off unless an OTLP endpoint is set).</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Tongban:Telemetry";
    public string? OtlpEndpoint { get; set; }
}

internal static class TongbanApp
{
    public static WebApplicationBuilder AddTongban(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // preserveStaticLogger: each host logs through its own logger. By default the host takes over the static Log.Logger,
        // every logger created later (and the request log) binds to whichever host started last, and a host that stops
        // closes the static logger under the others: with several hosts in one process (the tests) lines went astray.
        builder.Host.UseSerilog(preserveStaticLogger: true, configureLogger: (context, provider, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            // Sinks registered as services join the configured ones (the tests read the log this way).
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            // Last: it rewrites whatever the enrichers before it added.
            .Enrich.With(new Security.LogMasking())
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"));

        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Numbers are numbers: no "123" strings accepted, and OpenAPI then says plain integer.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddTongbanProblemDetails();
        // Demo accounts share a published password and /api/dev/sms shows anyone's messages: never in production.
        if (builder.Environment.IsProduction() && configuration.GetValue<bool>("Tongban:Demo:Enabled"))
            throw new InvalidOperationException("Tongban:Demo:Enabled=true is refused in Production: demo accounts use a published password. Run demos with ASPNETCORE_ENVIRONMENT=Development.");
        PersonalData.ConfigureFrom(configuration, builder.Environment);
        services.AddTongbanData(configuration);
        services.AddTongbanSecurity(configuration);
        services.AddTongbanFiles(configuration);
        services.AddTongbanDocuments(configuration);
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tongban 通办 API";
            doc.Info.Description = "一网通办政务服务平台 HTTP API。Errors are RFC 9457 ProblemDetails with a stable `code`.";
            return Task.CompletedTask;
        }));
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<BulkWrites>();
        services.AddSingleton<DemoHistoryLoader>();
        // The modules. Each registers its services and its reactions to case changes (handlers run in this order).
        services.AddCalendar();
        services.AddAudit();
        services.AddMaterials();
        services.AddCases(configuration);
        services.AddNotifications(configuration);
        services.AddSupervision(configuration);
        services.AddAnalytics(configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // Traces and metrics only where they go somewhere: recording a span for every request with no exporter costs
        // allocations and CPU on each request for nothing (issue 8).
        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
        {
            var endpoint = new Uri(telemetry.OtlpEndpoint);
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("tongban"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint));
        }
        return builder;
    }

    public static async Task UseTongbanAsync(this WebApplication app)
    {
        // Resolve the audit key now: a missing production key stops the start, a dev key warns once.
        app.Services.GetRequiredService<AuditKey>();
        var database = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.MigrateOnStart)
        {
            await DataSetup.MigrateAsync(app.Services);
            if (await DemoData.LoadIfEnabledAsync(app.Services) is { } history)
                app.Services.GetRequiredService<DemoHistoryLoader>().Start(history);
        }

        // First: everything after it (the per-IP login-code limit, the audit trail's address) sees the client's address.
        app.UseTrustedForwardedHeaders(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Broken business rules are answers, not server errors: no error log with a stack trace.
            SuppressDiagnosticsCallback = c => c.Exception is DomainRuleException or BadHttpRequestException,
        });
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging(o =>
        {
            // This host's own logger: the middleware's default is the static Log.Logger, which the host leaves alone (above).
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.GetLevel = (ctx, _, ex) =>
                ex is not null || ctx.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
                : ctx.Request.Path.StartsWithSegments("/health") ? Serilog.Events.LogEventLevel.Verbose
                : Serilog.Events.LogEventLevel.Information;
            // GET /api/people/{idNumber}/materials carries an ID number in its path (API.md): the log gets it masked.
            o.GetMessageTemplateProperties = (ctx, path, elapsed, status) =>
            [
                new("RequestMethod", new Serilog.Events.ScalarValue(ctx.Request.Method)),
                new("RequestPath", new Serilog.Events.ScalarValue(Security.LogMasking.MaskPath(path))),
                new("StatusCode", new Serilog.Events.ScalarValue(status)),
                new("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCookieCsrfGuard();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Tongban 通办 API")).AllowAnonymous();

        var api = app.MapGroup("/api");
        IdentityModule.Map(api);
        OrganizationModule.Map(api);
        CatalogModule.Map(api);
        CalendarModule.Map(api);
        CasesModule.Map(api);
        MaterialsModule.Map(api);
        EvaluationModule.Map(api);
        NotificationsModule.Map(api);
        SupervisionModule.Map(api);
        AnalyticsModule.Map(api);
        AuditModule.Map(api);
        FilesModule.Map(api);

        // The web app's own routes (/workbench, /items/…) fall back to index.html; unknown /api paths stay 404.
        app.MapFallback("/api/{**path}", () => Problems.NotFound("not_found", "接口不存在")).AllowAnonymous();
        app.MapFallbackToFile("index.html").AllowAnonymous();
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
