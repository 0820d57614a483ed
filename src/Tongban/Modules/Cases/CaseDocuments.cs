using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Documents;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Cases;

/// <summary>
/// Printable documents of a case: the one-time correction notice (补正材料一次性告知书) and the
/// acceptance notice (受理通知书), rendered on demand from the case's own records as PDF.
/// </summary>
internal static class CaseDocuments
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/cases/{caseNumber}/correction-notices/{sequence:int}/pdf", CorrectionNotice).RequireAuthorization(Policies.CaseWork)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(403).ProducesProblem(404).WithName("CorrectionNoticePdf").WithSummary("一次性告知书（PDF）");
        api.MapGet("/cases/{caseNumber}/acceptance-notice/pdf", AcceptanceNotice).RequireAuthorization(Policies.CaseWork)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(403).ProducesProblem(404).WithName("AcceptanceNoticePdf").WithSummary("受理通知书（PDF）");
    }

    private sealed record Header(string Number, string ItemName, string ApplicantName, string ServicePointCode, string DepartmentCode, string ServicePointName, string DepartmentName, string Hotline);

    private static async Task<Header?> LoadHeaderAsync(TongbanDb db, StaffActor actor, string caseNumber, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Number == caseNumber)
            .Select(x => new { x.Number, x.ItemName, x.ApplicantName, x.ServicePointCode, x.DepartmentCode }).FirstOrDefaultAsync(ct);
        if (c is null || !CaseScope.CanSee(actor, c.ServicePointCode, c.DepartmentCode)) return null;
        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == c.ServicePointCode).Select(p => new { p.Name, p.Hotline }).FirstOrDefaultAsync(ct);
        var department = await db.Departments.AsNoTracking().Where(d => d.Code == c.DepartmentCode).Select(d => new { d.Name, d.Hotline }).FirstOrDefaultAsync(ct);
        // The applicant's own document carries the full name: it is printed for and handed to them.
        return new Header(c.Number, c.ItemName, c.ApplicantName, c.ServicePointCode, c.DepartmentCode, point?.Name ?? c.ServicePointCode,
            department?.Name ?? c.DepartmentCode, department?.Hotline ?? point?.Hotline ?? "");
    }

    private static IResult NotFound(string caseNumber) => Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");

    /// <summary>The notices carry the applicant's full name: printing one is a read of personal data, and audited.</summary>
    private static Task AuditPrintAsync(HttpContext http, TongbanDb db, string caseNumber, string what, CancellationToken ct)
    {
        var reader = AuditActor.FromHttp(http);
        return http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(db,
            new AuditEvent(AuditStreams.Of(reader), reader, "case.print_document", caseNumber, $"打印{what}（含申请人姓名）"), ct);
    }

    internal static async Task<IResult> CorrectionNotice(string caseNumber, int sequence, HttpContext http, TongbanDb db, Calendar.CalendarService calendars, CancellationToken ct)
    {
        var header = await LoadHeaderAsync(db, StaffActor.From(http.User)!, caseNumber, ct);
        if (header is null) return NotFound(caseNumber);
        var notice = await db.CorrectionNotices.AsNoTracking().Include(n => n.Items)
            .Where(n => n.Sequence == sequence && db.Cases.Any(c => c.Id == n.CaseId && c.Number == caseNumber)).FirstOrDefaultAsync(ct);
        if (notice is null) return Problems.NotFound("case.notice_not_found", "告知书不存在", $"办件 {caseNumber} 没有第 {sequence} 份一次性告知书。");
        await AuditPrintAsync(http, db, caseNumber, $"一次性告知书 {notice.Number}", ct);
        var issuedOn = ChinaTime.DateOf(notice.IssuedAt);
        var calendar = await calendars.GetAsync(ct);
        var pdf = CorrectionNoticePdf.Render(new CorrectionNoticeDocument(notice.Number, header.Number, header.ItemName, header.ApplicantName,
            header.ServicePointName, header.DepartmentName, issuedOn, SupplementDueDate(calendar, notice.IssuedAt), notice.IssuedBy, header.Hotline,
            [.. notice.Items.OrderBy(i => i.Id).Select(i => new DeficientMaterial(i.MaterialName, i.Reason))]));
        return TypedResults.File(pdf, "application/pdf", $"{notice.Number}.pdf");
    }

    /// <summary>How long the notice tells the applicant they have to supplement (a service promise, not a legal limit).</summary>
    public const int SupplementWorkingDays = 10;

    /// <summary>The supplement deadline a correction notice states: <see cref="SupplementWorkingDays"/> working days after the day it was issued.</summary>
    public static DateOnly SupplementDueDate(Calendar.BusinessCalendar calendar, DateTimeOffset issuedAt) =>
        calendar.AddWorkingDays(ChinaTime.DateOf(issuedAt), SupplementWorkingDays);

    internal static async Task<IResult> AcceptanceNotice(string caseNumber, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var header = await LoadHeaderAsync(db, StaffActor.From(http.User)!, caseNumber, ct);
        if (header is null) return NotFound(caseNumber);
        var c = await db.Cases.AsNoTracking().Where(x => x.Number == caseNumber)
            .Select(x => new { x.AcceptanceNumber, x.AcceptedAt, x.PromisedDueDate, x.LegalDueDate, Clerk = x.Steps.Where(s => s.Name == "受理").Select(s => s.HandlerName).FirstOrDefault() })
            .FirstAsync(ct);
        if (c.AcceptanceNumber is null || c.AcceptedAt is null || c.PromisedDueDate is null || c.LegalDueDate is null)
            return Problems.NotFound("case.not_accepted", "办件尚未受理", $"办件 {caseNumber} 还没有受理通知书。");
        await AuditPrintAsync(http, db, caseNumber, $"受理通知书 {c.AcceptanceNumber}", ct);
        var pdf = AcceptanceNoticePdf.Render(new AcceptanceNoticeDocument(c.AcceptanceNumber, header.Number, header.ItemName, header.ApplicantName,
            header.ServicePointName, header.DepartmentName, ChinaTime.DateOf(c.AcceptedAt.Value), c.PromisedDueDate.Value, c.LegalDueDate.Value, c.Clerk ?? "", header.Hotline)
        { QueryCode = CaseQueryCode.For(header.Number), ProgressQueryUrl = CaseReceipt.ProgressQueryUrl(http.Request, header.Number) });
        return TypedResults.File(pdf, "application/pdf", $"{c.AcceptanceNumber}.pdf");
    }
}
