namespace Tongban.Modules.Audit;

/// <summary>审计 (人过留迹、事过留痕): the hash-chained trail, its key, and its verification.</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditKey>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditChainVerifier>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        VerifyAuditChain.Map(api);
    }
}
