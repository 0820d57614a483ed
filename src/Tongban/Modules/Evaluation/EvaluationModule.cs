using Tongban.Modules.Evaluation.Rectification;

namespace Tongban.Modules.Evaluation;

/// <summary>好差评: the applicant's rating of a finished case, online or by SMS reply, and the 差评整改 work orders it opens.</summary>
internal static class EvaluationModule
{
    public static IServiceCollection AddEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RectificationOptions>().Bind(configuration.GetSection(RectificationOptions.Section))
            .Validate(o => !o.Validate().Any(), "Tongban:Rectification is invalid (see docs/configuration.md)").ValidateOnStart();
        services.AddSingleton<RectificationOpener>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        EvaluateCase.Map(api);
        ListRectifications.Map(api);
        CallBackRectification.Map(api);
        ResolveRectification.Map(api);
        AppealRectification.Map(api);
        DecideRectificationAppeal.Map(api);
    }
}
