using Tongban.Infrastructure.Security;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Identity;
using Tongban.Modules.Notifications;

namespace Tongban.Modules.Supervision;

/// <summary>One case's check within a batch: raise, resolve, remind, escalate, and when to look again.</summary>
internal sealed class CaseCheck(TongbanDb db, BusinessCalendar calendar, SupervisionOptions o, DateTimeOffset now, bool backfill, StaffDirectory staff)
{
    public const string SmsPrefix = CaseMessages.Signature + "电子监察：";
    private readonly WorkingHours _hours = o.Hours;
    private readonly DateOnly _today = ChinaTime.DateOf(now);
    private readonly bool _working = o.Hours.IsWorkingMoment(calendar, now);

    public int Raised { get; private set; }
    public int Resolved { get; private set; }
    public int Reminded { get; private set; }
    public int Escalated { get; private set; }

    /// <summary>Alerts raised, reminded, escalated or resolved in this batch (for the live feeds).</summary>
    public List<SupervisionAlert> Changed { get; } = [];

    private List<SupervisionAlert> _alerts = [];

    private void Mark(SupervisionAlert alert, string change)
    {
        AlertChanges.Mark(alert, change, now);
        Changed.Add(alert);
    }

    /// <summary>Holds now: on its day, and past its instant for rules that start at one (a directive's deadline).</summary>
    private bool HoldsNow(RuleHit hit) => SupervisionRules.Holds(hit, _today) && (hit.FromAt is null || now >= hit.FromAt);

    public async Task<DateTimeOffset?> CheckAsync(Case c, List<SupervisionAlert> alerts, bool smsFailed, CancellationToken ct, CaseFacts? facts = null)
    {
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset t) { if (next is null || t < next) next = t; }
        var hits = SupervisionRules.Evaluate(c, smsFailed, calendar, o, _today, facts);
        _alerts = alerts;

        foreach (var alert in alerts.Where(a => a.ResolvedAt is null))
        {
            var hit = hits.FirstOrDefault(h => h.RuleCode == alert.RuleCode && h.Subject == alert.Subject);
            if (hit is not null && HoldsNow(hit)) continue;
            // Resolving bothers nobody: at any hour.
            alert.ResolvedAt = now;
            alert.Result = ResultFor(c, alert);
            Mark(alert, AlertChanges.Resolved);
            Resolved++;
        }

        foreach (var hit in hits)
        {
            // Never twice: once raised for this subject (even if resolved since, e.g. by an answered directive), done.
            if (alerts.Any(a => a.RuleCode == hit.RuleCode && a.Subject == hit.Subject)) continue;
            if (!HoldsNow(hit))
            {
                if (hit.FromAt is { } fromAt && now < fromAt) Consider(_hours.NextWorkingMoment(calendar, fromAt));
                else if (_today < hit.From) Consider(_hours.StartOfWorkingDay(calendar, hit.From));
                continue;
            }
            DateTimeOffset raiseAt;
            if (backfill)
            {
                raiseAt = hit.FromAt is { } fromAt ? _hours.NextWorkingMoment(calendar, fromAt) : _hours.StartOfWorkingDay(calendar, hit.From);
                if (raiseAt > now) { Consider(raiseAt); continue; }
            }
            else
            {
                if (!_working) { Consider(_hours.NextWorkingMoment(calendar, now)); continue; }
                raiseAt = now;
            }
            var (issuedTo, staffId, recipients) = hit.ParentAlertId is { } parentId && alerts.FirstOrDefault(a => a.Id == parentId) is { } parent
                ? await AddresseeOfAsync(c, parent, ct)
                : await AddresseeAsync(c, hit.Owner, ct);
            var alert = new SupervisionAlert
            {
                Number = $"JC{c.Number}-{hit.RuleCode}-{hit.Subject.Replace("-", "", StringComparison.Ordinal)}",
                CaseId = c.Id, CaseNumber = c.Number, RuleCode = hit.RuleCode, Subject = hit.Subject, Level = hit.Level,
                DepartmentCode = c.DepartmentCode, ServicePointCode = c.ServicePointCode,
                IssuedTo = issuedTo, IssuedToStaffId = staffId, Message = hit.Message, RaisedAt = raiseAt,
            };
            db.SupervisionAlerts.Add(alert);
            alerts.Add(alert);
            Mark(alert, AlertChanges.Raised);
            Raised++;
            if (!backfill)
            {
                alert.RemindedAt = now;
                alert.Reminders = 1;
                QueueSms(recipients, hit.RuleCode == SupervisionRules.DirectiveOverdue ? $"督办逾期，{hit.Message}"
                    : $"{(hit.Level == AlertLevel.Yellow ? "黄灯预警" : hit.Level == AlertLevel.Red ? "红灯超期" : "严重超期")}，{hit.Message}");
            }
        }

        foreach (var alert in alerts.Where(a => a.ResolvedAt is null))
        {
            await RemindAsync(c, alert, Consider, ct);
            await EscalateAsync(c, alert, Consider, ct);
        }
        return next;
    }

    /// <summary>A yellow alert reminds once more on the morning of the last working day (the due date).</summary>
    private async Task RemindAsync(Case c, SupervisionAlert alert, Action<DateTimeOffset> consider, CancellationToken ct)
    {
        if (backfill || alert.RuleCode != SupervisionRules.DueSoon || alert.Reminders >= 2) return;
        var lastDay = _hours.StartOfWorkingDay(calendar, DateOnly.Parse(alert.Subject, System.Globalization.CultureInfo.InvariantCulture));
        if (lastDay <= alert.RaisedAt) return;
        if (now < lastDay) { consider(lastDay); return; }
        if (!_working) { consider(_hours.NextWorkingMoment(calendar, now)); return; }
        var (_, _, recipients) = await AddresseeAsync(c, RuleOwner.Department, ct);
        alert.RemindedAt = now;
        alert.Reminders++;
        Mark(alert, AlertChanges.Reminded);
        Reminded++;
        QueueSms(recipients, $"今日到期，{alert.Message}");
    }

    /// <summary>Red and critical alerts climb: the department's approver, then the center's supervisor (point rules: the supervisor at once).</summary>
    private async Task EscalateAsync(Case c, SupervisionAlert alert, Action<DateTimeOffset> consider, CancellationToken ct)
    {
        if (alert.Level == AlertLevel.Yellow) return;
        if (alert.RuleCode == SupervisionRules.DirectiveOverdue)
        {
            await EscalateToSenderAsync(alert, consider, ct);
            return;
        }
        var owner = SupervisionRules.OwnerOf(alert.RuleCode);
        var top = owner == RuleOwner.Department ? 2 : 1;
        while (alert.EscalationLevel < top)
        {
            var last = alert.Escalations.Count == 0 ? alert.RaisedAt : alert.Escalations.Max(e => e.At);
            var due = _hours.AddWorkingTime(calendar, last, o.EscalationAfter);
            if (due > now) { consider(due); return; }
            if (!backfill && !_working) { consider(_hours.NextWorkingMoment(calendar, now)); return; }
            var at = backfill ? due : now;
            var toSupervisor = owner == RuleOwner.ServicePoint || alert.EscalationLevel == 1;
            var people = toSupervisor ? await staff.SupervisorsAsync(ct)
                : [.. (await staff.DepartmentAsync(c.DepartmentCode, ct)).Where(p => p.Roles.Contains(StaffRoles.Approver))];
            alert.EscalationLevel++;
            alert.EscalatedAt ??= at;
            alert.Escalations.Add(new AlertEscalation
            {
                Level = alert.EscalationLevel, At = at, ToRole = toSupervisor ? "supervisor" : "approver",
                ToNames = people.Count == 0 ? (toSupervisor ? "监察岗（未配置人员）" : "部门审批岗（未配置人员）") : string.Join("、", people.Select(p => p.Name)),
            });
            Mark(alert, AlertChanges.Escalated);
            Escalated++;
            if (!backfill)
                QueueSms(people, $"督办提醒：{alert.Message}经办人员（{alert.IssuedTo}）提醒后{o.EscalationAfter.TotalHours:0.#}个工作小时仍未处理，请督促办理。");
        }
    }

    /// <summary>
    /// SV11 climbs one step: the handler was reminded when it was raised; <see cref="SupervisionOptions.DirectiveOverdueEscalateAfter"/>
    /// office time later, still unanswered, the supervisor who sent the directive is told. That is the top.
    /// </summary>
    private async Task EscalateToSenderAsync(SupervisionAlert alert, Action<DateTimeOffset> consider, CancellationToken ct)
    {
        if (alert.EscalationLevel >= 1) return;
        var due = _hours.AddWorkingTime(calendar, alert.RaisedAt, o.DirectiveOverdueEscalateAfter);
        if (due > now) { consider(due); return; }
        if (!backfill && !_working) { consider(_hours.NextWorkingMoment(calendar, now)); return; }
        var at = backfill ? due : now;
        var directive = _alerts.SelectMany(a => a.Directives).FirstOrDefault(d => SupervisionRules.DirectiveSubject(d.Id) == alert.Subject);
        var people = directive is null ? [] : await staff.ByIdAsync(directive.SentByStaffId, ct);
        alert.EscalationLevel = 1;
        alert.EscalatedAt ??= at;
        alert.Escalations.Add(new AlertEscalation
        {
            Level = 1, At = at, ToRole = "sender",
            ToNames = people.Count == 0 ? directive?.SentByName ?? "督办人" : string.Join("、", people.Select(p => p.Name)),
        });
        Mark(alert, AlertChanges.Escalated);
        Escalated++;
        if (!backfill)
            QueueSms(people, $"督办逾期：{alert.Message}经办人员（{alert.IssuedTo}）提醒后{o.DirectiveOverdueEscalateAfter.TotalHours:0.#}个工作小时仍未回复。");
    }

    /// <summary>SV11 goes to whoever the directive's alert was issued to: that person, else the same queue.</summary>
    private async Task<(string IssuedTo, int? StaffId, List<StaffDirectory.Person> Recipients)> AddresseeOfAsync(Case c, SupervisionAlert parent, CancellationToken ct)
    {
        if (parent.IssuedToStaffId is { } id && await staff.ByIdAsync(id, ct) is [var person]) return (person.Name, person.Id, [person]);
        return await AddresseeAsync(c, SupervisionRules.OwnerOf(parent.RuleCode), ct);
    }

    /// <summary>The department's queue for the step now due (names of who holds that role), or the clerk who handled it at the window.</summary>
    private async Task<(string IssuedTo, int? StaffId, List<StaffDirectory.Person> Recipients)> AddresseeAsync(Case c, RuleOwner owner, CancellationToken ct)
    {
        if (owner == RuleOwner.ServicePoint)
        {
            var clerks = (await staff.PointAsync(c.ServicePointCode, ct)).Where(p => p.Roles.Contains(StaffRoles.Clerk)).ToList();
            var handled = c.Steps.Where(s => s.OrganizationCode == c.ServicePointCode && s.HandlerStaffId is not null).MaxBy(s => s.Sequence);
            var handler = handled is null ? null : clerks.FirstOrDefault(p => p.Id == handled.HandlerStaffId);
            if (handler is not null) return (handler.Name, handler.Id, [handler]);
            return Queue(clerks, "窗口收件岗");
        }
        var role = c.AwaitingRole == QueueRoles.Approver ? StaffRoles.Approver : StaffRoles.Reviewer;
        var people = (await staff.DepartmentAsync(c.DepartmentCode, ct)).Where(p => p.Roles.Contains(role)).ToList();
        return Queue(people, role == StaffRoles.Approver ? "部门审批岗" : "部门审核岗");
    }

    private static (string, int?, List<StaffDirectory.Person>) Queue(List<StaffDirectory.Person> people, string queue) => people.Count switch
    {
        0 => (queue, null, people),
        1 => (people[0].Name, people[0].Id, people),
        _ => ($"{queue}（{string.Join("、", people.Take(3).Select(p => p.Name))}{(people.Count > 3 ? "等" : "")}）", null, people),
    };

    private void QueueSms(IEnumerable<StaffDirectory.Person> people, string text)
    {
        if (!o.SendSms) return;
        foreach (var p in people.Where(p => !string.IsNullOrEmpty(p.Mobile)))
            StaffMessages.Queue(db, p.Mobile!, "supervision.alert", SmsPrefix + text, now);
    }

    private string ResultFor(Case c, SupervisionAlert alert)
    {
        if (!CaseView.IsOpen(c.Status)) return $"办件{CaseTransitions.StatusName(c.Status)}";
        if (c.Status == CaseStatus.Suspended) return "进入特别程序，暂停计时";
        return alert.RuleCode switch
        {
            SupervisionRules.DueSoon when c.PromisedDueDate is { } p && p.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) == alert.Subject && _today > p => "已超过承诺时限，转红灯超期",
            SupervisionRules.DueSoon or SupervisionRules.Overdue or SupervisionRules.LegalOverdue => "办理时限已调整",
            SupervisionRules.PreReviewLate => "已预审",
            SupervisionRules.CorrectionOverdue => "申请人已补正",
            SupervisionRules.ToleranceOverdue => "容缺材料已补齐",
            SupervisionRules.DirectiveOverdue => "督办已回复",
            _ => "预警条件已消除",
        };
    }
}
