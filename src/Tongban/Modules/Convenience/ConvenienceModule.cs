namespace Tongban.Modules.Convenience;

/// <summary>便民服务 at the kiosk: the connectors to other bodies' systems and running a service for the person of the session.</summary>
internal static class ConvenienceModule
{
    public static IServiceCollection AddConvenience(this IServiceCollection services, IConfiguration configuration)
    {
        // The demo connectors answer with made-up (labelled) data: only where the demo district is loaded. A real
        // deployment registers its providers' connectors here instead.
        if (configuration.GetValue<bool>("Tongban:Demo:Enabled"))
        {
            services.AddSingleton<IConvenienceConnector, DemoSocialInsuranceCertificate>();
            services.AddSingleton<IConvenienceConnector, DemoHousingFundBalance>();
            services.AddSingleton<IConvenienceConnector, DemoTrafficViolations>();
            services.AddSingleton<IConvenienceConnector, DemoRealEstateRecords>();
            services.AddSingleton<IConvenienceConnector, DemoElectricityArrears>();
        }
        return services;
    }

    public static void Map(RouteGroupBuilder api) => RunConvenienceService.Map(api);
}
