using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Cases;

/// <summary>GET /api/cases/{caseNumber} — the whole case, for staff who may see it and for the citizen whose case it is.</summary>
internal static class GetCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{caseNumber}", Handle).RequireAuthorization(Policies.CaseWorkOrCitizen).Produces<CaseDto>().ProducesProblem(403).ProducesProblem(404).WithName("GetCase").WithSummary("办件详情");

    internal static async Task<IResult> Handle(string caseNumber, HttpContext http, TongbanDb db, CalendarService calendars, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (CitizenActor.From(http.User) is { } citizen)
        {
            // Someone else's case answers 404 like a missing one: a citizen cannot learn that it exists.
            var mine = await ListMyCases.Mine(db.Cases.AsNoTracking(), citizen).AnyAsync(c => c.Number == caseNumber, ct);
            var own = mine ? await CaseView.LoadAsync(db, caseNumber, calendars, clock, ct) : null;
            return own is null ? NotFound(caseNumber) : TypedResults.Ok(own);
        }
        var actor = StaffActor.From(http.User)!;
        // Loaded before the scope check (one query fewer for the usual, permitted view); nothing of it leaves unless permitted.
        var dto = await CaseView.LoadAsync(db, caseNumber, calendars, clock, ct);
        // Out-of-scope cases answer 404, not 403: their existence is not the caller's business.
        if (dto is null || !(CaseScope.CanSee(actor, dto.ServicePointCode, dto.DepartmentCode)
                || CaseScope.HandsOverAt(actor, dto.ResultDelivery?.ServicePointCode, dto.Result?.DeliveryMethod, dto.Status)))
            return NotFound(caseNumber);
        // The answer shows the applicant (masked): still an access to personal data, recorded in the reader's own stream.
        var reader = AuditActor.FromHttp(http);
        await audit.RecordAsync(db, new AuditEvent(AuditStreams.Of(reader), reader, "case.read_personal_data", caseNumber, $"查看办件 {caseNumber}（申请人信息已脱敏）"), ct);
        var worksOn = CaseScope.WorksOn(actor, dto.ServicePointCode, dto.DepartmentCode);
        // The express address is personal data: whole for those who ship the result, masked for those who only watch.
        return TypedResults.Ok(dto with
        {
            DocumentsReadable = worksOn,
            ResultDelivery = worksOn || dto.ResultDelivery is null ? dto.ResultDelivery : ChooseResultDelivery.Masked(dto.ResultDelivery),
        });
    }

    private static IResult NotFound(string caseNumber) => Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");
}
