using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Convenience;

internal sealed record ConvenienceRunDto(
    string Code, string Name, string Provider, string Kind, bool IsDemo, IReadOnlyList<ConvenienceField> Fields, string? PdfBase64);

/// <summary>
/// POST /api/kiosk/services/{code}/run — runs a 便民服务 through its connector for the person of the session. Until the
/// kiosk session lands (helper "device") the person is the logged-in citizen. A service without a connector answers
/// 409 with its providing body, hours and hotline: never a made-up result.
/// </summary>
internal static class RunConvenienceService
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/kiosk/services/{code}/run", Handle).RequireAuthorization(Policies.Citizen)
            .Produces<ConvenienceRunDto>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .WithName("RunConvenienceService").WithSummary("办理便民服务（查询、打印）");

    internal static async Task<IResult> Handle(string code, HttpContext http, TongbanDb db, IEnumerable<IConvenienceConnector> connectors, AuditTrail audit, CancellationToken ct)
    {
        var service = ConvenienceServices.Find(code);
        if (service is null) return Problems.NotFound("convenience.not_found", "没有这项便民服务", $"找不到便民服务 {code}。");
        var connector = service.Connector is null ? null : connectors.FirstOrDefault(c => c.Name == service.Connector);
        if (connector is null)
            return Problems.Conflict("convenience.not_connected", "该服务暂未接入自助终端",
                $"“{service.Name}”请联系{service.Provider}：服务时间 {service.Hours}，服务电话 {service.Hotline}。");

        var me = CitizenActor.From(http.User)!;
        // At a kiosk the person is the card's (who may have no portal account); on the portal, the logged-in account's.
        var person = me.Kiosk is { } seat
            ? new ConveniencePerson(seat.IdNumber, me.Name)
            : await db.Citizens.AsNoTracking().Where(c => c.Id == me.Id).Select(c => new ConveniencePerson(c.IdNumber, c.Name)).FirstAsync(ct);
        ConvenienceResult result;
        try
        {
            result = await connector.RunAsync(service, person, ct);
        }
        catch (ConvenienceUnavailableException e)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "convenience.unavailable", "服务提供单位系统暂不可用", $"{e.Message} 请稍后再试，或拨打 {service.Hotline}。");
        }
        // The provider's answer is the person's data fetched on their behalf: recorded in their own stream.
        var actor = AuditActor.FromHttp(http);
        await audit.RecordAsync(db, new AuditEvent(AuditStreams.Of(actor), actor, "convenience.run", service.Code, $"办理便民服务“{service.Name}”"), ct);
        return TypedResults.Ok(new ConvenienceRunDto(service.Code, service.Name, service.Provider, service.Kind, result.IsDemo, result.Fields,
            result.Pdf is null ? null : Convert.ToBase64String(result.Pdf)));
    }
}
