using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Queue;

internal sealed record DeskWindowDto(string Code, string Name);

internal sealed record ClerkDeskDto(string ServicePointCode, IReadOnlyList<DeskWindowDto> Windows, string? WindowCode, QueueTicketDto? Current, int Waiting);

/// <summary>
/// GET /api/queue/desk?windowCode= — the clerk's calling panel: the windows of the clerk's service point (to pick one
/// once per device) and, for the chosen window, today's ticket called or being served there and how many wait for it,
/// so a reload or a second tab finds the ticket the clerk is on.
/// </summary>
internal static class GetClerkDesk
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue/desk", Handle).RequireAuthorization(Policies.WindowClerk).WithTags("Queue")
            .Produces<ClerkDeskDto>().ProducesProblem(403).ProducesProblem(404).WithName("GetClerkQueueDesk").WithSummary("窗口叫号面板");

    internal static async Task<IResult> Handle(string? windowCode, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var staff = StaffActor.From(http.User);
        if (staff?.ServicePointCode is not { } point || QueueAccess.Refuse(http, point) is not null)
            return Problems.Of(StatusCodes.Status403Forbidden, "queue.not_your_point", "不是服务点的窗口人员", "只有服务点的窗口人员可以使用叫号面板。");
        var windows = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == point).OrderBy(w => w.Id)
            .Select(w => new DeskWindowDto(w.Code, w.Name)).ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(windowCode)) return TypedResults.Ok(new ClerkDeskDto(point, windows, null, null, 0));
        if (windows.All(w => w.Code != windowCode)) return Problems.NotFound("queue.window_not_found", "本服务点没有这个窗口");

        var day = ChinaTime.Today(clock);
        var tickets = db.Set<QueueTicket>().AsNoTracking().Where(t => t.ServicePointCode == point && t.Day == day);
        var current = await tickets.Where(t => t.WindowCode == windowCode && (t.Status == TicketStatus.Called || t.Status == TicketStatus.Serving))
            .OrderByDescending(t => t.LastCalledAt).ThenByDescending(t => t.Id).FirstOrDefaultAsync(ct);
        var categories = await QueueCategories.ForPointAsync(db, point, ct);
        List<string> served = [.. categories.Where(c => c.WindowCodes.Contains(windowCode)).Select(c => c.Letter)];
        // The same tickets call-next would choose from: transferred to this window, or of its categories and not sent elsewhere.
        var waiting = await tickets.CountAsync(t => t.Status == TicketStatus.Waiting
            && (t.TransferredToWindowCode == windowCode || (t.TransferredToWindowCode == null && served.Contains(t.Category))), ct);
        return TypedResults.Ok(new ClerkDeskDto(point, windows, windowCode, current is null ? null : await QueueTicketDto.OfAsync(db, current, ct), waiting));
    }
}
