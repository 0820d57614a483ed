using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Calendar;
using Tongban.Modules.Evaluation.Rectification;

namespace Tongban.Modules.Supervision;

/// <summary>
/// 电子监察 of 差评整改工单: an order past its 回访 or 整改 deadline raises a red alert on the board (SV12, SV13), resolved once
/// the order moves on. Reads only the orders that are due (<see cref="RectificationOrder.NextCheckAt"/>, indexed), claimed like
/// the case watcher's so several nodes never check one order at once. The Evaluation module owns the orders and their rules;
/// this scan only reads them and sets when to look again.
/// </summary>
internal sealed class RectificationWatcher(IServiceScopeFactory scopes, CalendarService calendars, TimeProvider clock, IOptions<SupervisionOptions> options,
    Infrastructure.Data.BulkWrites bulkWrites, SupervisionSignal signal, ILogger<RectificationWatcher> logger) : PollingWorker
{
    /// <summary>Red: a bad rating was not called back within its limit (实名差评回访率 100 %).</summary>
    public const string CallbackOverdue = "SV12";
    /// <summary>Red: a bad rating was not rectified within its limit.</summary>
    public const string RectifyOverdue = "SV13";

    public static readonly IReadOnlyList<string> Rules = [CallbackOverdue, RectifyOverdue];

    private readonly SupervisionOptions _o = options.Value;

    private readonly DueRowClaimer<RectificationOrder> _due = new()
    {
        DueAt = nameof(RectificationOrder.NextCheckAt), BatchSize = options.Value.BatchSize, Lease = options.Value.Lease, ThenById = false,
    };

    protected override TimeProvider Clock => clock;

    protected override bool Enabled => _o.WatchInBackground;

    protected override TimeSpan PollInterval => _o.Interval;

    // Like the case watcher: not while the demo history is being written (its overdue orders are due at once afterwards).
    protected override Task WhenReadyAsync(CancellationToken ct) => bulkWrites.WaitAsync(ct);

    protected override Task PollAsync(CancellationToken ct) => TickAsync(ct);

    protected override void OnPollFailed(Exception e) => logger.LogError(e, "Rectification scan failed; retrying");

    /// <returns>Alerts raised and resolved.</returns>
    public async Task<(int Raised, int Resolved)> TickAsync(CancellationToken ct = default)
    {
        var total = (Raised: 0, Resolved: 0);
        for (var round = 0; round < 10_000; round++)
        {
            var (claimed, raised, resolved) = await BatchAsync(ct);
            total = (total.Raised + raised, total.Resolved + resolved);
            if (claimed < _o.BatchSize) break;
        }
        return total;
    }

    private async Task<(int Claimed, int Raised, int Resolved)> BatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var calendar = await calendars.GetAsync(ct);
        // Like every alert: raised in office hours only (resolving at any hour); outside them the order waits for the next working moment.
        var working = _o.Hours.IsWorkingMoment(calendar, now);
        await using var claim = await _due.ClaimLockedAsync(db, now, ct);
        var ids = claim.Ids;
        if (ids.Count == 0) return (0, 0, 0);
        var orders = await db.RectificationOrders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        var caseIds = orders.Select(o => o.CaseId).ToList();
        var alerts = (await db.SupervisionAlerts.Where(a => caseIds.Contains(a.CaseId) && (a.RuleCode == CallbackOverdue || a.RuleCode == RectifyOverdue)).ToListAsync(ct))
            .ToLookup(a => a.CaseId);
        var changed = new List<SupervisionAlert>();
        int raised = 0, resolved = 0;
        foreach (var o in orders)
        {
            var existing = alerts[o.CaseId].ToList();
            var waiting = false;
            Check(o, CallbackOverdue, o.CallbackDueDate, RectificationRules.CallbackOverdue(o, today),
                $"办件{o.CaseNumber}的差评（{Evaluation.EvaluationRules.LevelName(o.Level)}）应于{D(o.CallbackDueDate)}前回访，已超期，请立即回访。");
            Check(o, RectifyOverdue, o.RectifyDueDate, RectificationRules.RectifyOverdue(o, today),
                $"办件{o.CaseNumber}的差评整改应于{D(o.RectifyDueDate)}前完成，已超期，请立即整改并反馈。");
            var next = waiting ? _o.Hours.NextWorkingMoment(calendar, now) : RectificationRules.NextDeadlinePassing(o, today);
            // A step taken meanwhile (SQLite: after the claim) asked for a check at once: keep that.
            await db.RectificationOrders.Where(x => x.Id == o.Id && x.Version == o.Version)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextCheckAt, next), ct);

            void Check(RectificationOrder order, string rule, DateOnly due, bool holds, string message)
            {
                var subject = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var alert = existing.FirstOrDefault(a => a.RuleCode == rule && a.Subject == subject);
                if (holds && alert is null && !working) waiting = true;
                else if (holds && alert is null)
                {
                    alert = new SupervisionAlert
                    {
                        Number = $"JC{order.CaseNumber}-{rule}-{subject.Replace("-", "", StringComparison.Ordinal)}",
                        CaseId = order.CaseId, CaseNumber = order.CaseNumber, RuleCode = rule, Subject = subject, Level = AlertLevel.Red,
                        DepartmentCode = order.DepartmentCode, ServicePointCode = order.ServicePointCode, IssuedTo = "差评整改责任部门",
                        Message = message, RaisedAt = now,
                    };
                    db.SupervisionAlerts.Add(alert);
                    AlertChanges.Mark(alert, AlertChanges.Raised, now);
                    changed.Add(alert);
                    raised++;
                }
                else if (!holds && alert is { ResolvedAt: null })
                {
                    alert.ResolvedAt = now;
                    alert.Result = $"工单{RectificationRules.StatusName(order.Status)}";
                    AlertChanges.Mark(alert, AlertChanges.Resolved, now);
                    changed.Add(alert);
                    resolved++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await claim.CommitAsync(ct);
        signal.Publish(changed);
        if (raised + resolved > 0) logger.LogInformation("Rectification scan: {Raised} alerts raised, {Resolved} resolved", raised, resolved);
        return (ids.Count, raised, resolved);
    }

    private static string D(DateOnly d) => d.ToString("M月d日", CultureInfo.InvariantCulture);
}
