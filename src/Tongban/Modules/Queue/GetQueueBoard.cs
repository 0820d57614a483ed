using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Queue;

internal sealed record BoardCallDto(string TicketNumber, string? WindowName, DateTimeOffset CalledAt);

internal sealed record BoardWaitingDto(string Category, string CategoryName, int Count);

internal sealed record QueueBoardDto(IReadOnlyList<BoardCallDto> Calling, IReadOnlyList<BoardWaitingDto> Waiting);

/// <summary>GET /api/queue/{servicePointCode}/board — the hall display: today's latest 8 calls and the people waiting per category. Public: numbers, no names.</summary>
internal static class GetQueueBoard
{
    public const int LatestCalls = 8;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue/{servicePointCode}/board", Handle).AllowAnonymous().WithTags("Queue")
            .Produces<QueueBoardDto>().ProducesProblem(404).WithName("GetQueueBoard").WithSummary("大厅叫号屏");

    internal static async Task<IResult> Handle(string servicePointCode, TongbanDb db, TimeProvider clock, CancellationToken ct) =>
        await ReadAsync(db, servicePointCode, clock, ct) is { } board
            ? TypedResults.Ok(board)
            : Problems.NotFound("queue.point_not_found", "服务点不存在或没有叫号窗口");

    /// <summary>The board now, or null when the point does not exist or has no windows.</summary>
    public static async Task<QueueBoardDto?> ReadAsync(TongbanDb db, string servicePointCode, TimeProvider clock, CancellationToken ct)
    {
        var categories = await QueueCategories.ForPointAsync(db, servicePointCode, ct);
        if (categories.Count == 0) return null;
        var day = ChinaTime.Today(clock);
        var tickets = db.Set<QueueTicket>().AsNoTracking().Where(t => t.ServicePointCode == servicePointCode && t.Day == day);
        var calls = await tickets.Where(t => t.LastCalledAt != null && t.Status != TicketStatus.Waiting && t.Status != TicketStatus.Skipped)
            .OrderByDescending(t => t.LastCalledAt).ThenByDescending(t => t.Id).Take(LatestCalls)
            .Select(t => new { t.TicketNumber, t.WindowCode, t.LastCalledAt }).ToListAsync(ct);
        var windowNames = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == servicePointCode).ToDictionaryAsync(w => w.Code, w => w.Name, ct);
        var waiting = await tickets.Where(t => t.Status == TicketStatus.Waiting).GroupBy(t => t.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Category, g => g.Count, ct);
        return new QueueBoardDto(
            [.. calls.Select(c => new BoardCallDto(c.TicketNumber, c.WindowCode is null ? null : windowNames.GetValueOrDefault(c.WindowCode), c.LastCalledAt!.Value))],
            [.. categories.Select(c => new BoardWaitingDto(c.Letter, c.Name, waiting.GetValueOrDefault(c.Letter)))]);
    }
}
