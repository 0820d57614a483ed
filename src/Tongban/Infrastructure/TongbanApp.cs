using System.Text.Json;
using System.Text.Json.Serialization;
using Tongban.Demo;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Documents;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Hosting;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Analytics;
using Tongban.Modules.Appointments;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Modules.Certificates;
using Tongban.Modules.Convenience;
using Tongban.Modules.Evaluation;
using Tongban.Modules.Files;
using Tongban.Modules.Identity;
using Tongban.Modules.Interaction;
using Tongban.Modules.Kiosks;
using Tongban.Modules.Queue;
using Tongban.Modules.Materials;
using Tongban.Modules.Notifications;
using Tongban.Modules.Organization;
using Tongban.Modules.Supervision;

namespace Tongban.Infrastructure;

/// <summary>The table of contents: the infrastructure, then every module's services and endpoints, in order.</summary>
internal static class TongbanApp
{
    public static WebApplicationBuilder AddTongban(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.AddTongbanLogging();
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Numbers are numbers: no "123" strings accepted, and OpenAPI then says plain integer.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddTongbanProblemDetails();
        // Binding failures throw in every environment (the default is Development only): the exception handler turns them
        // into a 400 naming the field; otherwise Production answered an empty 400 and logged nothing useful.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Demo accounts share a published password and /api/dev/sms shows anyone's messages: never in production.
        if (builder.Environment.IsProduction() && configuration.GetValue<bool>("Tongban:Demo:Enabled"))
            throw new InvalidOperationException("Tongban:Demo:Enabled=true is refused in Production: demo accounts use a published password. Run demos with ASPNETCORE_ENVIRONMENT=Development.");
        PersonalData.ConfigureFrom(configuration, builder.Environment);
        services.AddTongbanData(configuration);
        services.AddTongbanSecurity(configuration);
        services.AddTongbanSecurityHeaders(configuration);
        services.AddTongbanFiles(configuration);
        services.AddTongbanDocuments(configuration);
        services.AddTongbanObservability(configuration);
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<BulkWrites>();
        services.AddSingleton<DemoHistoryLoader>();
        // The modules. Each registers its services and its reactions to case changes (handlers run in this order).
        services.AddIdentity();
        services.AddCalendar();
        services.AddOrganization();
        services.AddAudit();
        services.AddMaterials();
        services.AddCases(configuration);
        services.AddNotifications(configuration);
        services.AddEvaluation(configuration);
        services.AddSupervision(configuration);
        services.AddAnalytics(configuration);
        services.AddKiosks(configuration);
        services.AddConvenience(configuration);
        services.AddAppointments(configuration);
        services.AddQueue(configuration);
        services.AddInteraction(configuration);
        services.AddCertificates(configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        // Registered after the modules: the host starts hosted services in order, and the server listens after all of them.
        services.AddOptions<WarmUpOptions>().Bind(configuration.GetSection(WarmUpOptions.Section));
        services.AddSingleton<WarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<WarmUp>());

        return builder;
    }

    public static async Task UseTongbanAsync(this WebApplication app)
    {
        // Resolve the audit key now: a missing production key stops the start, a dev key warns once.
        app.Services.GetRequiredService<AuditKey>();
        // An old node beside a newer schema stops here, before it reads or writes anything (docs/operations.md § Upgrades).
        await SchemaVersion.EnsureNotNewerAsync(app.Services);
        var database = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.MigrateOnStart)
        {
            await DataSetup.MigrateAsync(app.Services);
            await Modules.Catalog.ItemSearchTextBackfill.RunAsync(app.Services);
            if (await DemoData.LoadIfEnabledAsync(app.Services) is { } history)
                app.Services.GetRequiredService<DemoHistoryLoader>().Start(history);
        }

        // First: everything after it (the per-IP login-code limit, the audit trail's address) sees the client's address.
        app.UseTrustedForwardedHeaders(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value);
        // Outside the exception handler: the request log records the status the client received (a body that did not
        // bind is "responded 400"), not the exception on its way out (which read "responded 500" with a stack trace).
        app.UseTongbanRequestLogging();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Exceptions answered as a 4xx (broken business rules, requests that did not bind, write conflicts) are answers,
            // not server errors: no error log with a stack trace. Only a 5xx is logged as an error.
            SuppressDiagnosticsCallback = c => c.HttpContext.Response.StatusCode is >= 400 and < 500,
        });
        app.UseTongbanSecurityHeaders();
        // A file-looking path that is no file: the web app's 404 page for a browser, a problem response for anything else.
        app.UseStatusCodePages(UnknownAddressPage.HandleAsync);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCookieCsrfGuard();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapTongbanObservability();

        var api = app.MapGroup("/api");
        // Every string and date any endpoint binds is checked once, here (Modules/Validation/InputRules.cs).
        api.AddEndpointFilterFactory(Modules.Validation.InputRules.Create);
        IdentityModule.Map(api);
        OrganizationModule.Map(api);
        CatalogModule.Map(api);
        ConvenienceModule.Map(api);
        CalendarModule.Map(api);
        CasesModule.Map(api);
        MaterialsModule.Map(api);
        EvaluationModule.Map(api);
        NotificationsModule.Map(api);
        SupervisionModule.Map(api);
        AnalyticsModule.Map(api);
        AuditModule.Map(api);
        FilesModule.Map(api);
        KiosksModule.Map(api);
        AppointmentsModule.Map(api);
        QueueModule.Map(api);
        InteractionModule.Map(api);
        CertificatesModule.Map(api);

        // The web app's own routes (/workbench, /items/…) fall back to index.html; unknown /api paths stay 404.
        app.MapFallback("/api/{**path}", () => Problems.NotFound("not_found", "接口不存在")).AllowAnonymous();
        // A certificate identifier has dots, which the plain fallback takes for a file name: the QR's page falls back explicitly.
        app.MapFallbackToFile("/verify/{**identifier}", "index.html").AllowAnonymous();
        app.MapFallbackToFile("index.html").AllowAnonymous();
    }
}
