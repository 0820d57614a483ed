using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;
using Tongban.Modules.Catalog;
using Tongban.Modules.Files;

namespace Tongban.Modules.Certificates;

/// <param name="Available">False for a case without a letter (not a 行政许可, not decided yet) or one the caller may not read.</param>
internal sealed record DecisionLetterDto(bool Available, string? Title = null, string? DocumentNumber = null, string? Decision = null, DateTimeOffset? IssuedAt = null);

/// <summary>
/// 准予/不予许可决定书 (电子公文): completing a decided 行政许可 case seals its decision letter with the department's seal, in the
/// same transaction, and GET /api/cases/{caseNumber}/decision-letter.pdf hands it to the case's staff and its applicant.
/// </summary>
internal sealed class SealDecisionLetter(CertificateIssuer issuer, IFileStore store) : ICaseChangeHandler
{
    public async Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        var c = change.Case;
        if (change.Action != CaseAction.Complete || c.Decision is not ("approve" or "reject")) return;
        var itemType = await db.ItemVersions.AsNoTracking().Where(i => i.Id == c.ItemVersionId).Select(i => i.ItemType).FirstOrDefaultAsync(ct);
        if (itemType != ItemType.Licensing) return;
        var approved = c.Decision == "approve";
        var title = approved ? "准予行政许可决定书" : "不予行政许可决定书";
        var number = c.DecisionDocumentNumber is { Length: > 0 } given ? given : $"{(approved ? "准许" : "不许")}〔{ChinaTime.ToChina(change.At).Year}〕{c.Number}";
        var opinion = c.Steps.Where(s => s.Opinion is { Length: > 0 }).OrderBy(s => s.Sequence).Select(s => s.Opinion!).LastOrDefault() ?? "";
        var seal = await issuer.SealOfAsync(db, c.DepartmentCode, ct);
        var pdf = DecisionLetterPdf.Render(new DecisionLetterDocument(title, number, c.ApplicantName, c.ItemName, c.Number, approved, opinion,
            seal.Seal.DepartmentName, ChinaTime.DateOf(change.At), issuer.VerifyUrl(c.Number)));
        var sealedPdf = await issuer.SealAsync(db, seal, pdf, "letter:" + c.Number, null, AuditStreams.Case(c.Number), change.AuditActor, c.Number, title + " " + number, ct);
        var file = await FileCatalog.StageGeneratedAsync(db, store, sealedPdf, $"{title}-{c.Number}.pdf", FileKind.Pdf, "letter:" + c.Number, change.At, ct);
        db.SealedLetters.Add(new SealedLetter
        {
            CaseNumber = c.Number, Decision = c.Decision, Title = title, DocumentNumber = number, FileId = file.Id, Fingerprint = file.Sm3,
            SealId = seal.Seal.Id, IssuedAt = change.At,
        });
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/cases/{caseNumber}/decision-letter", Describe).RequireAuthorization(Policies.CaseWorkOrCitizen).WithTags("Certificates")
            .Produces<DecisionLetterDto>().WithName("GetDecisionLetter").WithSummary("办件是否有决定书（有则给出文号与标题）");
        api.MapGet("/cases/{caseNumber}/decision-letter.pdf", Download).RequireAuthorization(Policies.CaseWorkOrCitizen).WithTags("Certificates")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(404)
            .WithName("DecisionLetterPdf").WithSummary("准予/不予许可决定书（电子签章 PDF）");
    }

    /// <summary>Whether the case has a sealed decision letter (only decided 行政许可 cases do), so a page links it only then.</summary>
    internal static async Task<IResult> Describe(string caseNumber, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        if (!await CertificateAccess.MayReadCaseAsync(db, http.User, caseNumber, ct)) return TypedResults.Ok(new DecisionLetterDto(false));
        var letter = await db.SealedLetters.AsNoTracking().Where(l => l.CaseNumber == caseNumber).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(letter is null ? new DecisionLetterDto(false)
            : new DecisionLetterDto(true, letter.Title, letter.DocumentNumber, letter.Decision, letter.IssuedAt));
    }

    internal static async Task<IResult> Download(string caseNumber, HttpContext http, TongbanDb db, FileCatalog files, CancellationToken ct)
    {
        if (!await CertificateAccess.MayReadCaseAsync(db, http.User, caseNumber, ct)) return NotFound(caseNumber);
        var letter = await db.SealedLetters.AsNoTracking().Where(l => l.CaseNumber == caseNumber).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        if (letter is null) return NotFound(caseNumber);
        var file = await files.FindAsync(letter.FileId, ct);
        var stream = file is null ? null : await files.OpenReadAsync(file, ct);
        if (stream is null) return Problems.NotFound("certificate.file_missing", "文件缺失", "决定书文件已丢失，请联系发证部门。");
        return TypedResults.File(stream, "application/pdf", $"{letter.Title}-{caseNumber}.pdf");
    }

    private static IResult NotFound(string caseNumber) => Problems.NotFound("letter.not_found", "决定书不存在", $"办件 {caseNumber} 没有决定书，或您无权查看。");
}
