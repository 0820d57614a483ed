using Serilog;

namespace Tongban.Infrastructure.Hosting;

/// <summary>Serilog for the host and the request log, with personal data masked in both.</summary>
internal static class Logging
{
    public static WebApplicationBuilder AddTongbanLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host logs through its own logger. By default the host takes over the static Log.Logger,
        // every logger created later (and the request log) binds to whichever host started last, and a host that stops
        // closes the static logger under the others: with several hosts in one process (the tests) lines went astray.
        builder.Host.UseSerilog(preserveStaticLogger: true, configureLogger: (context, provider, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            // Sinks registered as services join the configured ones (the tests read the log this way).
            .ReadFrom.Services(provider)
            // EF Core logs a save that lost a race as an error with a stack trace; the client got a 409 and the request
            // log says so. Real database failures still reach the log through the exception handler (a 500).
            .Filter.ByExcluding(e => e.Properties.TryGetValue("SourceContext", out var source)
                && source is Serilog.Events.ScalarValue { Value: string name } && name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                && ErrorHandling.DbErrors.IsAnsweredAsConflict(e.Exception))
            .Enrich.FromLogContext()
            // Last: it rewrites whatever the enrichers before it added.
            .Enrich.With(new Security.LogMasking())
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"));
        return builder;
    }

    public static void UseTongbanRequestLogging(this WebApplication app) =>
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
}
