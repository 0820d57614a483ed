using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Kiosks;

/// <summary>printer: ok | paperLow | paperOut | error; scanner, cardReader, network: ok | error.</summary>
internal sealed record KioskHeartbeatRequest(string? Printer, string? Scanner, string? CardReader, string? Network);

/// <summary>
/// POST /api/kiosk/heartbeat — the device says it is alive (every 30 s) and how its hardware is. The last one is kept;
/// a change of the faults is audited in the kiosk's stream (a steady state is not, or the trail would fill with beats).
/// </summary>
internal static class KioskHeartbeat
{
    private static readonly string[] PrinterStates = ["ok", "paperLow", "paperOut", "error"];
    private static readonly string[] PartStates = ["ok", "error"];

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/kiosk/heartbeat", Handle).RequireAuthorization(Policies.KioskDevice).WithTags("Kiosks")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(403)
            .WithName("KioskHeartbeat").WithSummary("自助终端心跳与设备状态");

    internal static async Task<IResult> Handle(KioskHeartbeatRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        Check(errors, "printer", request.Printer, PrinterStates);
        Check(errors, "scanner", request.Scanner, PartStates);
        Check(errors, "cardReader", request.CardReader, PartStates);
        Check(errors, "network", request.Network, PartStates);
        if (errors.Any) return errors.ToResult();
        var kioskCode = KioskClaims.KioskCodeOf(http.User)!;
        var device = await db.KioskDevices.FirstAsync(d => d.KioskCode == kioskCode, ct);
        var before = string.Join(',', Faults(device));
        device.LastHeartbeatAt = clock.GetUtcNow();
        device.Printer = request.Printer;
        device.Scanner = request.Scanner;
        device.CardReader = request.CardReader;
        device.Network = request.Network;
        var after = string.Join(',', Faults(device));
        if (before != after)
            await audit.AppendAsync(db, new AuditEvent(KioskAudit.Stream(kioskCode), KioskAudit.Device(http, kioskCode), "kiosk.health_changed", null,
                after.Length == 0 ? "设备状态恢复正常" : "设备故障：" + after), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The parts not "ok", as "printer:paperOut" (an unreported part is no fault).</summary>
    public static List<string> Faults(KioskDevice d) =>
        [.. new[] { ("printer", d.Printer), ("scanner", d.Scanner), ("cardReader", d.CardReader), ("network", d.Network) }
            .Where(p => p.Item2 is not null && p.Item2 != "ok").Select(p => p.Item1 + ":" + p.Item2)];

    private static void Check(FieldErrors errors, string field, string? value, string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            errors.Add(field, $"设备状态只能是 {string.Join("、", allowed)}");
    }
}
