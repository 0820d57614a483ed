using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Supervision;

/// <summary>
/// In-process "something changed" for the live feeds: the watcher (after its commit) and the directive endpoints
/// publish which alerts changed; a feed wakes, and queries only if a change is in its caller's scope. Nothing
/// is queried per connection while nothing changes. Bounded: a feed that falls behind the last
/// <see cref="Capacity"/> changes simply queries.
/// </summary>
internal sealed class SupervisionSignal(Infrastructure.Data.ClusterBroadcast cluster)
{
    public const int Capacity = 4096;

    private readonly record struct Change(long Version, string DepartmentCode, string ServicePointCode);

    private readonly Lock _gate = new();
    private readonly Queue<Change> _recent = new();
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Version
    {
        get { lock (_gate) return _version; }
    }

    /// <summary>Wakes this node's feeds whose scope the alerts touch, and tells the other nodes (<see cref="AlertsChangedElsewhere"/>).</summary>
    public void Publish(IEnumerable<SupervisionAlert> alerts)
    {
        var scopes = alerts.Select(a => (a.DepartmentCode, a.ServicePointCode)).ToList();
        if (PublishHere(scopes)) cluster.Send(AlertsChangedElsewhere.Name, AlertsChangedElsewhere.Write(scopes));
    }

    /// <summary>Another node (re)connected or changed more than a notice holds: every feed looks, as one that fell behind.</summary>
    public void PublishEverything()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            _recent.Clear();
            _version += 2;
            wake = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
    }

    /// <summary>Wakes this node's feeds; false when there was nothing to publish.</summary>
    public bool PublishHere(IReadOnlyCollection<(string DepartmentCode, string ServicePointCode)> scopes)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            var any = false;
            foreach (var a in scopes)
            {
                _recent.Enqueue(new Change(++_version, a.DepartmentCode, a.ServicePointCode));
                if (_recent.Count > Capacity) _recent.Dequeue();
                any = true;
            }
            if (!any) return false;
            wake = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
        return true;
    }

    /// <summary>Completes when a change after <paramref name="seen"/> is published, or after <paramref name="timeout"/> (false).</summary>
    public async Task<bool> WaitAsync(long seen, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        Task next;
        lock (_gate)
        {
            if (_version > seen) return true;
            next = _next.Task;
        }
        try
        {
            await next.WaitAsync(timeout, clock, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Whether a change after <paramref name="seen"/> concerns the scope; returns the version read up to.</summary>
    public bool Concerns(long seen, Func<string, string, bool> inScope, out long version)
    {
        lock (_gate)
        {
            version = _version;
            if (_version == seen) return false;
            // Fallen behind the buffer: cannot tell, so look.
            if (_recent.Count == 0 || _recent.Peek().Version > seen + 1) return true;
            foreach (var c in _recent)
                if (c.Version > seen && inScope(c.DepartmentCode, c.ServicePointCode)) return true;
            return false;
        }
    }
}

/// <summary>
/// One alert as the workbench shows it live: what changed last, the alert, and its directives. ToAnswer: an unanswered
/// directive on it is the caller's to answer (<see cref="DirectiveAddressees"/>) — what the workbench announces; a clerk
/// who sees the alert of a case received at their window is not told of a directive addressed to the department.
/// </summary>
internal sealed record LiveAlertDto(string Change, DateTimeOffset ChangedAt, AlertDto Alert, IReadOnlyList<DirectiveDto> Directives, bool ToAnswer);

/// <summary>
/// One message of the live feed: <c>snapshot</c> (the open alerts, newest first, at most <see cref="SupervisionLive.SnapshotSize"/>),
/// <c>changes</c> (alerts changed since the last message, open or just resolved) or <c>heartbeat</c> (no items, no counts). Open counts
/// the caller's open alerts; OpenDirectives the unanswered directives on them.
/// </summary>
internal sealed record LiveAlertsMessage(int? Open, int? OpenDirectives, IReadOnlyList<LiveAlertDto> Items);

/// <summary>
/// GET /api/supervision/alerts/live — the caller's alerts as server-sent events, scoped like the alert list (supervisors
/// and other center-wide roles all; others their department's and service point's, which holds everything issued to
/// them). A snapshot first, then a <c>changes</c> message whenever an alert in scope is raised, reminded, escalated or
/// resolved, or a directive on it is sent or answered.
///
/// Cost: a feed waits on <see cref="SupervisionSignal"/> and reads the database only when a change in its scope was
/// published on this node ("changed since" on the indexed changed_at), or every LivePollInterval otherwise.
/// Several nodes: a change published on another node arrives by PostgreSQL NOTIFY (<see cref="AlertsChangedElsewhere"/>);
/// the poll stays as the fallback for a notice lost while a node reconnected.
/// </summary>
internal static class SupervisionLive
{
    public const int SnapshotSize = 50;
    private const int ChangesLimit = 200;

    /// <summary>
    /// How far back each "since" read looks beyond the last one: a transaction stamped earlier (the watcher's batch takes its
    /// time once) may commit after a later one was already read. Rows seen are remembered, so nothing is sent twice.
    /// </summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/supervision/alerts/live", Handle).RequireAuthorization(Policies.CaseWork)
            .Produces<LiveAlertsMessage>(contentType: "text/event-stream").ProducesProblem(403)
            .WithName("SupervisionAlertsLive").WithSummary("我的监察预警与督办：实时推送（SSE）").WithTags("Supervision");

    internal static IResult Handle(HttpContext http, TongbanDb db, TimeProvider clock, SupervisionSignal signal, IOptions<SupervisionOptions> options, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        // Proxies (nginx) must not buffer the stream.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Stream(db, clock, signal, actor, options.Value.LivePollInterval, ct));
    }

    private static bool InScope(StaffActor actor, string department, string point) =>
        CaseScope.WorksOnCases(actor) && (CaseScope.SeesAll(actor) || department == actor.DepartmentCode || point == actor.ServicePointCode);

    private static async IAsyncEnumerable<SseItem<LiveAlertsMessage>> Stream(TongbanDb db, TimeProvider clock, SupervisionSignal signal, StaffActor actor,
        TimeSpan poll, [EnumeratorCancellation] CancellationToken ct)
    {
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var scoped = ListAlerts.Scope(db.SupervisionAlerts, actor);
        // Read the version and the cursor before the snapshot: a change made meanwhile is then read again, never lost.
        var seen = signal.Version;
        var cursor = clock.GetUtcNow();
        var sent = new Dictionary<long, (DateTimeOffset At, string Change)>();

        var open = await scoped.Where(a => a.ResolvedAt == null).OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Take(SnapshotSize).ToListAsync(ct);
        var snapshot = await ItemsAsync(db, actor, open, ct);
        foreach (var i in snapshot) sent[i.Alert.Id] = (i.ChangedAt, i.Change);
        yield return new SseItem<LiveAlertsMessage>(await MessageAsync(db, scoped, snapshot, ct), "snapshot");

        while (!ct.IsCancellationRequested)
        {
            bool woken;
            try
            {
                woken = await signal.WaitAsync(seen, poll, clock, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            // Woken by a change elsewhere in the district: nothing to read. The poll (timeout) reads anyway (other nodes).
            if (woken && !signal.Concerns(seen, (d, p) => InScope(actor, d, p), out var version))
            {
                seen = version;
                continue;
            }
            seen = signal.Version;
            var readAt = clock.GetUtcNow();
            var since = cursor - Overlap;
            var changed = await scoped.Where(a => a.ChangedAt >= since).OrderBy(a => a.ChangedAt).ThenBy(a => a.Id).Take(ChangesLimit).ToListAsync(ct);
            changed = [.. changed.Where(a => !sent.TryGetValue(a.Id, out var s) || s != (a.ChangedAt, a.LastChange))];
            cursor = readAt;
            foreach (var old in sent.Where(kv => kv.Value.At < cursor - Overlap - Overlap).Select(kv => kv.Key).ToList()) sent.Remove(old);
            if (changed.Count == 0)
            {
                if (!woken) yield return new SseItem<LiveAlertsMessage>(new LiveAlertsMessage(null, null, []), "heartbeat");
                continue;
            }
            var items = await ItemsAsync(db, actor, changed, ct);
            foreach (var i in items) sent[i.Alert.Id] = (i.ChangedAt, i.Change);
            yield return new SseItem<LiveAlertsMessage>(await MessageAsync(db, scoped, items, ct), "changes");
        }
    }

    private static async Task<LiveAlertsMessage> MessageAsync(TongbanDb db, IQueryable<SupervisionAlert> scoped, IReadOnlyList<LiveAlertDto> items, CancellationToken ct)
    {
        var open = scoped.Where(a => a.ResolvedAt == null);
        var count = await open.CountAsync(ct);
        var directives = await db.SupervisionDirectives.CountAsync(d => d.AnsweredAt == null && open.Any(a => a.Id == d.AlertId), ct);
        return new LiveAlertsMessage(count, directives, items);
    }

    private static async Task<List<LiveAlertDto>> ItemsAsync(TongbanDb db, StaffActor actor, List<SupervisionAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0) return [];
        var ids = alerts.Select(a => a.Id).ToList();
        var caseIds = alerts.Select(a => a.CaseId).Distinct().ToList();
        var items = await db.Cases.Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.ItemName }).ToDictionaryAsync(c => c.Id, c => c.ItemName, ct);
        var codes = alerts.Select(a => a.DepartmentCode).Distinct().ToList();
        var names = await db.Departments.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var directives = (await db.SupervisionDirectives.Where(d => ids.Contains(d.AlertId)).OrderBy(d => d.Id).ToListAsync(ct)).ToLookup(d => d.AlertId);
        return [.. alerts.Select(a => new LiveAlertDto(a.LastChange, a.ChangedAt,
            new AlertDto(a.Id, a.Number, a.CaseNumber, items.GetValueOrDefault(a.CaseId) ?? "", a.DepartmentCode, names.GetValueOrDefault(a.DepartmentCode, a.DepartmentCode),
                a.ServicePointCode, a.RuleCode, SupervisionRules.Name(a.RuleCode), a.Level, a.IssuedTo, a.RaisedAt, a.EscalatedAt, a.EscalationLevel,
                a.ResolvedAt, a.Result, a.Message, directives[a.Id].Count(d => d.AnsweredAt == null)),
            [.. directives[a.Id].Select(CaseSupervision.ToDto)],
            directives[a.Id].Any(d => d.AnsweredAt == null && DirectiveAddressees.Answers(actor, a, d))))];
    }
}
