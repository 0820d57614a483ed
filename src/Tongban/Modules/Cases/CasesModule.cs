using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Cases;

/// <summary>办件: filing, the 受理 → 审核 → 办结 process, the case views and documents, and the case-change pipeline.</summary>
internal static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaseOptions>().Bind(configuration.GetSection(CaseOptions.Section));
        services.AddSingleton<CaseNumberAllocator>();
        services.AddSingleton<CaseChangeDispatcher>();
        services.AddSingleton<ICaseChangeHandler, AuditCaseChange>();
        services.AddScoped<CaseMaterialReadGrant>();
        services.AddScoped<Files.IFileReadGrant>(sp => sp.GetRequiredService<CaseMaterialReadGrant>());
        services.AddScoped<Files.IFileAttachments>(sp => sp.GetRequiredService<CaseMaterialReadGrant>());
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        SubmitCase.Map(api);
        GetCase.Map(api);
        ListCases.Map(api);
        PreReviewCase.Map(api);
        SupplementCase.Map(api);
        AcceptCase.Map(api);
        RefuseCase.Map(api);
        ReviewCase.Map(api);
        SuspendCase.Map(api);
        ExtendCase.Map(api);
        CompleteCase.Map(api);
        WithdrawCase.Map(api);
        CaseDocuments.Map(api);
        CaseReceipt.Map(api);
        ListMyCases.Map(api);
        ApplicationDrafts.Map(api);
        GetCaseAudit.Map(api);
        QueryCaseProgress.Map(api);
    }
}
