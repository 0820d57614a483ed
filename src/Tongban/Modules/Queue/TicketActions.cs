using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Queue;

internal sealed record TransferTicketRequest(string? WindowCode);

/// <summary>
/// POST /api/queue/tickets/{id}/recall | skip | transfer | start | finish — the calling panel's 重呼、过号、转窗、开始办理、办结.
/// recall, skip and start need a called ticket; finish a ticket being served; transfer a called or served one, which
/// waits again for the named window of the same point, ahead of that window's other tickets. A wrong step is a 409.
/// </summary>
internal static class TicketActions
{
    public static void Map(RouteGroupBuilder api)
    {
        var queue = api.MapGroup("/queue/tickets/{id:long}").RequireAuthorization(Policies.WindowClerk).WithTags("Queue");
        queue.MapPost("/recall", (long id, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct) =>
                MoveAsync(id, http, db, signal, [TicketStatus.Called], null, now => u => u
                    .SetProperty(t => t.LastCalledAt, now).SetProperty(t => t.CallCount, t => t.CallCount + 1), clock, ct))
            .Produces<QueueTicketDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("RecallQueueTicket").WithSummary("重呼");
        queue.MapPost("/skip", (long id, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct) =>
                MoveAsync(id, http, db, signal, [TicketStatus.Called], null, now => u => u
                    .SetProperty(t => t.Status, TicketStatus.Skipped).SetProperty(t => t.SkippedAt, now), clock, ct))
            .Produces<QueueTicketDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("SkipQueueTicket").WithSummary("过号");
        queue.MapPost("/start", (long id, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct) =>
                MoveAsync(id, http, db, signal, [TicketStatus.Called], null, now => u => u
                    .SetProperty(t => t.Status, TicketStatus.Serving).SetProperty(t => t.StartedAt, now), clock, ct))
            .Produces<QueueTicketDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("StartQueueTicket").WithSummary("开始办理");
        queue.MapPost("/finish", (long id, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct) =>
                MoveAsync(id, http, db, signal, [TicketStatus.Serving], null, now => u => u
                    .SetProperty(t => t.Status, TicketStatus.Finished).SetProperty(t => t.FinishedAt, now), clock, ct))
            .Produces<QueueTicketDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("FinishQueueTicket").WithSummary("办结");
        queue.MapPost("/transfer", Transfer)
            .Produces<QueueTicketDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("TransferQueueTicket").WithSummary("转窗");
    }

    internal static async Task<IResult> Transfer(long id, TransferTicketRequest request, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.WindowCode)) return new FieldErrors().Add("windowCode", "转入窗口不能为空").ToResult();
        var target = request.WindowCode.Trim();
        return await MoveAsync(id, http, db, signal, [TicketStatus.Called, TicketStatus.Serving], async ticket =>
                await db.Windows.AnyAsync(w => w.Code == target && w.ServicePointCode == ticket.ServicePointCode, ct)
                    ? null : new FieldErrors().Add("windowCode", "本服务点没有这个窗口").ToResult(),
            _ => u => u.SetProperty(t => t.Status, TicketStatus.Waiting).SetProperty(t => t.TransferredToWindowCode, target)
                .SetProperty(t => t.WindowCode, (string?)null).SetProperty(t => t.StartedAt, (DateTimeOffset?)null), clock, ct);
    }

    /// <summary>
    /// Checks the ticket, the caller and the step, then moves it with one UPDATE conditional on the status it was read in:
    /// of two clerks acting on it at once, the second gets the 409.
    /// </summary>
    private static async Task<IResult> MoveAsync(long id, HttpContext http, TongbanDb db, QueueBoardSignal signal, TicketStatus[] from,
        Func<QueueTicket, Task<IResult?>>? check, Func<DateTimeOffset, Action<UpdateSettersBuilder<QueueTicket>>> change, TimeProvider clock, CancellationToken ct)
    {
        var tickets = db.Set<QueueTicket>();
        var ticket = await tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null) return Problems.NotFound("queue.ticket_not_found", "排队号不存在");
        if (QueueAccess.Refuse(http, ticket.ServicePointCode) is { } refused) return refused;
        if (!from.Contains(ticket.Status)) return WrongStep(ticket, from);
        if (check is not null && await check(ticket) is { } invalid) return invalid;
        var moved = await tickets.Where(t => t.Id == id && t.Status == ticket.Status).ExecuteUpdateAsync(change(clock.GetUtcNow()), ct);
        if (moved == 0) return Problems.Conflict("queue.ticket_changed", "排队号状态已变化", $"{ticket.TicketNumber} 号刚被其他操作处理，请刷新后再试。");
        signal.Publish();
        return TypedResults.Ok(await QueueTicketDto.OfAsync(db, await tickets.AsNoTracking().FirstAsync(t => t.Id == id, ct), ct));
    }

    private static IResult WrongStep(QueueTicket ticket, TicketStatus[] from)
    {
        var (code, title) = from switch
        {
            [TicketStatus.Serving] => ("queue.not_serving", "该号尚未开始办理"),
            [TicketStatus.Called] => ("queue.not_called", "该号当前不在呼叫中"),
            _ => ("queue.not_at_window", "该号不在窗口办理中"),
        };
        return Problems.Conflict(code, title, $"{ticket.TicketNumber} 号当前状态为{StatusLabel(ticket.Status)}。");
    }

    private static string StatusLabel(TicketStatus s) => s switch
    {
        TicketStatus.Waiting => "等待中",
        TicketStatus.Called => "已呼叫",
        TicketStatus.Serving => "办理中",
        TicketStatus.Finished => "已办结",
        _ => "已过号",
    };
}
