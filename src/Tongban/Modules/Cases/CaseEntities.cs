using System.Text.Json.Serialization;

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
/// and the handling department are kept apart (受办分离). Dates of the clock are derived from
/// clock events and the calendar, never typed in.
/// </summary>
internal sealed class Case
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
    public required string ApplicantMobile { get; init; }
    /// <summary>For enterprises: the person acting for it (法定代表人/经办人).</summary>
    public string? ContactName { get; init; }

    /// <summary>收件点: where it was received.</summary>
    public required string ServicePointCode { get; init; }
    /// <summary>办理部门: who handles it.</summary>
    public required string DepartmentCode { get; init; }
    public string? WindowCode { get; init; }
    public string? KioskCode { get; init; }
    public int? SubmittedByStaffId { get; init; }

    /// <summary>Application form data as JSON (item-specific fields).</summary>
    public string FormJson { get; init; } = "{}";

    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateOnly? PromisedDueDate { get; set; }
    public DateOnly? LegalDueDate { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CaseStep> Steps { get; init; } = [];
    public List<CaseMaterial> Materials { get; init; } = [];

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
    public long? LibraryMaterialId { get; init; }
    public string? CertificateId { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
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
