namespace Tongban.Modules.Notifications;

internal static class SmsSetup
{
    /// <summary>Tongban:Sms — the provider named by configuration, validated at start (a bad gateway setting stops the start with its key).</summary>
    public static IServiceCollection AddTongbanSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section))
            .Validate(o => !o.Validate().Any(), "Tongban:Sms is invalid")
            .ValidateOnStart();
        var options = configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
        services.AddHttpClient("sms", c => c.Timeout = TimeSpan.FromSeconds(30));
        switch (options.Provider)
        {
            case "kannel":
                services.AddSingleton<ISmsProvider, KannelSmsProvider>();
                break;
            case "http":
                services.AddSingleton<ISmsProvider, HttpJsonSmsProvider>();
                break;
            default:
                services.AddSingleton<ISmsProvider, LogSmsProvider>();
                break;
        }
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<SupplementReminderScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<SupplementReminderScanner>());
        return services;
    }
}
