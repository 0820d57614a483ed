namespace Tongban.Modules.Queue;

/// <summary>Operator settings of the queue (Tongban:Queue).</summary>
internal sealed class QueueOptions
{
    public const string Section = "Tongban:Queue";
    /// <summary>Tickets one network may take per minute without an enrolled ticket machine (扫码取号 on a phone).</summary>
    public int TicketsPerAddressPerMinute { get; set; } = 6;
    /// <summary>How often a live board re-reads without a change on its own node (changes made through other nodes).</summary>
    public TimeSpan BoardPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>取号 · 叫号: tickets per category and day at a service point, called by its windows, shown on the hall board.</summary>
internal static class QueueModule
{
    public static IServiceCollection AddQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QueueOptions>().Bind(configuration.GetSection(QueueOptions.Section));
        services.AddSingleton<QueueBoardSignal>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        TakeTicket.Map(api);
        CallNextTicket.Map(api);
        TicketActions.Map(api);
        GetQueueBoard.Map(api);
        GetClerkDesk.Map(api);
        GetTicketApplicant.Map(api);
        QueueBoardLive.Map(api);
    }
}
