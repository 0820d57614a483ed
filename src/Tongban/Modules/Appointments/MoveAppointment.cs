using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Appointments;

internal sealed record MoveAppointmentRequest(DateOnly? Date, string? Start);

/// <summary>
/// POST /api/appointments/{appointmentNumber}/move {date, start} — 改约: the old booking is cancelled and the new one made
/// in one transaction, so a full new slot leaves the old booking as it was. The answer is the new booking (a new number).
/// </summary>
internal static class MoveAppointment
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/appointments/{appointmentNumber}/move", Handle).RequireAuthorization(Policies.Citizen).AddEndpointFilter(CitizenOnPhone.Filter).WithTags("Appointments")
            .Produces<AppointmentDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("MoveAppointment").WithSummary("改约（换日期或时段）");

    internal static async Task<IResult> Handle(string appointmentNumber, MoveAppointmentRequest request, HttpContext http, TongbanDb db, CalendarService calendars,
        TimeProvider clock, IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        var appointment = await CancelAppointment.OwnAsync(http, db, appointmentNumber, ct);
        var errors = BookAppointment.Check(new BookAppointmentRequest(appointment.ServicePointCode, appointment.ItemCode, request.Date, request.Start), out var start);
        if (errors.Any) return errors.ToResult();
        CancelAppointment.CheckChangeable(appointment, clock.GetUtcNow());
        var moved = await BookAppointment.BookAsync(db, await calendars.GetAsync(ct), options.Value, clock, appointment.CitizenId,
            appointment.ServicePointCode, appointment.ItemCode, request.Date!.Value, start, appointment, ct);
        return TypedResults.Ok(moved);
    }
}
