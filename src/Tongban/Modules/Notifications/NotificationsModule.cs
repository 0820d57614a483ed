using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Notifications;

/// <summary>短信: stage SMS through the outbox, 补正 reminders, templates and hotlines' texts, gateway callbacks.</summary>
internal static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTongbanSms(configuration);
        services.AddSingleton<ICaseChangeHandler, SendStageSms>();
        services.AddSingleton<ICaseChangeHandler, ScheduleSupplementReminders>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        DevSms.Map(api);
        SmsCallbacks.Map(api);
        ManageSmsTemplates.Map(api);
        FailedMessages.Map(api);
    }
}
