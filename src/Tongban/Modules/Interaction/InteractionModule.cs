namespace Tongban.Modules.Interaction;

/// <summary>Operator settings of 网上咨询 and 投诉建议 (Tongban:Interaction).</summary>
internal sealed class InteractionOptions
{
    public const string Section = "Tongban:Interaction";

    /// <summary>Working days a department has to answer a question, counted from the day after it was asked.</summary>
    public int ConsultationWorkingDays { get; set; } = 2;

    /// <summary>Working days a department has to reply to a complaint, counted from the day after it was assigned.</summary>
    public int ComplaintReplyWorkingDays { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (ConsultationWorkingDays is < 1 or > 60) yield return "ConsultationWorkingDays must be between 1 and 60";
        if (ComplaintReplyWorkingDays is < 1 or > 60) yield return "ComplaintReplyWorkingDays must be between 1 and 60";
    }
}

/// <summary>政民互动: 网上咨询 (questions answered by departments, published to the FAQ) and 投诉建议 · 办件反馈.</summary>
internal static class InteractionModule
{
    public static IServiceCollection AddInteraction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InteractionOptions>().Bind(configuration.GetSection(InteractionOptions.Section))
            .Validate(o => !o.Validate().Any(), "Tongban:Interaction is invalid (see docs/configuration.md)").ValidateOnStart();
        services.AddSingleton<Supervision.IOverdueWorkSource, OverdueConsultations>();
        services.AddSingleton<Supervision.IOverdueWorkSource, OverdueComplaints>();
        services.AddSingleton<InteractionWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<InteractionWatcher>());
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        AskQuestion.Map(api);
        ListConsultations.Map(api);
        AnswerConsultation.Map(api);
        ListFaq.Map(api);
        FileComplaint.Map(api);
        ListComplaints.Map(api);
        ComplaintActions.Map(api);
    }
}
