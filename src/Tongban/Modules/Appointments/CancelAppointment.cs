using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Appointments;

/// <summary>
/// POST /api/appointments/{appointmentNumber}/cancel — the citizen cancels their booking before the slot starts; the place
/// is free again (the slot's counter goes down in the same transaction) and a cancellation SMS is queued.
/// </summary>
internal static class CancelAppointment
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/appointments/{appointmentNumber}/cancel", Handle).RequireAuthorization(Policies.Citizen).AddEndpointFilter(CitizenOnPhone.Filter).WithTags("Appointments")
            .Produces<AppointmentDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).WithName("CancelAppointment").WithSummary("取消预约");

    internal static async Task<IResult> Handle(string appointmentNumber, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var appointment = await OwnAsync(http, db, appointmentNumber, ct);
        var now = clock.GetUtcNow();
        CheckChangeable(appointment, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ReleaseAsync(db, appointment, now, ct);
        var (pointName, itemName) = await AppointmentMessages.NamesAsync(db, appointment, ct);
        await AppointmentMessages.QueueAsync(db, AppointmentMessages.Cancelled, appointment, pointName, itemName, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(BookAppointment.ToDto(appointment, pointName, itemName));
    }

    /// <summary>The caller's own appointment (tracked); someone else's is answered as not found.</summary>
    internal static async Task<Appointment> OwnAsync(HttpContext http, TongbanDb db, string number, CancellationToken ct)
    {
        var citizen = CitizenActor.From(http.User);
        var appointment = citizen is null || citizen.Id <= 0 ? null
            : await db.Set<Appointment>().FirstOrDefaultAsync(a => a.Number == number && a.CitizenId == citizen.Id, ct);
        return appointment ?? throw new DomainRuleException("appointment.not_found", "预约不存在", $"找不到您的预约 {number}。", StatusCodes.Status404NotFound);
    }

    internal static void CheckChangeable(Appointment appointment, DateTimeOffset now)
    {
        if (appointment.Status != AppointmentStatus.Booked)
            throw new DomainRuleException("appointment.not_open", "预约已结束", "该预约已取消或已办理，不能再取消或改约。");
        if (BookAppointment.AtChina(appointment.Date, appointment.Start) <= now)
            throw new DomainRuleException("appointment.slot_started", "时段已开始", "预约时段已开始，不能再取消或改约。");
    }

    /// <summary>
    /// Cancels in the caller's transaction: the status changes only if still booked (a conditional UPDATE, so a double
    /// click frees one place, not two), then the slot's counter gives the place back.
    /// </summary>
    internal static async Task ReleaseAsync(TongbanDb db, Appointment appointment, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await db.Set<Appointment>().Where(a => a.Id == appointment.Id && a.Status == AppointmentStatus.Booked)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled).SetProperty(a => a.CancelledAt, now).SetProperty(a => a.RemindAt, (DateTimeOffset?)null), ct);
        if (changed == 0) throw new DomainRuleException("appointment.not_open", "预约已结束", "该预约已取消或已办理，不能再取消或改约。");
        await db.Set<AppointmentSlot>()
            .Where(s => s.ServicePointCode == appointment.ServicePointCode && s.ItemCode == appointment.ItemCode && s.Date == appointment.Date && s.Start == appointment.Start && s.Booked > 0)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Booked - 1), ct);
        // The object shows what the database now holds; detached, so a later save in the transaction does not write it again.
        db.Entry(appointment).State = EntityState.Detached;
        appointment.Status = AppointmentStatus.Cancelled;
        appointment.CancelledAt = now;
        appointment.RemindAt = null;
    }
}
