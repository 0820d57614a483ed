using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Analytics;

/// <summary>The dimensions of a <see cref="DailyCaseStat"/> row.</summary>
internal readonly record struct StatKey(DateOnly Day, string DepartmentCode, string ServicePointCode, string ItemCode, ApplicationChannel Channel, string DeskCode);

internal enum StatMetric
{
    Submitted,
    Accepted,
    NotAccepted,
    Completed,
    OnTime,
    Overdue,
    Withdrawn,
    Corrections,
    MaterialsReused,
    /// <summary>好差评 levels 1 … 5, in this order (<see cref="CaseStatistics.Rating"/>).</summary>
    Rated1,
    Rated2,
    Rated3,
    Rated4,
    Rated5,
    /// <summary>电子证照生成: an approved case of an item that issues a certificate, on its completion day.</summary>
    CertificatesIssued,
    /// <summary>电子证照调用: a case material given as an e-certificate (certificateId), on the day it was handed in.</summary>
    CertificatesUsed,
}

/// <summary>
/// What a case contributes to the daily counters is a function of its state: submitted on its submission
/// day, accepted on its acceptance day, completed (on time or late) on its completion day, each correction
/// notice on its day, each reused material on its day, an e-certificate issued on the completion day of an approved case
/// whose item issues one and each e-certificate used as a material on its day; and an evaluation (好差评) adds one rating at its level on
/// its day, under its case's dimensions. Incremental upkeep is the difference between the
/// contributions after and before a save — so a rebuild from the cases and the incremental counters are
/// the same numbers by construction, and a test checks it.
/// </summary>
internal static class CaseStatistics
{
    /// <summary>The state of a case as far as statistics care.</summary>
    internal sealed record Snapshot(string DepartmentCode, string ServicePointCode, string ItemCode, ApplicationChannel Channel, string DeskCode,
        DateTimeOffset SubmittedAt, CaseStatus Status, DateTimeOffset? AcceptedAt, DateTimeOffset? CompletedAt, DateOnly? PromisedDueDate,
        IReadOnlyList<DateTimeOffset> Corrections, IReadOnlyList<DateTimeOffset> Reused)
    {
        /// <summary>The case's item version issues an e-certificate (it has a 证照类型代码).</summary>
        public bool IssuesCertificate { get; init; }
        /// <summary>approve / reject, once decided.</summary>
        public string? Decision { get; init; }
        /// <summary>When each material given as an e-certificate (certificateId) was handed in: 电子证照调用.</summary>
        public IReadOnlyList<DateTimeOffset> CertificateUses { get; init; } = [];
    }

    public static IEnumerable<(StatKey Key, StatMetric Metric)> Contributions(Snapshot s)
    {
        StatKey On(DateTimeOffset at) => new(ChinaTime.DateOf(at), s.DepartmentCode, s.ServicePointCode, s.ItemCode, s.Channel, s.DeskCode);
        yield return (On(s.SubmittedAt), StatMetric.Submitted);
        if (s.AcceptedAt is { } accepted) yield return (On(accepted), StatMetric.Accepted);
        if (s.CompletedAt is { } closed)
        {
            switch (s.Status)
            {
                case CaseStatus.NotAccepted:
                    yield return (On(closed), StatMetric.NotAccepted);
                    break;
                case CaseStatus.Completed or CaseStatus.Delivered:
                    yield return (On(closed), StatMetric.Completed);
                    yield return (On(closed), s.PromisedDueDate is { } due && ChinaTime.DateOf(closed) > due ? StatMetric.Overdue : StatMetric.OnTime);
                    // 电子证照生成: approving and completing a case of an item with a 证照类型代码 is the moment its e-certificate
                    // is generated. The e-certificate module (SM2-sealed, verifiable; a later issue) issues it in this same
                    // transaction; the count is kept here, from the case, so it is right before and after that module exists.
                    if (s.IssuesCertificate && s.Decision == "approve") yield return (On(closed), StatMetric.CertificatesIssued);
                    break;
                case CaseStatus.Withdrawn or CaseStatus.Terminated:
                    yield return (On(closed), StatMetric.Withdrawn);
                    break;
            }
        }
        foreach (var at in s.Corrections) yield return (On(at), StatMetric.Corrections);
        foreach (var at in s.Reused) yield return (On(at), StatMetric.MaterialsReused);
        // 电子证照调用: every e-certificate handed in as a material. Zero until the e-certificate module lifts the ADR 0004
        // refusal of certificateId; counted already so that lifting it is the only change needed.
        foreach (var at in s.CertificateUses) yield return (On(at), StatMetric.CertificatesUsed);
    }

    /// <summary>The state of an evaluation (好差评) as far as statistics care: one rating at its level, on its China day, under its case's dimensions.</summary>
    internal sealed record RatingSnapshot(string DepartmentCode, string ServicePointCode, string ItemCode, ApplicationChannel Channel, string DeskCode,
        DateTimeOffset EvaluatedAt, int Level);

    public static StatMetric Rating(int level) => level is >= 1 and <= 5 ? StatMetric.Rated1 + (level - 1) : throw new ArgumentOutOfRangeException(nameof(level));

    public static (StatKey Key, StatMetric Metric) Contribution(RatingSnapshot r) =>
        (new StatKey(ChinaTime.DateOf(r.EvaluatedAt), r.DepartmentCode, r.ServicePointCode, r.ItemCode, r.Channel, r.DeskCode), Rating(r.Level));

    /// <summary>The counter changes of the pending save: after minus before, for every tracked case and evaluation.</summary>
    public static Dictionary<StatKey, int[]> Collect(ChangeTracker tracker)
    {
        var deltas = new Dictionary<StatKey, int[]>();
        HashSet<object>? added = null;
        foreach (var entry in tracker.Entries<Case>())
        {
            if (entry.State is EntityState.Detached or EntityState.Deleted) continue;
            var c = entry.Entity;
            var after = Of(c, c.Status, c.AcceptedAt, c.CompletedAt, c.PromisedDueDate, c.Decision, c.CorrectionNotices.Select(n => n.IssuedAt), c.Materials);
            foreach (var (key, metric) in Contributions(after)) Add(deltas, key, metric, +1);
            if (entry.State == EntityState.Added) continue;
            // Before: original scalar values, and only the children that were already saved.
            added ??= new HashSet<object>(tracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity), ReferenceEqualityComparer.Instance);
            var before = Of(c, entry.Property(x => x.Status).OriginalValue, entry.Property(x => x.AcceptedAt).OriginalValue,
                entry.Property(x => x.CompletedAt).OriginalValue, entry.Property(x => x.PromisedDueDate).OriginalValue, entry.Property(x => x.Decision).OriginalValue,
                c.CorrectionNotices.Where(n => !added.Contains(n)).Select(n => n.IssuedAt), c.Materials.Where(m => !added.Contains(m)));
            foreach (var (key, metric) in Contributions(before)) Add(deltas, key, metric, -1);
        }
        // Evaluations carry their case's dimensions, so they count without the case being loaded (the SMS reply, the portal).
        foreach (var entry in tracker.Entries<Modules.Evaluation.CaseEvaluation>())
        {
            var e = entry.Entity;
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var (key, metric) = Contribution(new RatingSnapshot(e.DepartmentCode, e.ServicePointCode, e.ItemCode, e.CaseChannel, e.DeskCode, e.EvaluatedAt, e.Level));
                Add(deltas, key, metric, +1);
            }
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var (key, metric) = Contribution(new RatingSnapshot(e.DepartmentCode, e.ServicePointCode, e.ItemCode, e.CaseChannel, e.DeskCode,
                    entry.Property(x => x.EvaluatedAt).OriginalValue, entry.Property(x => x.Level).OriginalValue));
                Add(deltas, key, metric, -1);
            }
        }
        foreach (var key in deltas.Where(d => d.Value.All(v => v == 0)).Select(d => d.Key).ToList()) deltas.Remove(key);
        return deltas;
    }

    private static Snapshot Of(Case c, CaseStatus status, DateTimeOffset? accepted, DateTimeOffset? completed, DateOnly? due, string? decision,
        IEnumerable<DateTimeOffset> corrections, IEnumerable<CaseMaterial> materials)
    {
        var list = materials.ToList();
        return new(c.DepartmentCode, c.ServicePointCode, c.ItemCode, c.Channel, c.WindowCode ?? c.KioskCode ?? "", c.SubmittedAt, status, accepted, completed, due,
            [.. corrections], [.. list.Where(m => m.FromLibrary).Select(m => m.SubmittedAt)])
        {
            IssuesCertificate = c.CertificateTypeCode is not null, Decision = decision,
            CertificateUses = [.. list.Where(m => m.CertificateId is not null).Select(m => m.SubmittedAt)],
        };
    }

    /// <summary>A case's contribution as it stands (its current state and every material it holds).</summary>
    public static Snapshot Of(Case c) =>
        Of(c, c.Status, c.AcceptedAt, c.CompletedAt, c.PromisedDueDate, c.Decision, c.CorrectionNotices.Select(n => n.IssuedAt), c.Materials);

    public static void Add(Dictionary<StatKey, int[]> deltas, StatKey key, StatMetric metric, int by)
    {
        if (!deltas.TryGetValue(key, out var values)) deltas[key] = values = new int[Enum.GetValues<StatMetric>().Length];
        values[(int)metric] += by;
    }

    /// <summary>
    /// Adds the deltas with atomic upserts (INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x, on SQLite and
    /// PostgreSQL): concurrent transactions on the same day's row add up instead of overwriting each other.
    /// </summary>
    public static async Task ApplyAsync(TongbanDb db, Dictionary<StatKey, int[]> deltas, CancellationToken ct)
    {
        await ApplyDailyAsync(db, deltas, ct);
        await ApplyPeriodsAsync(db, deltas, ct);
    }

    /// <summary>The counter columns, in <see cref="StatMetric"/> order: each metric is the column of its snake_case name.</summary>
    private static readonly string[] CounterColumns =
        [.. Enum.GetNames<StatMetric>().Select(name => System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant())];

    /// <summary>
    /// Rows per upsert statement. A case save changes 1–3 rows (one statement); `stats rebuild` and the demo history write
    /// hundreds of thousands, where one statement per row made PostgreSQL's round trips the whole cost. SQLite has no round
    /// trip but binds each parameter by a name search over all of the statement's (quadratic in its size), so it gets
    /// smaller statements (docs/performance.md).
    /// </summary>
    private static int RowsPerStatement(TongbanDb db) => db.Database.IsSqlite() ? 25 : 400;

    private static async Task UpsertAsync(TongbanDb db, string table, string[] keyColumns, IEnumerable<(object[] Key, int[] Values)> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", keyColumns.Concat(CounterColumns));
        var onConflict = $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET "
            + string.Join(", ", CounterColumns.Select(c => $"{c} = {table}.{c} + excluded.{c}"));
        foreach (var chunk in rows.Chunk(RowsPerStatement(db)))
        {
            var sql = new System.Text.StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
            var args = new List<object>(chunk.Length * (keyColumns.Length + CounterColumns.Length));
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                var values = chunk[r].Key.Concat(chunk[r].Values.Cast<object>()).ToArray();
                for (var i = 0; i < values.Length; i++)
                {
                    sql.Append(i == 0 ? "{" : ", {").Append(args.Count).Append('}');
                    args.Add(values[i]);
                }
                sql.Append(')');
            }
            sql.Append(onConflict);
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
    }

    private static Task ApplyDailyAsync(TongbanDb db, Dictionary<StatKey, int[]> deltas, CancellationToken ct) =>
        UpsertAsync(db, "daily_case_stats", ["day", "department_code", "service_point_code", "item_code", "channel", "desk_code"],
            deltas.Select(d => (new object[] { d.Key.Day, d.Key.DepartmentCode, d.Key.ServicePointCode, d.Key.ItemCode, d.Key.Channel.ToString(), d.Key.DeskCode }, d.Value)), ct);

    private readonly record struct PeriodKey(string Grain, DateOnly Start, string DepartmentCode, ApplicationChannel Channel, string DeskCode, int VisitsClass);

    /// <summary>The same deltas rolled up by day and by month (<see cref="PeriodCaseStat"/>), with the items' 跑动次数 class.</summary>
    private static async Task ApplyPeriodsAsync(TongbanDb db, Dictionary<StatKey, int[]> deltas, CancellationToken ct)
    {
        var visits = await VisitsClassesAsync(db, deltas.Keys.Select(k => k.ItemCode).Distinct().ToList(), ct);
        var periods = new Dictionary<PeriodKey, int[]>();
        foreach (var (k, v) in deltas)
        {
            var visitsClass = visits.GetValueOrDefault(k.ItemCode, 2);
            var month = new DateOnly(k.Day.Year, k.Day.Month, 1);
            foreach (var key in (PeriodKey[])[new(PeriodCaseStat.Day, k.Day, k.DepartmentCode, k.Channel, k.DeskCode, visitsClass),
                         new(PeriodCaseStat.Month, month, k.DepartmentCode, k.Channel, k.DeskCode, visitsClass),
                         new(PeriodCaseStat.DayAllDesks, k.Day, k.DepartmentCode, k.Channel, "", visitsClass),
                         new(PeriodCaseStat.MonthAllDesks, month, k.DepartmentCode, k.Channel, "", visitsClass)])
            {
                if (!periods.TryGetValue(key, out var sum)) periods[key] = sum = new int[v.Length];
                for (var i = 0; i < v.Length; i++) sum[i] += v[i];
            }
        }
        await UpsertAsync(db, "period_case_stats", ["grain", "period_start", "department_code", "channel", "desk_code", "visits_class"],
            periods.Where(p => p.Value.Any(x => x != 0))
                .Select(p => (new object[] { p.Key.Grain, p.Key.Start, p.Key.DepartmentCode, p.Key.Channel.ToString(), p.Key.DeskCode, p.Key.VisitsClass }, p.Value)), ct);
    }

    /// <summary>
    /// The 跑动次数 class of each item (its published version; else its latest), as the catalog says when the case is
    /// counted: "最多跑一次" is a promise made for the cases filed under it.
    /// </summary>
    private static async Task<Dictionary<string, int>> VisitsClassesAsync(TongbanDb db, List<string> codes, CancellationToken ct)
    {
        var versions = await db.ItemVersions.AsNoTracking().Where(i => codes.Contains(i.Code))
            .Select(i => new { i.Code, i.Id, Published = i.Status == Catalog.ItemVersionStatus.Published, i.VisitsRequired }).ToListAsync(ct);
        return versions.GroupBy(v => v.Code).ToDictionary(g => g.Key,
            g => PeriodCaseStat.ClassOf(g.OrderByDescending(v => v.Published).ThenByDescending(v => v.Id).First().VisitsRequired));
    }

    /// <summary>
    /// `stats rebuild`: the counters recomputed from the cases and their evaluations, in pages of 2,000 (a million cases never sit in
    /// memory at once; the counters do, and they are per day × item × point × channel). Replaces the table in one transaction.
    /// </summary>
    public static async Task<int> RebuildAsync(TongbanDb db, CancellationToken ct)
    {
        var totals = new Dictionary<StatKey, int[]>();
        long last = 0;
        while (true)
        {
            var page = await db.Cases.AsNoTracking().Where(c => c.Id > last).OrderBy(c => c.Id).Take(2000)
                .Select(c => new
                {
                    c.Id, c.DepartmentCode, c.ServicePointCode, c.ItemCode, c.Channel, Desk = c.WindowCode ?? c.KioskCode ?? "", c.SubmittedAt, c.Status, c.AcceptedAt, c.CompletedAt, c.PromisedDueDate,
                    IssuesCertificate = c.CertificateTypeCode != null, c.Decision,
                }).ToListAsync(ct);
            if (page.Count == 0) break;
            // The page's notices and materials by case id range, not joined to the paged query (as a split query would):
            // once PostgreSQL switched that prepared join to a generic plan, every page scanned all materials in parallel
            // (figures in docs/performance.md). A range on the case id index has one plan.
            var from = last;
            var to = page[^1].Id;
            var corrections = (await db.CorrectionNotices.AsNoTracking().Where(n => n.CaseId > from && n.CaseId <= to)
                .Select(n => new { n.CaseId, n.IssuedAt }).ToListAsync(ct)).ToLookup(n => n.CaseId, n => n.IssuedAt);
            var materials = (await db.CaseMaterials.AsNoTracking().Where(m => m.CaseId > from && m.CaseId <= to && (m.FromLibrary || m.CertificateId != null))
                .Select(m => new { m.CaseId, m.FromLibrary, UsesCertificate = m.CertificateId != null, m.SubmittedAt }).ToListAsync(ct)).ToLookup(m => m.CaseId);
            foreach (var c in page)
            {
                var own = materials[c.Id];
                foreach (var (key, metric) in Contributions(new Snapshot(c.DepartmentCode, c.ServicePointCode, c.ItemCode, c.Channel, c.Desk, c.SubmittedAt,
                             c.Status, c.AcceptedAt, c.CompletedAt, c.PromisedDueDate, [.. corrections[c.Id]], [.. own.Where(m => m.FromLibrary).Select(m => m.SubmittedAt)])
                         { IssuesCertificate = c.IssuesCertificate, Decision = c.Decision, CertificateUses = [.. own.Where(m => m.UsesCertificate).Select(m => m.SubmittedAt)] }))
                    Add(totals, key, metric, +1);
            }
            last = page[^1].Id;
        }
        last = 0;
        while (true)
        {
            var page = await db.Evaluations.AsNoTracking().Where(e => e.Id > last).OrderBy(e => e.Id).Take(2000)
                .Select(e => new { e.Id, e.DepartmentCode, e.ServicePointCode, e.ItemCode, e.CaseChannel, e.DeskCode, e.EvaluatedAt, e.Level }).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
            {
                var (key, metric) = Contribution(new RatingSnapshot(e.DepartmentCode, e.ServicePointCode, e.ItemCode, e.CaseChannel, e.DeskCode, e.EvaluatedAt, e.Level));
                Add(totals, key, metric, +1);
            }
            last = page[^1].Id;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.DailyCaseStats.ExecuteDeleteAsync(ct);
        await db.PeriodCaseStats.ExecuteDeleteAsync(ct);
        await ApplyAsync(db, totals, ct);
        await tx.CommitAsync(ct);
        return totals.Count;
    }
}
