namespace Tongban.Modules.Supervision;

/// <summary>监察预警类型 (GB/T 39046 table 11): 黄灯预警, 红灯超期, 严重超期 (past the legal limit).</summary>
internal enum AlertLevel
{
    Yellow,
    Red,
    Critical,
}

/// <summary>
/// 电子监察记录 (GB/T 39046 table 11): one rule firing on one case. Raised once per case, rule and
/// subject (the deadline it is about; unique index), resolved when the condition ends or a directive
/// is answered. Red and critical alerts escalate after the escalation window in working hours:
/// first to the department's approver (the handler's supervisor), then to the center's supervisor.
/// </summary>
internal sealed class SupervisionAlert
{
    public long Id { get; init; }
    /// <summary>监察编号, e.g. JC350505-2026-000123-SV02.</summary>
    public required string Number { get; init; }
    public long CaseId { get; init; }
    public required string CaseNumber { get; init; }
    /// <summary>监察规则编号 (<see cref="SupervisionRules"/>).</summary>
    public required string RuleCode { get; init; }
    /// <summary>What the alert is about, e.g. the due date "2026-09-30": the same rule fires again only for another subject (after an extension).</summary>
    public required string Subject { get; init; }
    public AlertLevel Level { get; init; }
    /// <summary>责任部门: the handling department (scoping like the case list uses it and the service point).</summary>
    public required string DepartmentCode { get; init; }
    public required string ServicePointCode { get; init; }
    /// <summary>被督办对象: the handler's name, or the queue ("部门审核岗") when nobody has the case yet.</summary>
    public required string IssuedTo { get; init; }
    public int? IssuedToStaffId { get; init; }
    public required string Message { get; init; }
    /// <summary>状态产生时间.</summary>
    public DateTimeOffset RaisedAt { get; init; }
    /// <summary>When the last reminder went out (the raise itself, then the morning of the last working day).</summary>
    public DateTimeOffset? RemindedAt { get; set; }
    public int Reminders { get; set; }
    /// <summary>0 none, 1 the department's approver, 2 the center's supervisor.</summary>
    public int EscalationLevel { get; set; }
    /// <summary>First escalation (API.md escalatedAt).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>监察结果描述.</summary>
    public string? Result { get; set; }
    /// <summary>
    /// The last time anything a handler sees changed (raised, reminded, escalated, resolved, a directive sent or
    /// answered), and what (<see cref="AlertChanges"/>): the live feed asks "what changed since" by this (indexed).
    /// </summary>
    public DateTimeOffset ChangedAt { get; set; }
    public string LastChange { get; set; } = AlertChanges.Raised;
    public List<AlertEscalation> Escalations { get; init; } = [];
    public List<SupervisionDirective> Directives { get; init; } = [];
}

/// <summary>Values of <see cref="SupervisionAlert.LastChange"/>.</summary>
internal static class AlertChanges
{
    public const string Raised = "raised";
    public const string Reminded = "reminded";
    public const string Escalated = "escalated";
    public const string Resolved = "resolved";
    public const string Directive = "directive";
    public const string Answered = "answered";

    public static void Mark(SupervisionAlert alert, string change, DateTimeOffset at)
    {
        alert.LastChange = change;
        // Never backwards (callers pass the moment of the change, not the moment it is dated to).
        if (at > alert.ChangedAt) alert.ChangedAt = at;
    }
}

/// <summary>One step up the ladder, with its time and to whom.</summary>
internal sealed class AlertEscalation
{
    public long Id { get; init; }
    public long AlertId { get; init; }
    public int Level { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>approver (the department's) or supervisor (the center's).</summary>
    public required string ToRole { get; init; }
    public required string ToNames { get; init; }
}

/// <summary>督办: a supervisor's instruction on an alert, with a deadline; the handler answers it.</summary>
internal sealed class SupervisionDirective
{
    public long Id { get; init; }
    public long AlertId { get; init; }
    public required string CaseNumber { get; init; }
    /// <summary>督办内容.</summary>
    public required string Text { get; init; }
    /// <summary>督办发出时间.</summary>
    public DateTimeOffset SentAt { get; init; }
    public int SentByStaffId { get; init; }
    public required string SentByName { get; init; }
    /// <summary>被督办机构.</summary>
    public required string ToDepartmentCode { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredByName { get; set; }
    public int? AnsweredByStaffId { get; set; }
}
