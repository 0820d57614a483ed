using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Kiosks;

internal sealed record KioskStatusRow(string Code, string Name, string LocationName, KioskLocationKind LocationKind, string? ServicePointCode,
    bool Enrolled, bool Online, DateTimeOffset? LastHeartbeatAt, IReadOnlyList<string> Faults, int ApplicationsToday);

/// <summary>
/// GET /api/kiosks — the devices and their state: online (a heartbeat within <see cref="KioskOptions.OfflineAfter"/>),
/// faults, and today's kiosk applications. Administrators and supervisors see all; other staff the kiosks of their own
/// service point.
/// </summary>
internal static class ListKiosks
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/kiosks", Handle).RequireAuthorization(Policies.Staff).WithTags("Kiosks").Produces<List<KioskStatusRow>>().ProducesProblem(403)
            .WithName("ListKiosks").WithSummary("自助终端状态");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, IOptions<KioskOptions> options, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var kiosks = db.Kiosks.AsNoTracking();
        if (!(actor.IsIn(StaffRoles.Admin) || actor.IsIn(StaffRoles.Supervisor)))
            kiosks = kiosks.Where(k => actor.ServicePointCode != null && k.ServicePointCode == actor.ServicePointCode);
        var list = await kiosks.OrderBy(k => k.Code).ToListAsync(ct);
        var codes = list.Select(k => k.Code).ToList();
        var devices = await db.KioskDevices.AsNoTracking().Where(d => codes.Contains(d.KioskCode)).ToDictionaryAsync(d => d.KioskCode, ct);
        var now = clock.GetUtcNow();
        var china = ChinaTime.ToChina(now);
        var startOfToday = new DateTimeOffset(china.Date, china.Offset).ToUniversalTime();
        var today = await db.Cases.AsNoTracking().Where(c => c.SubmittedAt >= startOfToday && c.KioskCode != null && codes.Contains(c.KioskCode))
            .GroupBy(c => c.KioskCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return TypedResults.Ok(list.Select(k =>
        {
            var d = devices.GetValueOrDefault(k.Code);
            var enrolled = d?.TokenHash is not null;
            return new KioskStatusRow(k.Code, k.Name, k.LocationName, k.LocationKind, k.ServicePointCode, enrolled,
                KioskPresence.IsOnline(d, now, options.Value.OfflineAfter), d?.LastHeartbeatAt,
                d is null ? [] : KioskHeartbeat.Faults(d), today.GetValueOrDefault(k.Code));
        }).ToList());
    }
}
