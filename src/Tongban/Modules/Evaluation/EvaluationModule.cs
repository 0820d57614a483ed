namespace Tongban.Modules.Evaluation;

/// <summary>好差评: the applicant's rating of a finished case, online or by SMS reply.</summary>
internal static class EvaluationModule
{
    public static void Map(RouteGroupBuilder api) => EvaluateCase.Map(api);
}
