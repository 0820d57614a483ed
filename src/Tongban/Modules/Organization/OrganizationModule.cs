namespace Tongban.Modules.Organization;

/// <summary>组织: regions, service points, departments, windows and their hotlines.</summary>
internal static class OrganizationModule
{
    public static IServiceCollection AddOrganization(this IServiceCollection services) =>
        services.AddSingleton<Infrastructure.Data.IClusterTopic, ReferenceChangedElsewhere>();

    public static void Map(RouteGroupBuilder api)
    {
        ListServicePoints.Map(api);
        ManageHotlines.Map(api);
    }
}
