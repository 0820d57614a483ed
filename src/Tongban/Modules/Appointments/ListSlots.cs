using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Appointments;

/// <summary>GET /api/appointments/slots?servicePoint=&amp;item=&amp;date= — anyone: the day's slots and the places left.</summary>
internal static class ListSlots
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/appointments/slots", Handle).AllowAnonymous().WithTags("Appointments").Produces<List<SlotDto>>()
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).WithName("ListAppointmentSlots").WithSummary("某日可预约时段");

    internal static async Task<IResult> Handle(string? servicePoint, string? item, string? date, TongbanDb db, CalendarService calendars, TimeProvider clock,
        IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("servicePoint", servicePoint, "服务点");
        errors.Required("item", item, "事项");
        var day = GetOpeningHours.ParseDate(errors, "date", date, "日期");
        if (string.IsNullOrWhiteSpace(date)) errors.Add("date", "日期不能为空");
        if (errors.Any) return errors.ToResult();
        await AppointmentSlots.ServicePointNameAsync(db, servicePoint!, ct);
        var bookable = await AppointmentSlots.ItemAsync(db, item!, ct);
        var calendar = await calendars.GetAsync(ct);
        var (first, last) = AppointmentSlots.BookableDates(calendar, options.Value, clock);
        // Outside the bookable dates there is nothing to book: an empty list, not an error, so a calendar can ask any day.
        if (day!.Value < first || day.Value > last) return TypedResults.Ok(new List<SlotDto>());
        return TypedResults.Ok(await AppointmentSlots.ListAsync(db, calendar, options.Value, clock, servicePoint!, bookable, day.Value, ct));
    }
}
