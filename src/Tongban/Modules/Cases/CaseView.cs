using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Cases;

internal sealed record ApplicantDto(ApplicantKind Kind, string Name, string IdNumber, string Mobile, string? ContactName);

internal sealed record CaseStepDto(int Sequence, string Name, string Action, string Handler, string? Opinion, string OrganizationCode, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

internal sealed record CaseMaterialDto(string RequirementCode, string Name, Guid? FileId, long? LibraryMaterialId, string? CertificateId, DateTimeOffset SubmittedAt);

/// <summary>The whole case in one answer (API.md GET /api/cases/{caseNumber}).</summary>
internal sealed record CaseDto(
    string CaseNumber, string ItemCode, string ItemName, int ItemVersion, CaseStatus Status, ApplicationChannel Channel,
    ApplicantDto Applicant, string ServicePointCode, string DepartmentCode, string? WindowCode,
    DateTimeOffset SubmittedAt, DateTimeOffset? AcceptedAt, DateOnly? PromisedDueDate, DateOnly? LegalDueDate, int? RemainingWorkingDays,
    DateTimeOffset? CompletedAt, IReadOnlyList<CaseStepDto> Steps, IReadOnlyList<CaseMaterialDto> Materials,
    IReadOnlyList<object> CorrectionNotices, IReadOnlyList<object> ClockEvents, IReadOnlyList<object> Notifications,
    IReadOnlyList<object> Supervision, object? Result);

internal static class CaseView
{
    /// <summary>Masks personal data: 张** · 3505**********123X · 138****0000. Enterprise names and credit codes are public.</summary>
    public static ApplicantDto MaskedApplicant(Case c) => c.ApplicantKind == ApplicantKind.Person
        ? new(c.ApplicantKind, MaskName(c.ApplicantName), ResidentIdNumber.Mask(c.ApplicantIdNumber), MobileNumber.Mask(c.ApplicantMobile), c.ContactName is null ? null : MaskName(c.ContactName))
        : new(c.ApplicantKind, c.ApplicantName, c.ApplicantIdNumber, MobileNumber.Mask(c.ApplicantMobile), c.ContactName is null ? null : MaskName(c.ContactName));

    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    public static async Task<CaseDto?> LoadAsync(TongbanDb db, string caseNumber, CalendarService calendars, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().AsSplitQuery()
            .Include(x => x.Steps).Include(x => x.Materials)
            .FirstOrDefaultAsync(x => x.Number == caseNumber, ct);
        if (c is null) return null;
        var version = await db.ItemVersions.AsNoTracking().Where(v => v.Id == c.ItemVersionId).Select(v => v.Version).FirstAsync(ct);
        int? remaining = null;
        if (c.PromisedDueDate is { } due && c.Status is not (CaseStatus.Completed or CaseStatus.Delivered or CaseStatus.Withdrawn or CaseStatus.Terminated or CaseStatus.NotAccepted))
        {
            var calendar = await calendars.GetAsync(ct);
            var today = ChinaTime.Today(clock);
            // Working days left after today up to the due date; negative when overdue.
            remaining = due >= today ? calendar.CountWorkingDays(today.AddDays(1), due) : -calendar.CountWorkingDays(due.AddDays(1), today);
        }
        return new CaseDto(c.Number, c.ItemCode, c.ItemName, version, c.Status, c.Channel, MaskedApplicant(c), c.ServicePointCode, c.DepartmentCode, c.WindowCode,
            c.SubmittedAt, c.AcceptedAt, c.PromisedDueDate, c.LegalDueDate, remaining, c.CompletedAt,
            [.. c.Steps.OrderBy(s => s.Sequence).Select(s => new CaseStepDto(s.Sequence, s.Name, s.Action, s.HandlerName, s.Opinion, s.OrganizationCode, s.StartedAt, s.EndedAt))],
            [.. c.Materials.OrderBy(m => m.Id).Select(m => new CaseMaterialDto(m.RequirementCode, m.Name, m.FileId, m.LibraryMaterialId, m.CertificateId, m.SubmittedAt))],
            [], [], [], [], null);
    }
}
