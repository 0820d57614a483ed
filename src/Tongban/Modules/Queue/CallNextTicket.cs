using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Queue;

/// <summary>A ticket as the clerk's calling panel shows it.</summary>
/// <param name="AppointmentNumber">The booking it was taken with (预约签到), whose holder 开始办理 brings into 窗口收件.</param>
internal sealed record QueueTicketDto(long Id, string TicketNumber, string Category, string? ItemCode, string? Priority, string Status, string? WindowCode, string? WindowName,
    string? TransferredToWindowCode, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int CallCount,
    string? AppointmentNumber)
{
    public static async Task<QueueTicketDto> OfAsync(TongbanDb db, QueueTicket t, CancellationToken ct)
    {
        var windowName = t.WindowCode is null ? null : await db.Windows.AsNoTracking().Where(w => w.Code == t.WindowCode).Select(w => w.Name).FirstOrDefaultAsync(ct);
        return new(t.Id, t.TicketNumber, t.Category, t.ItemCode, t.Priority, QueueCategories.StatusName(t.Status), t.WindowCode, windowName,
            t.TransferredToWindowCode, t.IssuedAt, t.CalledAt, t.StartedAt, t.FinishedAt, t.CallCount, t.AppointmentNumber);
    }
}

/// <summary>
/// POST /api/queue/windows/{windowCode}/call-next — 叫号: the window's clerk calls the next of today's waiting tickets it
/// serves: those transferred to it first, then check-in tickets whose slot has begun (earliest slot first), then priority
/// (绿色通道), then the oldest. 204 when nobody waits (docs/queue.md, 叫号顺序).
/// </summary>
internal static class CallNextTicket
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/queue/windows/{windowCode}/call-next", Handle).RequireAuthorization(Policies.WindowClerk).WithTags("Queue")
            .Produces<QueueTicketDto>().Produces(StatusCodes.Status204NoContent).ProducesProblem(403).ProducesProblem(404)
            .WithName("CallNextQueueTicket").WithSummary("叫号（下一位）");

    internal static async Task<IResult> Handle(string windowCode, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal, CancellationToken ct)
    {
        var window = await db.Windows.AsNoTracking().Where(w => w.Code == windowCode).Select(w => new { w.Code, w.ServicePointCode }).FirstOrDefaultAsync(ct);
        if (window is null) return Problems.NotFound("queue.window_not_found", "窗口不存在");
        if (QueueAccess.Refuse(http, window.ServicePointCode) is { } refused) return refused;

        var categories = await QueueCategories.ForPointAsync(db, window.ServicePointCode, ct);
        List<string> served = [.. categories.Where(c => c.WindowCodes.Contains(window.Code)).Select(c => c.Letter)];
        var day = ChinaTime.Today(clock);
        var tickets = db.Set<QueueTicket>();
        // Two windows calling at once may pick the same ticket; the claim below lets only one have it, the other picks again.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var now = clock.GetUtcNow();
            var candidate = await tickets.AsNoTracking()
                .Where(t => t.ServicePointCode == window.ServicePointCode && t.Day == day && t.Status == TicketStatus.Waiting
                    && (t.TransferredToWindowCode == window.Code || (t.TransferredToWindowCode == null && served.Contains(t.Category))))
                .OrderBy(t => t.TransferredToWindowCode == window.Code ? 0 : 1)
                .ThenBy(t => t.SlotStartsAt != null && t.SlotStartsAt <= now ? 0 : 1)
                // Earliest slot first among those begun; null for the rest (the databases sort nulls differently, so only one kind per group).
                .ThenBy(t => t.SlotStartsAt != null && t.SlotStartsAt <= now ? t.SlotStartsAt : null)
                .ThenBy(t => t.PriorityRank).ThenBy(t => t.IssuedAt).ThenBy(t => t.Id)
                .Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
            if (candidate is not { } id) return TypedResults.NoContent();
            // The claim: one conditional UPDATE, which only the first of two concurrent callers finds still waiting.
            var claimed = await tickets.Where(t => t.Id == id && t.Status == TicketStatus.Waiting).ExecuteUpdateAsync(u => u
                .SetProperty(t => t.Status, TicketStatus.Called)
                .SetProperty(t => t.WindowCode, window.Code)
                .SetProperty(t => t.TransferredToWindowCode, (string?)null)
                .SetProperty(t => t.CalledAt, t => t.CalledAt ?? now)
                .SetProperty(t => t.LastCalledAt, now)
                .SetProperty(t => t.CallCount, t => t.CallCount + 1), ct);
            if (claimed == 1)
            {
                signal.Publish();
                return TypedResults.Ok(await QueueTicketDto.OfAsync(db, await tickets.AsNoTracking().FirstAsync(t => t.Id == id, ct), ct));
            }
        }
        return Problems.Conflict("queue.busy", "叫号繁忙", "多个窗口同时叫号，请再叫一次。");
    }
}

/// <summary>Only a clerk of the point works its queue.</summary>
internal static class QueueAccess
{
    public static IResult? Refuse(HttpContext http, string servicePointCode) =>
        StaffActor.From(http.User) is { } staff && staff.IsIn(StaffRoles.Clerk) && staff.ServicePointCode == servicePointCode
            ? null
            : Problems.Of(StatusCodes.Status403Forbidden, "queue.not_your_point", "不是本服务点的窗口", "只有本服务点的窗口人员可以叫号和处理排队号。");
}
