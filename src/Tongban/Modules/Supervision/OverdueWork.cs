using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Supervision;

/// <summary>Work other than a case past its deadline: an unanswered consultation, an unanswered complaint.</summary>
internal sealed record OverdueWorkDto(string Kind, string KindName, string Number, string DepartmentCode, string Summary, DateOnly DueDate, DateTimeOffset Since);

/// <summary>
/// A kind of work, owned by another module, that supervision watches for lateness. The owning module implements it and
/// registers it; supervision asks each source for what is overdue in the caller's scope, so it never reads their tables and
/// they need no case. The board shows these beside the case alerts (超期未办的咨询、投诉).
/// </summary>
internal interface IOverdueWorkSource
{
    /// <summary>What is past its due date before <paramref name="today"/>, in <paramref name="departmentCode"/> (null: every department), oldest first.</summary>
    Task<IReadOnlyList<OverdueWorkDto>> ListOverdueAsync(TongbanDb db, string? departmentCode, DateOnly today, int take, CancellationToken ct);
}

/// <summary>GET /api/supervision/overdue-work — overdue consultations and complaints, scoped like the alerts (center-wide roles all; others their department's).</summary>
internal static class ListOverdueWork
{
    public const int MaxRows = 200;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/supervision/overdue-work", Handle).RequireAuthorization(Policies.CaseWork).WithTags("Supervision")
            .Produces<IReadOnlyList<OverdueWorkDto>>().ProducesProblem(403)
            .WithName("ListOverdueWork").WithSummary("超期未办的咨询、投诉建议等（按监察范围）");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, IEnumerable<IOverdueWorkSource> sources, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        if (!CaseScope.WorksOnCases(actor) || (!CaseScope.SeesAll(actor) && actor.DepartmentCode is null))
            return TypedResults.Ok(Array.Empty<OverdueWorkDto>());
        var department = CaseScope.SeesAll(actor) ? null : actor.DepartmentCode;
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var all = new List<OverdueWorkDto>();
        foreach (var source in sources) all.AddRange(await source.ListOverdueAsync(db, department, today, MaxRows, ct));
        return TypedResults.Ok(all.OrderBy(w => w.DueDate).ThenBy(w => w.Since).Take(MaxRows).ToList());
    }
}
