using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Interaction;

/// <summary>Where a consultation or a complaint stands.</summary>
internal enum ConsultationStatus
{
    /// <summary>待答复.</summary>
    Open,
    /// <summary>已答复.</summary>
    Answered,
}

/// <summary>
/// 网上咨询: a question about an item or a department, from a logged-in citizen or from a mobile number proved by an SMS
/// code; answered by the department within <see cref="InteractionOptions.ConsultationWorkingDays"/> working days, and
/// published to the item's FAQ if the department chooses.
/// </summary>
internal sealed class Consultation : IHasBlindIndexes
{
    public long Id { get; init; }
    /// <summary>咨询编号, e.g. ZX261207K7M2QX.</summary>
    public required string Number { get; init; }
    public required string DepartmentCode { get; init; }
    public string? ItemCode { get; init; }
    public string? ItemName { get; init; }
    public required string Question { get; init; }
    /// <summary>Where the answer SMS goes; encrypted at rest. Null for a citizen whose account has none at hand (a kiosk card).</summary>
    public string? Mobile { get; init; }
    public string? MobileIndex { get; set; }
    public int? CitizenId { get; init; }
    public DateTimeOffset AskedAt { get; init; }
    /// <summary>答复期限: the last working day on which the answer is on time.</summary>
    public DateOnly DueDate { get; init; }
    public ConsultationStatus Status { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int? AnsweredByStaffId { get; set; }
    public string? AnsweredByName { get; set; }
    /// <summary>Shown in the public FAQ (of the item, or of the department when no item).</summary>
    public bool Published { get; set; }
    /// <summary>When <see cref="InteractionWatcher"/> looks at it next (null: nothing left to watch); indexed.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }
    /// <summary>How far the deadline warnings went: 0 none, 1 黄灯 (due today), 2 红灯 (overdue), 3 escalated to the supervisors.</summary>
    public int OverdueStage { get; set; }
    /// <summary>When the red reminder went out; escalation counts working hours from it.</summary>
    public DateTimeOffset? OverdueSince { get; set; }

    public void UpdateBlindIndexes(bool isNew) => MobileIndex = Mobile is null ? null : PersonalData.BlindIndex(Mobile);
}

/// <summary>投诉 · 建议 · 表扬.</summary>
internal enum ComplaintKind
{
    Complaint,
    Suggestion,
    Praise,
}

/// <summary>提交 → 交办 (a supervisor assigns a department) → 答复 (the department) → 办结 (the supervisor closes).</summary>
internal enum ComplaintStatus
{
    Submitted,
    Assigned,
    Replied,
    Closed,
}

/// <summary>
/// 投诉建议 · 办件反馈: from the portal, a kiosk or a case page. The supervisor assigns it to a department, which replies
/// within <see cref="InteractionOptions.ComplaintReplyWorkingDays"/> working days; the submitter is told by SMS and may say
/// whether the reply resolved it (logged in, or by the link in the SMS); the supervisor closes it.
/// </summary>
internal sealed class Complaint : IHasBlindIndexes
{
    public long Id { get; init; }
    /// <summary>投诉编号, e.g. TS261207K7M2QX.</summary>
    public required string Number { get; init; }
    public ComplaintKind Kind { get; init; }
    /// <summary>办件反馈: the case it is about.</summary>
    public string? CaseNumber { get; init; }
    /// <summary>The department it is about (the submitter's choice, the case's, or the supervisor's on assignment).</summary>
    public string? DepartmentCode { get; set; }
    public required string Text { get; init; }
    /// <summary>portal, kiosk or case.</summary>
    public required string Channel { get; init; }
    public string? Mobile { get; init; }
    public string? MobileIndex { get; set; }
    public int? CitizenId { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public ComplaintStatus Status { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public string? AssignedByName { get; set; }
    /// <summary>答复期限 from the assignment.</summary>
    public DateOnly? ReplyDueDate { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public int? RepliedByStaffId { get; set; }
    public string? RepliedByName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedByName { get; set; }
    /// <summary>The submitter's word on the reply: resolved or not; null until they say.</summary>
    public bool? Resolved { get; set; }
    public DateTimeOffset? ResolvedAnsweredAt { get; set; }
    /// <summary>Keyed hash of the token in the SMS link that lets the submitter answer without logging in.</summary>
    public string? FeedbackTokenHash { get; set; }
    /// <summary>When <see cref="InteractionWatcher"/> looks at it next (null: nothing left to watch); indexed.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }
    /// <summary>How far the deadline warnings went: 0 none, 1 黄灯 (due today), 2 红灯 (overdue), 3 escalated to the supervisors.</summary>
    public int OverdueStage { get; set; }
    /// <summary>When the red reminder went out; escalation counts working hours from it.</summary>
    public DateTimeOffset? OverdueSince { get; set; }

    public void UpdateBlindIndexes(bool isNew) => MobileIndex = Mobile is null ? null : PersonalData.BlindIndex(Mobile);
}
