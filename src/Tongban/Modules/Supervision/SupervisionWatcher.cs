using Tongban.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Identity;
using Tongban.Modules.Notifications;

namespace Tongban.Modules.Supervision;

/// <summary>What one tick did (logs, tests, the benchmark).</summary>
internal sealed record WatcherTick(int Checked, int Raised, int Resolved, int Reminded, int Escalated);

/// <summary>
/// 电子监察 watcher. Each open case carries <see cref="Case.NextCheckAt"/> (indexed); a tick reads only the
/// cases that are due, a batch at a time, so it costs the same with 10 k or 1 M cases open. Due cases are
/// claimed so that several nodes never check one case at once: FOR UPDATE SKIP LOCKED on PostgreSQL (the
/// batch is checked inside that transaction), a lease on SQLite (a conditional UPDATE pushes next_check_at
/// ahead; a node that dies mid-check leaves the case due again when the lease ends). For each case the rules
/// are evaluated; an alert is raised at most once per case, rule and subject (unique index), resolved when
/// its condition ends; reminders and escalations happen only in office hours (<see cref="WorkingHours"/>),
/// and the case's next check is set to the next moment anything can change.
/// </summary>
internal sealed class SupervisionWatcher(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock,
    IOptions<SupervisionOptions> options, Demo.DemoHistoryLoader demoHistory, SupervisionSignal signal, ILogger<SupervisionWatcher> logger) : BackgroundService
{
    private readonly SupervisionOptions _o = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_o.WatchInBackground) return;
        // The demo history is backfilled once written (DemoData.WriteHistoryAsync); a live tick at night while it is
        // being written would defer its cases to the morning and leave the backfill nothing to date.
        try
        {
            await demoHistory.Completion.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged by the loader; supervision runs on whatever was written.
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(backfill: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Supervision tick failed; retrying");
            }
            try
            {
                await Task.Delay(_o.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Checks every due case. <paramref name="backfill"/> (the demo history, once after it is written) dates
    /// alerts and escalations at the moments they would have fired and sends no SMS: history is not news.
    /// </summary>
    public async Task<WatcherTick> TickAsync(bool backfill = false, CancellationToken ct = default)
    {
        var total = new WatcherTick(0, 0, 0, 0, 0);
        // Bounded: cases made due while the tick runs wait for the next one.
        for (var round = 0; round < 10_000; round++)
        {
            var (claimed, tick) = await BatchAsync(backfill, ct);
            total = new(total.Checked + tick.Checked, total.Raised + tick.Raised, total.Resolved + tick.Resolved, total.Reminded + tick.Reminded, total.Escalated + tick.Escalated);
            if (claimed < _o.BatchSize) break;
        }
        if (total.Raised + total.Resolved + total.Escalated > 0)
            logger.LogInformation("Supervision: {Checked} cases checked, {Raised} alerts raised, {Resolved} resolved, {Reminded} reminders, {Escalated} escalations",
                total.Checked, total.Raised, total.Resolved, total.Reminded, total.Escalated);
        return total;
    }

    private async Task<(int Claimed, WatcherTick Tick)> BatchAsync(bool backfill, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        var batch = _o.BatchSize;
        List<long> ids;
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx;
        if (db is PostgresTongbanDb)
        {
            tx = await db.Database.BeginTransactionAsync(ct);
            ids = await db.Database.SqlQuery<long>(
                $"SELECT id AS \"Value\" FROM cases WHERE next_check_at <= {now} ORDER BY next_check_at LIMIT {batch} FOR UPDATE SKIP LOCKED").ToListAsync(ct);
        }
        else
        {
            var due = await db.Cases.Where(c => c.NextCheckAt <= now).OrderBy(c => c.NextCheckAt).Take(batch)
                .Select(c => new { c.Id, c.NextCheckAt }).ToListAsync(ct);
            ids = new List<long>(due.Count);
            var leaseEnd = now + _o.Lease;
            foreach (var d in due)
            {
                var won = await db.Cases.Where(c => c.Id == d.Id && c.NextCheckAt == d.NextCheckAt)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, leaseEnd), ct);
                if (won == 1) ids.Add(d.Id);
            }
            tx = await db.Database.BeginTransactionAsync(ct);
        }
        await using (tx)
        {
            if (ids.Count == 0) return (0, new WatcherTick(0, 0, 0, 0, 0));
            var cases = await db.Cases.AsNoTracking().AsSplitQuery().Include(c => c.Steps).Include(c => c.CorrectionNotices).Include(c => c.Materials)
                .Where(c => ids.Contains(c.Id)).ToListAsync(ct);
            var alerts = (await db.SupervisionAlerts.AsSplitQuery().Include(a => a.Escalations).Include(a => a.Directives).Where(a => ids.Contains(a.CaseId)).ToListAsync(ct))
                .ToLookup(a => a.CaseId);
            // SV08 needs the requirements of the item versions of accepted cases: one read per batch (versions are shared by many cases).
            var versions = cases.Where(c => c.AcceptedAt is not null).Select(c => c.ItemVersionId).Distinct().ToList();
            var requirements = (await db.MaterialRequirements.AsNoTracking().Where(m => versions.Contains(m.ItemVersionId)).ToListAsync(ct))
                .ToLookup(m => m.ItemVersionId);
            var numbers = cases.Select(c => c.Number).ToList();
            var smsFailed = (await db.OutboxMessages.Where(m => m.CaseNumber != null && numbers.Contains(m.CaseNumber) && m.Status == MessageStatus.PermanentFailure)
                .Select(m => m.CaseNumber!).Distinct().ToListAsync(ct)).ToHashSet();
            var run = new CaseCheck(db, calendar, _o, now, backfill, new StaffDirectory(db));
            foreach (var c in cases)
            {
                var caseAlerts = alerts[c.Id].ToList();
                var facts = new CaseFacts([.. requirements[c.ItemVersionId]], [.. caseAlerts.SelectMany(a => a.Directives).Where(d => d.AnsweredAt is null)]);
                var next = await run.CheckAsync(c, caseAlerts, smsFailed.Contains(c.Number), ct, facts);
                // A step taken meanwhile (SQLite: after the claim) bumped the revision and asked for a check at once: keep that.
                await db.Cases.Where(x => x.Id == c.Id && x.Revision == c.Revision)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextCheckAt, next), ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            // Live feeds on this node look at what changed (other nodes find out by polling: SupervisionLive).
            signal.Publish(run.Changed);
            return (ids.Count, new WatcherTick(cases.Count, run.Raised, run.Resolved, run.Reminded, run.Escalated));
        }
    }
}

/// <summary>Staff to address, looked up once per batch (departments and points have few staff).</summary>
internal sealed class StaffDirectory(TongbanDb db)
{
    internal sealed record Person(int Id, string Name, IReadOnlyList<string> Roles, string? Mobile);

    private readonly Dictionary<string, List<Person>> _cache = new(StringComparer.Ordinal);

    public async Task<List<Person>> DepartmentAsync(string code, CancellationToken ct) =>
        await LoadAsync("d:" + code, db.StaffUsers.Where(u => u.IsActive && u.DepartmentCode == code), ct);

    public async Task<List<Person>> PointAsync(string code, CancellationToken ct) =>
        await LoadAsync("p:" + code, db.StaffUsers.Where(u => u.IsActive && u.ServicePointCode == code), ct);

    public async Task<List<Person>> ByIdAsync(int id, CancellationToken ct) =>
        await LoadAsync("u:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), db.StaffUsers.Where(u => u.IsActive && u.Id == id), ct);

    /// <summary>Center-wide staff (no department, no point) with the Supervisor role: 监察.</summary>
    public async Task<List<Person>> SupervisorsAsync(CancellationToken ct) =>
        [.. (await LoadAsync("center", db.StaffUsers.Where(u => u.IsActive && u.DepartmentCode == null && u.ServicePointCode == null), ct)).Where(p => p.Roles.Contains(StaffRoles.Supervisor))];

    private async Task<List<Person>> LoadAsync(string key, IQueryable<StaffUser> query, CancellationToken ct)
    {
        if (_cache.TryGetValue(key, out var found)) return found;
        var people = await query.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.Roles, u.Mobile }).ToListAsync(ct);
        return _cache[key] = [.. people.Select(p => new Person(p.Id, p.Name, p.Roles, p.Mobile))];
    }
}

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
            // No case number on the row: the case's own notifications list is what the applicant was sent.
            db.OutboxMessages.Add(new OutboxMessage { Recipient = p.Mobile!, Event = "supervision.alert", Text = SmsPrefix + text, CreatedAt = now, NextAttemptAt = now });
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
