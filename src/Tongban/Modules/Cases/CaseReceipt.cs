using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Documents;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Cases;

/// <summary>
/// GET /api/cases/{caseNumber}/receipt.pdf?layout=thermal — the 收件回执 for the applicant (the citizen whose case it is)
/// and the case's staff: case number, item, materials received, the promised date, hotline, a QR to the public progress
/// query. 80 mm for the kiosk's thermal printer, A4 otherwise.
/// </summary>
internal static class CaseReceipt
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{caseNumber}/receipt.pdf", Handle).RequireAuthorization(Policies.CaseWorkOrCitizen)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .WithName("CaseReceiptPdf").WithSummary("收件回执（PDF，layout=thermal 为 80 mm 热敏纸）");

    internal static async Task<IResult> Handle(string caseNumber, string? layout, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        if (layout is not (null or "" or "a4" or "thermal"))
            return new FieldErrors().Add("layout", "版式只能是 thermal（80 mm 热敏纸）或 a4").ToResult();

        var cases = db.Cases.AsNoTracking().Where(c => c.Number == caseNumber);
        var citizen = CitizenActor.From(http.User);
        // Someone else's case answers 404 like a missing one (as GET /api/cases/{caseNumber}).
        if (citizen is not null) cases = ListMyCases.Mine(cases, citizen);
        var c = await cases.Select(x => new
        {
            x.Number, x.ItemName, x.ApplicantKind, x.ApplicantName, x.ServicePointCode, x.DepartmentCode, x.KioskCode, x.SubmittedAt,
            x.RequestedDeliveryMethod, x.PickupPointCode, x.DeliveryAddress,
            x.IsImmediate, x.AcceptedAt, x.PromisedDueDate, x.PromisedLimitDays, x.PromisedLimitUnit,
            Materials = x.Materials.OrderBy(m => m.Id).Select(m => new { m.Name, m.FromLibrary, m.CertificateId }).ToList(),
        }).FirstOrDefaultAsync(ct);
        if (c is null || (citizen is null && !CaseScope.CanSee(StaffActor.From(http.User)!, c.ServicePointCode, c.DepartmentCode)))
            return Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");

        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == c.ServicePointCode).Select(p => new { p.Name, p.Hotline }).FirstOrDefaultAsync(ct);
        var departmentHotline = await db.Departments.AsNoTracking().Where(d => d.Code == c.DepartmentCode).Select(d => d.Hotline).FirstOrDefaultAsync(ct);
        var kioskName = c.KioskCode is null ? null : await db.Kiosks.AsNoTracking().Where(k => k.Code == c.KioskCode).Select(k => k.Name).FirstOrDefaultAsync(ct);
        var pickupPointName = c.RequestedDeliveryMethod == "pickup"
            ? (await ReferenceCache.PointAsync(db, c.PickupPointCode ?? c.ServicePointCode, ct))?.Name ?? c.PickupPointCode : null;
        var resultDelivery = ChooseResultDelivery.Describe(c.RequestedDeliveryMethod, pickupPointName, c.DeliveryAddress, maskAddress: true);
        var (label, text) = Deadline(c.IsImmediate, c.AcceptedAt is not null, c.PromisedDueDate, c.PromisedLimitDays, c.PromisedLimitUnit);
        var materials = c.Materials.Select(m => m.Name + (m.CertificateId is not null ? "（电子证照）" : m.FromLibrary ? "（材料库复用）" : "")).ToList();

        var reader = AuditActor.FromHttp(http);
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(db,
            new AuditEvent(AuditStreams.Of(reader), reader, "case.print_document", c.Number, "打印收件回执（申请人姓名已脱敏）"), ct);

        var pdf = ReceiptPdf.Render(new ReceiptDocument(c.Number, c.ItemName,
            c.ApplicantKind == ApplicantKind.Person ? Validation.PersonName.Mask(c.ApplicantName) : c.ApplicantName,
            point?.Name ?? c.ServicePointCode, kioskName, ChinaTime.ToChina(c.SubmittedAt), materials, label, text,
            departmentHotline ?? point?.Hotline ?? "12345", ProgressQueryUrl(http.Request, c.Number))
        { ResultDelivery = resultDelivery, QueryCode = CaseQueryCode.For(c.Number) }, thermal: layout == "thermal");
        return TypedResults.File(pdf, "application/pdf", $"{c.Number}-receipt.pdf");
    }

    /// <summary>The public progress query page on this server, with the case's query code: the QR opens the answer at once.</summary>
    public static string ProgressQueryUrl(HttpRequest request, string caseNumber) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/query?no={Uri.EscapeDataString(caseNumber)}&code={CaseQueryCode.For(caseNumber)}";

    /// <summary>
    /// The one deadline sentence, worded as web/src/modules/cases/deadline.ts (zh-CN): a 即办件 is done on the spot once
    /// accepted; a 承诺件's limit counts from the day after acceptance, so before acceptance a limit, after it a date.
    /// </summary>
    public static (string Label, string Text) Deadline(bool immediate, bool accepted, DateOnly? promisedDueDate, int limitValue, LimitUnit unit)
    {
        if (immediate) return ("办结时限", accepted ? "即办件：已受理，当场办结" : "即办件：受理后当场办结");
        if (promisedDueDate is { } due) return ("承诺办结日期", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 前办结");
        if (limitValue <= 0) return ("承诺时限", "自受理次日起计算，受理后给出办结日期");
        var limit = $"{limitValue} 个{(unit == LimitUnit.WorkingDay ? "工作日" : "自然日")}";
        return ("承诺时限", $"受理后 {limit}内办结（自受理次日起计算，受理后给出办结日期）");
    }
}
