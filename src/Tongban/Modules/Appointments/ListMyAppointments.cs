using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Appointments;

/// <summary>GET /api/me/appointments?page=&amp;pageSize= — 我的预约: the citizen's bookings, the latest date first.</summary>
internal static class ListMyAppointments
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/appointments", Handle).RequireAuthorization(Policies.Citizen).AddEndpointFilter(CitizenOnPhone.Filter).WithTags("Appointments")
            .Produces<Paged<AppointmentDto>>().ProducesValidationProblem().ProducesProblem(403).WithName("ListMyAppointments").WithSummary("我的预约");

    internal static async Task<IResult> Handle(int? page, int? pageSize, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (f, m) => errors.Add(f, m));
        if (errors.Any) return errors.ToResult();
        var citizen = CitizenActor.From(http.User);
        if (citizen is null || citizen.Id <= 0) return TypedResults.Ok(new Paged<AppointmentDto>([], 0, p, size));
        var mine = db.Set<Appointment>().AsNoTracking().Where(a => a.CitizenId == citizen.Id);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(a => a.Date).ThenByDescending(a => a.Start).ThenByDescending(a => a.Id).Skip(Paging.Skip(p, size)).Take(size).ToListAsync(ct);
        var pointCodes = rows.Select(r => r.ServicePointCode).Distinct().ToList();
        var itemCodes = rows.Select(r => r.ItemCode).Distinct().ToList();
        var points = await db.ServicePoints.AsNoTracking().Where(x => pointCodes.Contains(x.Code)).ToDictionaryAsync(x => x.Code, x => x.Name, ct);
        var items = (await db.ItemVersions.AsNoTracking().Where(i => itemCodes.Contains(i.Code) && i.Status == ItemVersionStatus.Published)
            .Select(i => new { i.Code, i.Name }).ToListAsync(ct)).ToDictionary(i => i.Code, i => i.Name);
        return TypedResults.Ok(new Paged<AppointmentDto>(
            [.. rows.Select(a => BookAppointment.ToDto(a, points.GetValueOrDefault(a.ServicePointCode, a.ServicePointCode), items.GetValueOrDefault(a.ItemCode, a.ItemCode)))],
            total, p, size));
    }
}
