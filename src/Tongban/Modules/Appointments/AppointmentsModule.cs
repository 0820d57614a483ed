namespace Tongban.Modules.Appointments;

/// <summary>预约: service points' opening hours (weekly, 周末轮值, special days), bookable slots, and citizens' bookings.</summary>
internal static class AppointmentsModule
{
    public static IServiceCollection AddAppointments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AppointmentOptions>().Bind(configuration.GetSection(AppointmentOptions.Section));
        services.AddSingleton<AppointmentReminderScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<AppointmentReminderScanner>());
        services.AddSingleton<AppointmentNoShowScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<AppointmentNoShowScanner>());
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        GetOpeningHours.Map(api);
        ManageOpeningHours.Map(api);
        ListSlots.Map(api);
        BookAppointment.Map(api);
        ListMyAppointments.Map(api);
        CancelAppointment.Map(api);
        MoveAppointment.Map(api);
        AppointmentCalendarFile.Map(api);
    }
}
