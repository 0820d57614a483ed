using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Documents;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Files;

namespace Tongban.Modules.Kiosks;

/// <summary>
/// POST /api/kiosk/sessions/current/card-reading — the card on the reader as a file: the 居民身份证 material of a kiosk
/// application without scanning the card (the seed: the person "只需携带二代身份证"). It belongs to the session like a scan,
/// so it is deleted with the session unless a case or the library holds it.
/// </summary>
internal static class KioskCardReading
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/kiosk/sessions/current/card-reading", Handle).RequireAuthorization(Policies.KioskSession).WithTags("Kiosks")
            .Produces<UploadedFileDto>(StatusCodes.Status201Created).ProducesProblem(403)
            .WithName("KioskCardReading").WithSummary("以读卡信息作为居民身份证材料");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, FileCatalog files, TimeProvider clock, CancellationToken ct)
    {
        var sessionId = KioskClaims.SessionOf(http.User)!;
        var session = await db.KioskSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.PersonName, s.IdNumber, s.KioskCode, s.CreatedAt }).FirstAsync(ct);
        var kioskName = await db.Kiosks.AsNoTracking().Where(k => k.Code == session.KioskCode).Select(k => k.Name).FirstAsync(ct);
        var pdf = CardReadingPdf.Render(new CardReadingDocument(session.PersonName, session.IdNumber, kioskName, ChinaTime.ToChina(session.CreatedAt)));
        using var content = new MemoryStream(pdf);
        var stored = await files.SaveAsync(content, "居民身份证读卡信息.pdf", FileKind.Pdf, UploadFile.KioskUploader(sessionId), clock.GetUtcNow(), ct);
        return TypedResults.Created($"/api/files/{stored.Id}", UploadedFileDto.Of(stored));
    }
}
