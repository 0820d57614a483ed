using Microsoft.AspNetCore.Authentication;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Kiosks;

/// <summary>24 小时自助服务终端: the kiosk as an enrolled device, its health, and a citizen's card session at it.</summary>
internal static class KiosksModule
{
    public static IServiceCollection AddKiosks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KioskOptions>().Bind(configuration.GetSection(KioskOptions.Section));
        services.AddSingleton<KioskWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<KioskWatcher>());
        services.AddScoped<KioskSessionClosing>();
        services.AddSingleton<IdleKioskSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleKioskSessions>());
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KioskAuthenticationHandler>(SecuritySetup.KioskScheme, "Kiosk device and session", null);
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        EnrolKiosk.Map(api);
        KioskHeartbeat.Map(api);
        ListKiosks.Map(api);
        KioskSessions.Map(api);
        KioskCardReading.Map(api);
    }
}
