using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Analytics;

/// <summary>Tongban:Analytics (docs/configuration.md).</summary>
internal sealed class AnalyticsOptions
{
    public const string Section = "Tongban:Analytics";

    /// <summary>Run the daily decline scan in the background (tests turn it off and scan when they choose).</summary>
    public bool DeclineScanInBackground { get; set; } = true;

    /// <summary>Hand the catalog each item's applications of the last year once a day (search ranks by it).</summary>
    public bool PopularityInBackground { get; set; } = true;
}

internal static class AnalyticsModule
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        services.AddMemoryCache();
        services.AddSingleton<DeclineDetector>();
        services.AddHostedService(sp => sp.GetRequiredService<DeclineDetector>());
        services.AddSingleton<ItemPopularityRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<ItemPopularityRefresh>());
        services.AddTongbanDbInterceptor(new CaseStatisticsInterceptor());
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        StatsQueries.Map(api);
        ListDeclines.Map(api);
        CertificateStats.Map(api);
        ExportStats.Map(api);
        SatisfactionStats.Map(api);
        PublicFigures.Map(api);
        QueueStats.Map(api);
    }
}
