using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;
using Tongban.Modules.Notifications;
using Tongban.Modules.Supervision;

namespace Tongban.Modules.Interaction;

/// <summary>
/// 限时答复 of questions and complaints, warned like a case's deadline: on the last working day a 黄灯 SMS to the
/// department's staff, after it a 红灯 SMS, and when still unanswered <see cref="SupervisionOptions.EscalationAfter"/>
/// working hours later an SMS to the center's supervisors. Reads only due rows (<c>next_check_at</c>, indexed, claimed
/// so several nodes never text twice); texts go out in office hours only, queued with the change that records them.
/// </summary>
internal sealed class InteractionWatcher(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock, IOptions<SupervisionOptions> options,
    BulkWrites bulkWrites, ILogger<InteractionWatcher> logger) : PollingWorker
{
    public const string SmsEvent = "supervision.alert";

    private readonly SupervisionOptions _o = options.Value;

    private readonly DueRowClaimer<Consultation> _consultations = new()
    {
        DueAt = nameof(Consultation.NextCheckAt), BatchSize = options.Value.BatchSize, Lease = options.Value.Lease, ThenById = false,
    };

    private readonly DueRowClaimer<Complaint> _complaints = new()
    {
        DueAt = nameof(Complaint.NextCheckAt), BatchSize = options.Value.BatchSize, Lease = options.Value.Lease, ThenById = false,
    };

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => _o.WatchInBackground;

    protected override TimeSpan PollInterval => _o.Interval;

    protected override Task WhenReadyAsync(CancellationToken ct) => bulkWrites.WaitAsync(ct);

    protected override Task PollAsync(CancellationToken ct) => TickAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Consultation and complaint deadline scan failed; retrying");

    /// <returns>Texts queued: yellow and red reminders to departments, escalations to supervisors.</returns>
    public async Task<(int Warned, int Escalated)> TickAsync(CancellationToken ct = default)
    {
        var total = (Warned: 0, Escalated: 0);
        for (var round = 0; round < 10_000; round++)
        {
            var (claimed, warned, escalated) = await BatchAsync(_consultations, ConsultationView, ct);
            var (claimed2, warned2, escalated2) = await BatchAsync(_complaints, ComplaintView, ct);
            total = (total.Warned + warned + warned2, total.Escalated + escalated + escalated2);
            if (claimed < _o.BatchSize && claimed2 < _o.BatchSize) break;
        }
        return total;
    }

    /// <summary>What the scan needs of a row: its deadline while it is still waiting for the department, and what to call it.</summary>
    private sealed record Watched(DateOnly? DueDate, string? DepartmentCode, string What);

    private static Watched ConsultationView(Consultation c) =>
        new(c.Status == ConsultationStatus.Open ? c.DueDate : null, c.DepartmentCode, $"网上咨询{c.Number}");

    private static Watched ComplaintView(Complaint c) =>
        new(c.Status == ComplaintStatus.Assigned ? c.ReplyDueDate : null, c.DepartmentCode, $"{FileComplaint.KindName(c.Kind)}{c.Number}");

    private async Task<(int Claimed, int Warned, int Escalated)> BatchAsync<T>(DueRowClaimer<T> claimer, Func<T, Watched> view, CancellationToken ct)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var calendar = await calendars.GetAsync(ct);
        var working = _o.Hours.IsWorkingMoment(calendar, now);
        await using var claim = await claimer.ClaimLockedAsync(db, now, ct);
        var ids = claim.Ids;
        if (ids.Count == 0) return (0, 0, 0);
        var rows = await db.Set<T>().Where(r => ids.Contains(EF.Property<long>(r, "Id"))).ToListAsync(ct);
        var staff = new StaffDirectory(db);
        int warned = 0, escalated = 0;
        foreach (var row in rows)
        {
            var entry = db.Entry(row);
            var stage = entry.Property<int>(nameof(Consultation.OverdueStage));
            var since = entry.Property<DateTimeOffset?>(nameof(Consultation.OverdueSince));
            var next = entry.Property<DateTimeOffset?>(nameof(Consultation.NextCheckAt));
            var w = view(row);
            if (w.DueDate is not { } due || w.DepartmentCode is null) { next.CurrentValue = null; continue; }
            if (today < due) { next.CurrentValue = _o.Hours.StartOfWorkingDay(calendar, due); continue; }
            if (!working) { next.CurrentValue = _o.Hours.NextWorkingMoment(calendar, now); continue; }
            var dueText = due.ToString("M月d日", CultureInfo.InvariantCulture);
            if (today == due)
            {
                if (stage.CurrentValue < 1)
                {
                    Queue(await AnswerersAsync(staff, w.DepartmentCode, ct), $"黄灯预警，{w.What}今日（{dueText}）到期，请及时答复。");
                    stage.CurrentValue = 1;
                    warned++;
                }
                // Red from the first working moment after the due date.
                next.CurrentValue = _o.Hours.StartOfWorkingDay(calendar, calendar.AddWorkingDays(due, 1));
                continue;
            }
            if (stage.CurrentValue < 2)
            {
                Queue(await AnswerersAsync(staff, w.DepartmentCode, ct), $"红灯超期，{w.What}应于{dueText}前答复，已超期，请立即答复。");
                (stage.CurrentValue, since.CurrentValue) = (2, now);
                warned++;
            }
            if (stage.CurrentValue == 2)
            {
                var escalateAt = _o.Hours.AddWorkingTime(calendar, since.CurrentValue ?? now, _o.EscalationAfter);
                if (escalateAt > now) { next.CurrentValue = escalateAt; continue; }
                Queue(await staff.SupervisorsAsync(ct),
                    $"督办提醒：{w.What}应于{dueText}前答复，承办部门提醒后{_o.EscalationAfter.TotalHours:0.#}个工作小时仍未答复，请督促办理。");
                stage.CurrentValue = 3;
                escalated++;
            }
            next.CurrentValue = null;
        }
        await db.SaveChangesAsync(ct);
        await claim.CommitAsync(ct);
        if (warned + escalated > 0) logger.LogInformation("Deadline scan of {Kind}: {Warned} reminders, {Escalated} escalations", typeof(T).Name, warned, escalated);
        return (ids.Count, warned, escalated);

        void Queue(IEnumerable<StaffDirectory.Person> people, string text)
        {
            if (!_o.SendSms) return;
            foreach (var p in people.Where(p => !string.IsNullOrEmpty(p.Mobile)))
                StaffMessages.Queue(db, p.Mobile!, SmsEvent, CaseCheck.SmsPrefix + text, now);
        }
    }

    /// <summary>The department's staff who answer in the workbench (reviewers and approvers).</summary>
    private static async Task<List<StaffDirectory.Person>> AnswerersAsync(StaffDirectory staff, string departmentCode, CancellationToken ct) =>
        [.. (await staff.DepartmentAsync(departmentCode, ct)).Where(p => p.Roles.Contains(StaffRoles.Reviewer) || p.Roles.Contains(StaffRoles.Approver))];
}
