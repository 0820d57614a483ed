using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Certificates;

/// <summary>电子证照 · 电子印章: seals, certificate types, issue on completion, the holder's wallet, verification by anyone, reuse as material.</summary>
internal static class CertificatesModule
{
    public static IServiceCollection AddCertificates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CertificateOptions>().Bind(configuration.GetSection(CertificateOptions.Section))
            .Validate(o => o.VerificationsPerAddressPerMinute > 0 && o.MaxVerifyFileBytes > 0 && o.SealValidityYears > 0, "Tongban:Certificates: limits must be positive.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<SealKeyRing>();
        services.AddSingleton<SealRegistry>();
        services.AddSingleton<CertificateIssuer>();
        services.AddSingleton<VerificationThrottle>();
        services.AddSingleton<Cases.ICertificateMaterials, CertificateMaterials>();
        services.AddScoped<Files.IFileReadGrant, CertificateFileReadGrant>();
        services.AddSingleton<ICaseChangeHandler, IssueCertificateOnCompletion>();
        services.AddSingleton<ICaseChangeHandler, SealDecisionLetter>();
        services.AddSingleton<ICaseChangeHandler, CountCertificateUse>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        CertificateTypes.Map(api);
        ReadCertificates.Map(api);
        VerifyCertificate.Map(api);
        ChangeCertificateStatus.Map(api);
        GetDepartmentSeal.Map(api);
        SealDecisionLetter.Map(api);
        CaseCertificates.Map(api);
        ImportCertificates.Map(api);
        ImportSeal.Map(api);
    }
}
