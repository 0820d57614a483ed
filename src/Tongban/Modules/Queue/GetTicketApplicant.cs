using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Appointments;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Queue;

internal sealed record TicketApplicantDto(string Name, string IdNumber, string Mobile);

/// <summary>
/// GET /api/queue/tickets/{id}/applicant — who booked the ticket's appointment, so 开始办理 opens 窗口收件 with the person
/// (and their material library) already filled in. Only for a ticket called to or served at a window of the clerk's own
/// service point: the clerk sees the person standing in front of them, not the day's list. Each reading is audited in
/// the person's stream.
/// </summary>
internal static class GetTicketApplicant
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue/tickets/{id:long}/applicant", Handle).RequireAuthorization(Policies.WindowClerk).WithTags("Queue")
            .Produces<TicketApplicantDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("GetQueueTicketApplicant").WithSummary("预约取号的申请人（开始办理时带入窗口收件）");

    internal static async Task<IResult> Handle(long id, HttpContext http, TongbanDb db, AuditTrail audit, CancellationToken ct)
    {
        var ticket = await db.Set<QueueTicket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null) return Problems.NotFound("queue.ticket_not_found", "排队号不存在");
        if (QueueAccess.Refuse(http, ticket.ServicePointCode) is { } refused) return refused;
        if (ticket.Status is not (TicketStatus.Called or TicketStatus.Serving))
            return Problems.Conflict("queue.not_at_window", "该号不在窗口办理中", $"{ticket.TicketNumber} 号叫到窗口后才能带入申请人。");
        var citizenId = ticket.AppointmentNumber is { } number
            ? await db.Set<Appointment>().AsNoTracking().Where(a => a.Number == number).Select(a => (int?)a.CitizenId).FirstOrDefaultAsync(ct)
            : null;
        var person = citizenId is { } cid ? await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct) : null;
        if (person is null) return Problems.NotFound("queue.no_applicant", "该号不是预约取号", "现场取号没有登记申请人，请在窗口收件中录入。");

        var reader = AuditActor.FromHttp(http);
        await audit.RecordAsync(db, new AuditEvent(AuditStreams.Citizen(person.Id), reader, "queue.applicant_read", null,
            $"{ticket.TicketNumber} 号（预约 {ticket.AppointmentNumber}）开始办理，带入申请人"), ct);
        return TypedResults.Ok(new TicketApplicantDto(person.Name, person.IdNumber, person.Mobile));
    }
}
