namespace Tongban.Modules.Supervision;

/// <summary>电子监察: options (validated at start), the watcher, the endpoints.</summary>
internal static class SupervisionModule
{
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SupervisionOptions>().Bind(configuration.GetSection(SupervisionOptions.Section))
            .Validate(o => !o.Validate().Any(), "Tongban:Supervision is invalid (see docs/configuration.md)").ValidateOnStart();
        services.AddSingleton<SupervisionSignal>();
        services.AddSingleton<Infrastructure.Data.IClusterTopic, AlertsChangedElsewhere>();
        services.AddSingleton<SupervisionWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SupervisionWatcher>());
        services.AddSingleton<RectificationWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RectificationWatcher>());
        services.AddSingleton<Cases.Changes.ICaseChangeHandler, ScheduleSupervisionCheck>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        ListAlerts.Map(api);
        SendDirective.Map(api);
        AnswerDirective.Map(api);
        SupervisionLive.Map(api);
        ListOverdueWork.Map(api);
    }
}
