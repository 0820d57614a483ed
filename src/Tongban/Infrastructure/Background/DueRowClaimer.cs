using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Tongban.Infrastructure.Data;

namespace Tongban.Infrastructure.Background;

/// <summary>
/// Claims the due rows of one table for a background worker, so that several nodes (or loops) never work on one row
/// at once. A row is due when its <see cref="DueAt"/> column is at or before now and <see cref="Where"/> holds; the
/// oldest due rows come first, at most <see cref="BatchSize"/> per claim. Two ways to claim:
/// <list type="bullet">
/// <item><see cref="ClaimAsync"/> takes a lease that commits at once: DueAt moves to now + <see cref="Lease"/>, so the row
/// is due again only if the worker dies before it moves DueAt itself. PostgreSQL: one UPDATE over
/// <c>SELECT … FOR UPDATE SKIP LOCKED</c>, so nodes take disjoint batches without waiting on each other; SQLite (one
/// writer, no row locks): a conditional UPDATE per row that only a still-due row passes.</item>
/// <item><see cref="ClaimLockedAsync"/> holds the rows for a transaction the worker then works in: row locks
/// (SKIP LOCKED) on PostgreSQL, released by commit or by a dying connection; a lease as above on SQLite.</item>
/// </list>
/// </summary>
/// <typeparam name="T">A mapped entity with a single <see cref="long"/> key.</typeparam>
internal sealed class DueRowClaimer<T> where T : class
{
    // Per model: SQLite and PostgreSQL contexts (different models) can live in one process, as in the tests.
    private readonly ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Names> _names = new();
    private bool? _nullableDueAt;

    /// <summary>The property (DateTimeOffset or DateTimeOffset?) that says when the row is next due; a lease is kept in it.</summary>
    public required string DueAt { get; init; }

    public required int BatchSize { get; init; }

    public required TimeSpan Lease { get; init; }

    /// <summary>More to "due" than DueAt (e.g. a status); <see cref="WhereSql"/> must say the same for PostgreSQL.</summary>
    public Expression<Func<T, bool>>? Where { get; init; }

    /// <summary><see cref="Where"/> as a PostgreSQL condition over column names; arguments become parameters (no literal braces).</summary>
    public FormattableString? WhereSql { get; init; }

    /// <summary>What a lease claim sets besides DueAt (e.g. status = Sending); <see cref="OnClaimSql"/> must say the same.</summary>
    public Action<UpdateSettersBuilder<T>>? OnClaim { get; init; }

    /// <summary><see cref="OnClaim"/> as PostgreSQL assignments, e.g. <c>status = 'Sending'</c>.</summary>
    public string? OnClaimSql { get; init; }

    /// <summary>Order rows due at the same moment by id; off where only the DueAt index should be read.</summary>
    public bool ThenById { get; init; } = true;

    /// <summary>
    /// Takes a lease on up to <see cref="BatchSize"/> due rows and commits it. The ids come oldest due first on SQLite,
    /// by id on PostgreSQL (RETURNING has no order; by id, the row written first is handled first).
    /// </summary>
    public async Task<List<long>> ClaimAsync(TongbanDb db, DateTimeOffset now, CancellationToken ct)
    {
        CheckPairs();
        var lease = now + Lease;
        if (db is not PostgresTongbanDb) return await LeaseEachAsync(db, now, lease, ct);
        var sql = new SqlBuilder();
        var names = NamesIn(db);
        var set = OnClaimSql is null ? "" : ", " + OnClaimSql;
        var ids = await db.Database.SqlQuery<long>(sql.Build($"""
            UPDATE {names.Table} SET {names.DueAt} = {sql.Arg(lease)}{set}
            WHERE {names.Id} IN ({DueSelect(sql, names, now)})
            RETURNING {names.Id} AS "Value"
            """)).ToListAsync(ct);
        ids.Sort();
        return ids;
    }

    /// <summary>
    /// Claims up to <see cref="BatchSize"/> due rows for the transaction it returns, oldest due first; the worker works
    /// in it and commits. No lease on PostgreSQL (the row locks end with the transaction); <see cref="OnClaim"/> is not applied.
    /// </summary>
    public async Task<LockedRows> ClaimLockedAsync(TongbanDb db, DateTimeOffset now, CancellationToken ct)
    {
        CheckPairs();
        if (db is not PostgresTongbanDb)
        {
            // The lease commits before the worker's transaction opens: it holds even if that transaction rolls back.
            var leased = await LeaseEachAsync(db, now, now + Lease, ct, onClaim: false);
            return new LockedRows(leased, await db.Database.BeginTransactionAsync(ct));
        }
        var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var sql = new SqlBuilder();
            var ids = await db.Database.SqlQuery<long>(sql.Build(DueSelect(sql, NamesIn(db), now))).ToListAsync(ct);
            return new LockedRows(ids, tx);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    private string DueSelect(SqlBuilder sql, Names names, DateTimeOffset now)
    {
        var filter = WhereSql is null ? "" : $" AND ({sql.Inline(WhereSql)})";
        var order = ThenById ? $"{names.DueAt}, {names.Id}" : names.DueAt;
        return $"SELECT {names.Id} FROM {names.Table} WHERE {names.DueAt} <= {sql.Arg(now)}{filter} ORDER BY {order} LIMIT {sql.Arg(BatchSize)} FOR UPDATE SKIP LOCKED";
    }

    private async Task<List<long>> LeaseEachAsync(TongbanDb db, DateTimeOffset now, DateTimeOffset lease, CancellationToken ct, bool onClaim = true)
    {
        var id = NamesIn(db).IdProperty;
        var due = Due(db.Set<T>(), now);
        var ordered = NullableDueAt
            ? due.OrderBy(e => EF.Property<DateTimeOffset?>(e, DueAt))
            : due.OrderBy(e => EF.Property<DateTimeOffset>(e, DueAt));
        if (ThenById) ordered = ordered.ThenBy(e => EF.Property<long>(e, id));
        var candidates = await ordered.Take(BatchSize).Select(e => EF.Property<long>(e, id)).ToListAsync(ct);
        var claimed = new List<long>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // The same due condition again: a row another worker leased meanwhile is no longer due, and is left alone.
            var won = await Due(db.Set<T>().Where(e => EF.Property<long>(e, id) == candidate), now).ExecuteUpdateAsync(u =>
            {
                if (NullableDueAt) u.SetProperty(e => EF.Property<DateTimeOffset?>(e, DueAt), lease);
                else u.SetProperty(e => EF.Property<DateTimeOffset>(e, DueAt), lease);
                if (onClaim) OnClaim?.Invoke(u);
            }, ct);
            if (won == 1) claimed.Add(candidate);
        }
        return claimed;
    }

    private IQueryable<T> Due(IQueryable<T> rows, DateTimeOffset now)
    {
        var due = NullableDueAt
            ? rows.Where(e => EF.Property<DateTimeOffset?>(e, DueAt) <= now)
            : rows.Where(e => EF.Property<DateTimeOffset>(e, DueAt) <= now);
        return Where is null ? due : due.Where(Where);
    }

    private bool NullableDueAt => _nullableDueAt ??= (typeof(T).GetProperty(DueAt)?.PropertyType
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {DueAt}.")) == typeof(DateTimeOffset?);

    private void CheckPairs()
    {
        // One condition written twice (LINQ for SQLite, SQL for PostgreSQL): a half-given pair would claim different rows per database.
        if ((Where is null) != (WhereSql is null)) throw new InvalidOperationException($"{nameof(Where)} and {nameof(WhereSql)} go together.");
        if ((OnClaim is null) != (OnClaimSql is null)) throw new InvalidOperationException($"{nameof(OnClaim)} and {nameof(OnClaimSql)} go together.");
    }

    private Names NamesIn(TongbanDb db) => _names.GetValue(db.Model, model =>
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var key = entity.FindPrimaryKey()?.Properties is [var single] && single.ClrType == typeof(long)
            ? single : throw new InvalidOperationException($"{typeof(T).Name} needs a single long key.");
        var due = entity.FindProperty(DueAt) ?? throw new InvalidOperationException($"{typeof(T).Name}.{DueAt} is not mapped.");
        return new Names(Quote(entity.GetTableName()!), Quote(key.GetColumnName()), key.Name, Quote(due.GetColumnName()));
    });

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The table's and columns' names (quoted) as the model maps them; the key's property name for LINQ.</summary>
    private sealed record Names(string Table, string Id, string IdProperty, string DueAt);

    /// <summary>Builds one FormattableString out of SQL text and parameters, so every value goes as a parameter.</summary>
    private sealed class SqlBuilder
    {
        private readonly List<object?> _args = [];

        public string Arg(object? value)
        {
            _args.Add(value);
            return "{" + (_args.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }

        /// <summary>Renumbers another FormattableString's placeholders into this one.</summary>
        public string Inline(FormattableString part) =>
            string.Format(CultureInfo.InvariantCulture, part.Format, [.. part.GetArguments().Select(a => (object)Arg(a))]);

        public FormattableString Build(string format) => FormattableStringFactory.Create(format, [.. _args]);
    }
}
