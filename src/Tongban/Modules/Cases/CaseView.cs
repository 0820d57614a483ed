using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Organization;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Cases;

internal sealed record ApplicantDto(ApplicantKind Kind, string Name, string IdNumber, string Mobile, string? ContactName);

internal sealed record CaseStepDto(int Sequence, string Name, string Action, string Handler, string? Opinion, string OrganizationCode, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <param name="FromLibrary">Reused from the applicant's library (no upload); false for a material brought with this case (which the library then keeps).</param>
internal sealed record CaseMaterialDto(string RequirementCode, string Name, Guid? FileId, long? LibraryMaterialId, string? CertificateId, DateTimeOffset SubmittedAt, DateTimeOffset? ReplacedAt,
    bool FromLibrary);

/// <summary>One message of the case with its delivery state (GOV.UK Notify-style), tries and times, for the staff view.</summary>
internal sealed record NotificationDto(string Channel, string Event, string Text, Notifications.MessageStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    DateTimeOffset? CompletedAt, DateTimeOffset? NextAttemptAt, string? LastError);

internal sealed record CorrectionItemDto(string RequirementCode, string MaterialName, string Reason);

internal sealed record CorrectionNoticeDto(string Number, int Sequence, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? SupplementedAt, IReadOnlyList<CorrectionItemDto> Items);

internal sealed record ClockEventDto(ClockEventKind Kind, DateOnly Date, DateTimeOffset At, int? WorkingDays, string? ProcedureType, string? Reason, string ActorName);

internal sealed record ToleranceDto(IReadOnlyList<string> Missing, DateOnly CommitDueDate, DateTimeOffset? FulfilledAt);

internal sealed record CaseResultDto(string Decision, string? DocumentNumber, string? DeliveryMethod, string? PickupCode, string? TrackingNumber, DateTimeOffset? CompletedAt, DateTimeOffset? DeliveredAt);

/// <summary>The whole case in one answer (API.md GET /api/cases/{caseNumber}).</summary>
internal sealed record CaseDto(
    string CaseNumber, string ItemCode, string ItemName, int ItemVersion, CaseStatus Status, ApplicationChannel Channel,
    ApplicantDto Applicant, string ServicePointCode, string ServicePointName, string DepartmentCode, string DepartmentName, string? WindowCode,
    DateTimeOffset SubmittedAt, DateTimeOffset? AcceptedAt, DateOnly? PromisedDueDate, DateOnly? LegalDueDate, int? RemainingWorkingDays,
    DateTimeOffset? CompletedAt, bool IsImmediate, IReadOnlyList<string> ProcessSteps, string? CurrentStep,
    DateOnly? PreReviewDueDate, string? AcceptanceNumber, string? ClosingReason, ToleranceDto? Tolerance, int SuspendedWorkingDays, int ExtendedWorkingDays,
    IReadOnlyList<CaseStepDto> Steps, IReadOnlyList<CaseMaterialDto> Materials,
    IReadOnlyList<CorrectionNoticeDto> CorrectionNotices, IReadOnlyList<ClockEventDto> ClockEvents, IReadOnlyList<NotificationDto> Notifications,
    IReadOnlyList<Supervision.CaseSupervisionDto> Supervision, CaseResultDto? Result, Evaluation.EvaluationDto? Evaluation)
{
    /// <summary>
    /// Whether the reader may open the applicant's files: the case's own point and department and the applicant, not the
    /// center-wide roles that watch it (their downloads answer 404, so the screen offers none).
    /// </summary>
    public bool DocumentsReadable { get; init; } = true;

    /// <summary>结果领取方式 the applicant chose at submission; null for cases filed before the choice existed.</summary>
    public ResultDeliveryDto? ResultDelivery { get; init; }
}

internal static class CaseView
{
    /// <summary>Masks personal data: 张** · 3505**********123X · 138****0000. Enterprise names and credit codes are public.</summary>
    public static ApplicantDto MaskedApplicant(Case c) => c.ApplicantKind == ApplicantKind.Person
        ? new(c.ApplicantKind, PersonName.Mask(c.ApplicantName), ResidentIdNumber.Mask(c.ApplicantIdNumber), MobileNumber.Mask(c.ApplicantMobile), c.ContactName is null ? null : PersonName.Mask(c.ContactName))
        : new(c.ApplicantKind, c.ApplicantName, c.ApplicantIdNumber, MobileNumber.Mask(c.ApplicantMobile), c.ContactName is null ? null : PersonName.Mask(c.ContactName));

    public static bool IsOpen(CaseStatus status) =>
        status is not (CaseStatus.Completed or CaseStatus.Delivered or CaseStatus.Withdrawn or CaseStatus.Terminated or CaseStatus.NotAccepted);

    /// <param name="readEverything">
    /// The reference path for the tests: read every collection, also those the case row shows to be empty (the answer
    /// must be the same byte for byte).
    /// </param>
    public static async Task<CaseDto?> LoadAsync(TongbanDb db, string caseNumber, CalendarService calendars, TimeProvider clock, CancellationToken ct,
        bool readEverything = false)
    {
        var c = await CaseByNumber.For(db)(db, caseNumber, ct);
        return c is null ? null : await BuildAsync(db, c, calendars, clock, ct, readEverything: readEverything);
    }

    /// <summary>The case with everything the view shows of it (compiled: the view is the most frequent read).</summary>
    private static readonly CompiledPerModel<Func<TongbanDb, string, CancellationToken, Task<Case?>>> CaseByNumber = new(() =>
        EF.CompileAsyncQuery((TongbanDb db, string caseNumber, CancellationToken ct) => db.Cases.AsNoTracking().AsSplitQuery()
            .Include(x => x.Steps).Include(x => x.Materials).Include(x => x.ClockEvents).Include(x => x.CorrectionNotices).ThenInclude(n => n.Items)
            .FirstOrDefault(x => x.Number == caseNumber)));

    /// <summary>
    /// The answer for a case already in memory with its steps, materials, clock events and correction notices: the one a
    /// submission or a command has just saved answers without being loaded again (bench/perf.sh: 6 database commands
    /// fewer per submission and per step). The notifications, supervision and evaluation are still read, being written elsewhere.
    /// </summary>
    /// <param name="justFiled">
    /// The case was created by this unit of work (a submission): its messages are the ones it queued, still tracked, and it
    /// can have no supervision alert or evaluation yet (3 database commands fewer per submission).
    /// </param>
    /// <param name="readEverything">See <see cref="LoadAsync"/>.</param>
    public static async Task<CaseDto> BuildAsync(TongbanDb db, Case c, CalendarService calendars, TimeProvider clock, CancellationToken ct, bool justFiled = false,
        bool readEverything = false)
    {
        // 好差评 exists only for a finished case (every way of rating checks it, and a finished case stays finished): an open
        // case, the kind staff open most, skips the read.
        var mayHaveEvaluation = !justFiled && (readEverything || Evaluation.EvaluationRules.CanEvaluate(c.Status));
        // The item's version and, for people, the names of the point and the department: reference data, from memory.
        var version = await Catalog.ItemVersionNumbers.OfAsync(db, c.ItemVersionId, ct);
        var pointName = (await ReferenceCache.PointAsync(db, c.ServicePointCode, ct))?.Name ?? c.ServicePointCode;
        var departmentName = (await ReferenceCache.DepartmentAsync(db, c.DepartmentCode, ct))?.Name ?? c.DepartmentCode;
        var notifications = justFiled
            ? [.. db.OutboxMessages.Local.Where(m => m.CaseNumber == c.Number).OrderBy(m => m.Id).Select(ToNotification)]
            : await NotificationsOf.For(db)(db, c.Number).ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(clock);
        // Due dates are recomputed from the clock events: while suspended they move every day.
        var due = CaseClock.Compute(c, calendar, c.ClockEvents, today);
        var promised = due?.Promised ?? c.PromisedDueDate;
        var legal = due?.Legal ?? c.LegalDueDate;
        int? remaining = promised is { } p && IsOpen(c.Status) ? CaseClock.Remaining(calendar, p, today) : null;
        var result = c.Decision is { } decision
            ? new CaseResultDto(decision, c.DecisionDocumentNumber, c.DeliveryMethod, c.PickupCode, c.TrackingNumber, c.CompletedAt, c.DeliveredAt)
            : null;
        return new CaseDto(c.Number, c.ItemCode, c.ItemName, version, c.Status, c.Channel, MaskedApplicant(c), c.ServicePointCode, pointName, c.DepartmentCode, departmentName, c.WindowCode,
            c.SubmittedAt, c.AcceptedAt, promised, legal, remaining, c.CompletedAt, c.IsImmediate,
            [.. c.ReviewSteps.Select(s => s.ToString().ToLowerInvariant())], c.CurrentReviewStepKind?.ToString().ToLowerInvariant(),
            c.PreReviewDueDate, c.AcceptanceNumber, c.ClosingReason,
            c.ToleranceCommitDueDate is { } commit ? new ToleranceDto(c.ToleranceMissing, commit, c.ToleranceFulfilledAt) : null,
            due?.SuspendedWorkingDays ?? 0, due?.ExtensionWorkingDays ?? 0,
            [.. c.Steps.OrderBy(s => s.Sequence).Select(s => new CaseStepDto(s.Sequence, s.Name, s.Action, s.HandlerName, s.Opinion, s.OrganizationCode, s.StartedAt, s.EndedAt))],
            [.. c.Materials.OrderBy(m => m.Id).Select(m => new CaseMaterialDto(m.RequirementCode, m.Name, m.FileId, m.LibraryMaterialId, m.CertificateId, m.SubmittedAt, m.ReplacedAt, m.FromLibrary))],
            [.. c.CorrectionNotices.OrderBy(n => n.Sequence).Select(n => new CorrectionNoticeDto(n.Number, n.Sequence, n.IssuedAt, n.IssuedBy, n.SupplementedAt,
                [.. n.Items.OrderBy(i => i.Id).Select(i => new CorrectionItemDto(i.RequirementCode, i.MaterialName, i.Reason))]))],
            [.. c.ClockEvents.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new ClockEventDto(e.Kind, e.Date, e.At, e.WorkingDays, e.ProcedureType, e.Reason, e.ActorName))],
            notifications, justFiled ? [] : await Supervision.CaseSupervision.ForCaseAsync(db, c.Id, ct), result,
            mayHaveEvaluation ? await Evaluation.Evaluations.ForCaseAsync(db, c.Id, ct) : null)
        {
            ResultDelivery = await ChooseResultDelivery.ViewAsync(db, c, ct),
        };
    }

    /// <summary>A message as the staff view shows it: translated to SQL for saved messages, compiled for ones still tracked.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Notifications.OutboxMessage, NotificationDto>> NotificationProjection =
        m => new NotificationDto(m.Channel, m.Event, m.Text, m.Status, m.Attempts, m.CreatedAt, m.SentAt, m.CompletedAt,
            m.Status == Notifications.MessageStatus.Created || m.Status == Notifications.MessageStatus.TemporaryFailure ? m.NextAttemptAt : null, m.LastError);

    private static readonly Func<Notifications.OutboxMessage, NotificationDto> ToNotification = NotificationProjection.Compile();

    private static readonly CompiledPerModel<Func<TongbanDb, string, IAsyncEnumerable<NotificationDto>>> NotificationsOf = new(() =>
        EF.CompileAsyncQuery((TongbanDb db, string caseNumber) =>
            db.OutboxMessages.AsNoTracking().Where(m => m.CaseNumber == caseNumber).OrderBy(m => m.Id).Select(NotificationProjection)));
}
