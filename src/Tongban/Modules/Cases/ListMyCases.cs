using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Cases;

/// <summary>One of my cases, with what I have to do about it (补正 when a correction notice waits for me).</summary>
internal sealed record MyCaseRow(string CaseNumber, string ItemCode, string ItemName, CaseStatus Status, ApplicationChannel Channel,
    string ApplicantName, DateTimeOffset SubmittedAt, DateOnly? PromisedDueDate, int? RemainingWorkingDays, bool ActionNeeded, bool AsAgent);

/// <summary>
/// GET /api/me/cases — the citizen's cases: those they are the applicant of (found by the blind index of
/// their ID number, wherever they applied: online, at a window, at a kiosk) and those they filed as an
/// agent. Newest first, paged; indexes cases(applicant_id_index, submitted_at) and (submitted_by_citizen_id, submitted_at).
/// </summary>
internal static class ListMyCases
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/cases", Handle).RequireAuthorization(Policies.Citizen).Produces<Paged<MyCaseRow>>().ProducesValidationProblem()
            .WithTags("Citizen portal").WithName("ListMyCases").WithSummary("我的办件");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, CalendarService calendars, TimeProvider clock, int? page, int? pageSize, CancellationToken ct)
    {
        var me = CitizenActor.From(http.User)!;
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        if (errors.Any) return errors.ToResult();

        var query = Mine(db.Cases.AsNoTracking(), me);
        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        var rows = await query.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id).Skip(Paging.Skip(p, size)).Take(size)
            .Select(c => new { c.Number, c.ItemCode, c.ItemName, c.Status, c.Channel, c.ApplicantKind, c.ApplicantName, c.SubmittedAt, c.PromisedDueDate, c.ApplicantIdIndex })
            .ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(clock);
        var items = rows.Select(r => new MyCaseRow(r.Number, r.ItemCode, r.ItemName, r.Status, r.Channel,
            r.ApplicantKind == ApplicantKind.Person ? Validation.PersonName.Mask(r.ApplicantName) : r.ApplicantName, r.SubmittedAt, r.PromisedDueDate,
            r.PromisedDueDate is { } due && CaseView.IsOpen(r.Status) ? CaseClock.Remaining(calendar, due, today) : null,
            r.Status == CaseStatus.CorrectionRequested, !me.IdIndexes.Contains(r.ApplicantIdIndex))).ToList();
        return TypedResults.Ok(new Paged<MyCaseRow>(items, total, p, size, capped));
    }

    /// <summary>The cases a citizen may see: as the applicant (a person) or as the one who filed it.</summary>
    public static IQueryable<Case> Mine(IQueryable<Case> cases, CitizenActor me) =>
        cases.Where(c => (c.ApplicantKind == ApplicantKind.Person && me.IdIndexes.Contains(c.ApplicantIdIndex)) || c.SubmittedByCitizenId == me.Id);

    public static bool IsMine(Case c, CitizenActor me) =>
        (c.ApplicantKind == ApplicantKind.Person && me.IdIndexes.Contains(c.ApplicantIdIndex)) || c.SubmittedByCitizenId == me.Id;
}
