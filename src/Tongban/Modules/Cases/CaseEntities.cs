using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

/// <summary>办件状态 (DESIGN §2). The allowed transitions live in the case process issue's state machine.</summary>
internal enum CaseStatus
{
    Submitted,
    PreReviewing,
    CorrectionRequested,
    Accepted,
    NotAccepted,
    InReview,
    Suspended,
    Approved,
    Rejected,
    Completed,
    Delivered,
    Withdrawn,
    Terminated,
}

internal enum ApplicationChannel
{
    Window,
    Online,
    Mobile,
    Kiosk,
}

internal enum ApplicantKind
{
    Person,
    Enterprise,
}

/// <summary>
/// 办件: one application of one item version by one applicant. The receiving service point
/// and the handling department are kept apart (受办分离). Due dates are derived from clock
/// events and the calendar (<see cref="CaseClock"/>), never typed in. State changes are the
/// methods in CaseProcess.cs, each guarded by the transition map in CaseTransitions.cs.
/// </summary>
internal sealed partial class Case : IHasBlindIndexes
{
    public long Id { get; init; }
    /// <summary>Readable number, unique per region and year, e.g. 350505-2026-000123.</summary>
    public required string Number { get; init; }
    public required string RegionCode { get; init; }
    public int ItemVersionId { get; init; }
    public required string ItemCode { get; init; }
    public required string ItemName { get; init; }
    public CaseStatus Status { get; set; } = CaseStatus.Submitted;
    public ApplicationChannel Channel { get; init; }

    public ApplicantKind ApplicantKind { get; init; }
    public required string ApplicantName { get; init; }
    /// <summary>Resident ID number (person) or unified social credit code (enterprise).</summary>
    public required string ApplicantIdNumber { get; init; }
    /// <summary>Blind index of <see cref="ApplicantIdNumber"/> (encrypted at rest): how a person's cases are found.</summary>
    public string ApplicantIdIndex { get; set; } = "";

    /// <summary>Intake sets the index already (the library needs the owner before the save); other new cases get it here.</summary>
    public void UpdateBlindIndexes(bool isNew)
    {
        if (isNew && ApplicantIdIndex.Length == 0) ApplicantIdIndex = PersonalData.BlindIndex(ApplicantIdNumber);
    }
    public required string ApplicantMobile { get; init; }
    /// <summary>For enterprises: the person acting for it (法定代表人/经办人).</summary>
    public string? ContactName { get; init; }

    /// <summary>收件点: where it was received; results return here for pickup.</summary>
    public required string ServicePointCode { get; init; }
    /// <summary>办理部门: who handles it.</summary>
    public required string DepartmentCode { get; init; }
    public string? WindowCode { get; init; }
    public string? KioskCode { get; init; }
    public int? SubmittedByStaffId { get; init; }
    /// <summary>The citizen account that applied online — the applicant themself, or an agent (代理人) acting for them.</summary>
    public int? SubmittedByCitizenId { get; init; }

    /// <summary>Application form data as JSON (item-specific fields).</summary>
    public string FormJson { get; init; } = "{}";

    /// <summary>Process template copied from the item version at submission: the review steps (审核, 审批) between 受理 and 办结.</summary>
    public List<ProcessStep> ReviewSteps { get; set; } = [];
    /// <summary>Index into <see cref="ReviewSteps"/> of the step now being worked on.</summary>
    public int CurrentReviewStep { get; set; }
    public bool IsImmediate { get; set; }
    /// <summary>Limits of the item version, in working days, fixed at submission.</summary>
    public int PromisedLimitDays { get; set; }
    public int LegalLimitDays { get; set; }
    /// <summary>Units of the two limits (工作日 or 自然日); most are working days (行政许可法 §82).</summary>
    public LimitUnit PromisedLimitUnit { get; set; }
    public LimitUnit LegalLimitUnit { get; set; }
    /// <summary>
    /// 证照类型代码 of the e-certificate (电子证照) the item version issues when the case is approved and completed, fixed
    /// at filing like the limits; null when the result is no certificate. Statistics count 电子证照生成 from it.
    /// </summary>
    public string? CertificateTypeCode { get; set; }

    public DateTimeOffset SubmittedAt { get; init; }
    /// <summary>行政许可法 §32: pre-review (or the correction notice) is due within 5 working days of receipt.</summary>
    public DateOnly? PreReviewDueDate { get; set; }
    public DateTimeOffset? PreReviewedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }
    /// <summary>受理通知书 number.</summary>
    public string? AcceptanceNumber { get; set; }
    /// <summary>不予受理 / 终止 / 撤回 reason.</summary>
    public string? ClosingReason { get; set; }

    /// <summary>容缺受理: tolerable materials still owed, and the date they are promised by.</summary>
    public List<string> ToleranceMissing { get; set; } = [];
    public DateOnly? ToleranceCommitDueDate { get; set; }
    public DateTimeOffset? ToleranceFulfilledAt { get; set; }

    public DateOnly? PromisedDueDate { get; set; }
    public DateOnly? LegalDueDate { get; set; }
    /// <summary>Status to return to when a suspension (特别程序) ends.</summary>
    public CaseStatus? StatusBeforeSuspension { get; set; }

    /// <summary>approve (准予) or reject (不予), fixed at completion.</summary>
    public string? Decision { get; set; }
    /// <summary>准予/不予 decision document number.</summary>
    public string? DecisionDocumentNumber { get; set; }
    /// <summary>
    /// 结果领取方式 the applicant chose at submission (多点受理、受办分离、线下邮寄): pickup or express; null for cases
    /// filed before the choice existed. The clerk completes with it unless told otherwise (<see cref="DeliveryMethod"/>).
    /// </summary>
    public string? RequestedDeliveryMethod { get; set; }
    /// <summary>Where the applicant collects a pickup result: any service point, not only the receiving one.</summary>
    public string? PickupPointCode { get; set; }
    /// <summary>Express only: where to send the result, to whom. Personal data: address and mobile are encrypted at rest.</summary>
    public string? DeliveryAddress { get; set; }
    public string? RecipientName { get; set; }
    public string? RecipientMobile { get; set; }
    public string? DeliveryMethod { get; set; }
    public string? PickupCode { get; set; }
    public string? TrackingNumber { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CaseStep> Steps { get; init; } = [];
    public List<CaseMaterial> Materials { get; init; } = [];
    public List<CaseClockEvent> ClockEvents { get; init; } = [];
    public List<CorrectionNotice> CorrectionNotices { get; init; } = [];

    /// <summary>Whose queue the case is in now (clerk, applicant, reviewer, approver, handler), null when closed. Kept for indexed 待办 queries.</summary>
    public string? AwaitingRole { get; set; }

    /// <summary>
    /// When the supervision watcher (电子监察) next looks at the case: set to "now" on every case change (by
    /// supervision's <c>ScheduleSupervisionCheck</c> handler), pushed forward by the watcher
    /// to the next moment a rule can fire, null when nothing more can happen. Indexed: a watcher tick reads
    /// only what is due, however many cases are open.
    /// </summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>Optimistic concurrency: two clerks acting at once must not both win.</summary>
    public int Revision { get; set; }
}

/// <summary>环节 record: name, action (通过/退回/其他), handler, opinion, times, organization.</summary>
internal sealed class CaseStep
{
    public long Id { get; init; }
    public long CaseId { get; init; }
    public int Sequence { get; init; }
    public required string Name { get; init; }
    /// <summary>pass / return / other (GB/T 39046 办理动作: 通过/退回/其他).</summary>
    public required string Action { get; init; }
    public required string HandlerName { get; init; }
    public int? HandlerStaffId { get; init; }
    public string? Opinion { get; init; }
    public required string OrganizationCode { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>A material handed in for one requirement: an upload, a library item or a certificate.</summary>
internal sealed class CaseMaterial
{
    public long Id { get; init; }
    public long CaseId { get; init; }
    public required string RequirementCode { get; init; }
    public required string Name { get; init; }
    public Guid? FileId { get; init; }
    /// <summary>The library record this material is (reused) or became (kept on submission): linked, never copied.</summary>
    public long? LibraryMaterialId { get; set; }
    public Materials.LibraryMaterial? LibraryMaterial { get; set; }
    /// <summary>Reused from the applicant's library (an upload saved), rather than brought with this case.</summary>
    public bool FromLibrary { get; init; }
    public string? CertificateId { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    /// <summary>The correction notice (its sequence) this material answered, when it was supplied after one.</summary>
    public int? AnswersNotice { get; init; }
    /// <summary>Set when a newer submission for the same requirement replaces this one (after a correction notice).</summary>
    public DateTimeOffset? ReplacedAt { get; set; }
}

internal enum ClockEventKind
{
    Started,
    Suspended,
    Resumed,
    Extended,
}

/// <summary>计时事件: what moves the clock. Due dates are recomputed from these and the calendar.</summary>
internal sealed class CaseClockEvent
{
    public long Id { get; init; }
    public long CaseId { get; init; }
    public ClockEventKind Kind { get; init; }
    /// <summary>The Beijing business date the event counts from.</summary>
    public DateOnly Date { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>Extension length in working days.</summary>
    public int? WorkingDays { get; init; }
    /// <summary>Special-procedure type for suspensions (听证, 检验, 检测, 检疫, 鉴定, 专家评审 …).</summary>
    public string? ProcedureType { get; init; }
    public string? Reason { get; init; }
    public required string ActorName { get; init; }
}

/// <summary>一次性告知: every deficient material with its reason, in one notice.</summary>
internal sealed class CorrectionNotice
{
    public long Id { get; init; }
    public long CaseId { get; init; }
    public required string Number { get; init; }
    public int Sequence { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public required string IssuedBy { get; init; }
    public DateTimeOffset? SupplementedAt { get; set; }
    public List<CorrectionItem> Items { get; init; } = [];
}

internal sealed class CorrectionItem
{
    public long Id { get; init; }
    public long CorrectionNoticeId { get; init; }
    public required string RequirementCode { get; init; }
    public required string MaterialName { get; init; }
    public required string Reason { get; init; }
}

/// <summary>Case numbers are handed out in blocks per region and year (see ADR 0002).</summary>
internal sealed class CaseNumberBlock
{
    public required string RegionCode { get; init; }
    public int Year { get; init; }
    /// <summary>The highest number already handed to some node.</summary>
    public long LastAllocated { get; set; }
}

/// <summary>Remembers an Idempotency-Key so a repeated submit returns the first case.</summary>
internal sealed class IdempotencyRecord
{
    public long Id { get; init; }
    /// <summary>Who sent it ("staff:12", "citizen:…", "kiosk:…"): keys are per caller.</summary>
    public required string Caller { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request body: the same key with another body is an error.</summary>
    public required string RequestHash { get; init; }
    public required string CaseNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
