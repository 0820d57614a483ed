namespace Tongban.Modules.Calendar;

/// <summary>工作日历: the official holidays and 调休 days that working-day deadlines count on.</summary>
internal static class CalendarModule
{
    public static IServiceCollection AddCalendar(this IServiceCollection services) => services.AddSingleton<CalendarService>();

    public static void Map(RouteGroupBuilder api) => CalendarEndpoints.Map(api);
}
