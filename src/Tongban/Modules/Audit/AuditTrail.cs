using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Audit;

/// <summary>
/// Appends audit entries to their stream's chain. <see cref="AppendAsync"/> only adds rows to the
/// DbContext: the caller's SaveChanges commits them in the same transaction as the business change,
/// so there is no change without its entry and no entry without its change. Two transactions
/// appending to the same stream cannot both commit (unique (stream, sequence) and the head's
/// concurrency token): the loser's SaveChanges throws a DbUpdateException, which the caller answers
/// with a 409 or retries. Cost per append: one primary-key read of the stream head (none when the
/// head is already tracked) plus one INSERT and one INSERT/UPDATE in the caller's SaveChanges.
/// </summary>
internal sealed class AuditTrail(AuditKey key, TimeProvider clock)
{
    public const int MaxSummaryLength = 400;
    public const int MaxStateLength = 4000;
    private const int RecordAttempts = 3;

    /// <param name="newStream">
    /// The stream was born in this unit of work (a case filed under a number just allocated): its head can only be one
    /// this unit of work tracks, so the database is not asked (one round trip fewer per submission). Were the name taken
    /// after all, the unique (stream, sequence) index fails the save: the chain never forks.
    /// </param>
    public async Task AppendAsync(TongbanDb db, AuditEvent e, CancellationToken ct, bool newStream = false)
    {
        Check(e);
        // Find returns a head tracked by this unit of work (even one added moments ago), so several
        // appends to one stream before a single SaveChanges chain one after another.
        Append(db, e, newStream ? db.AuditStreamHeads.Local.FindEntry(e.Stream)?.Entity : await db.AuditStreamHeads.FindAsync([e.Stream], ct));
    }

    /// <summary>
    /// The stream's head for <see cref="RecordAsync"/>, by a compiled tracking query (Find builds its query anew on every
    /// call: 7 % of a case view's CPU). Equivalent to Find there: nothing is pending in that unit of work, so no head can
    /// be added and unsaved, and a head tracked from an earlier record of the same request is the one returned (identity
    /// resolution), up to date since that record saved it.
    /// </summary>
    private static readonly CompiledPerModel<Func<TongbanDb, string, CancellationToken, Task<AuditStreamHead?>>> HeadOf = new(() =>
        EF.CompileAsyncQuery((TongbanDb db, string stream, CancellationToken ct) => db.AuditStreamHeads.FirstOrDefault(h => h.Stream == stream)));

    private void Append(TongbanDb db, AuditEvent e, AuditStreamHead? head)
    {
        var at = AuditHashing.Truncate(clock.GetUtcNow());
        var entry = new AuditEntry
        {
            Stream = e.Stream,
            Sequence = (head?.LastSequence ?? 0) + 1,
            At = at,
            ActorKind = e.Actor.Kind,
            ActorId = e.Actor.Id,
            ActorName = e.Actor.Name,
            Role = e.Actor.Role,
            Action = e.Action,
            CaseNumber = e.CaseNumber,
            // A summary is prose for people: cut rather than fail the business change over its length.
            Summary = e.Summary.Length <= MaxSummaryLength ? e.Summary : e.Summary[..(MaxSummaryLength - 1)] + "…",
            Before = e.Before,
            After = e.After,
            Ip = e.Actor.Ip,
            Channel = e.Actor.Channel,
            PreviousHash = head?.LastHash ?? AuditHashing.Genesis,
        };
        entry.Hash = AuditHashing.EntryMac(key.Bytes, entry);
        db.AuditEntries.Add(entry);
        if (head is null)
        {
            head = new AuditStreamHead { Stream = e.Stream };
            db.AuditStreamHeads.Add(head);
        }
        head.LastSequence = entry.Sequence;
        head.LastHash = entry.Hash;
        head.UpdatedAt = at;
        head.Mac = AuditHashing.HeadMac(key.Bytes, head);
    }

    /// <summary>
    /// Appends and saves on its own, for accesses that change nothing else (reads of personal data).
    /// Records to one stream from this node take turns (a gate per stream, striped): a user with several
    /// tabs open, whose reads all go to their own stream, waits a commit's time instead of losing the race
    /// three times and getting a 409 for a read. A race still lost (another node, or a business change
    /// appending to the same stream) is retried: there is no business change to repeat.
    /// </summary>
    public async Task RecordAsync(TongbanDb db, AuditEvent e, CancellationToken ct)
    {
        if (db.ChangeTracker.HasChanges())
            throw new InvalidOperationException("RecordAsync saves on its own; with pending changes use AppendAsync and SaveChanges.");
        Check(e);
        var gate = RecordGates[(int)((uint)StringComparer.Ordinal.GetHashCode(e.Stream) % (uint)RecordGates.Length)];
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                Append(db, e, await HeadOf.For(db)(db, e.Stream, ct));
                try
                {
                    await SaveAloneAsync(db, ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < RecordAttempts)
                {
                    foreach (var tracked in db.ChangeTracker.Entries().Where(x => x.Entity is AuditEntry or AuditStreamHead).ToList())
                        tracked.State = EntityState.Detached;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Saves the entry and its head. On PostgreSQL without BEGIN/COMMIT: EF sends the INSERT and the UPDATE as one batch, which
    /// PostgreSQL runs as one implicit transaction (one Sync), so both or neither commit, and the COMMIT round trip goes
    /// (one of a case view's round trips). A lost race fails the INSERT (unique stream and sequence) before the UPDATE runs.
    /// SQLite commits each statement of a batch on its own, so there the transaction stays (it costs no round trip in-process).
    /// </summary>
    private static async Task SaveAloneAsync(TongbanDb db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var before = db.Database.AutoTransactionBehavior;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = before;
        }
    }

    /// <summary>
    /// Gates for <see cref="RecordAsync"/>, by stream hash. Striped rather than one per stream: no dictionary
    /// that grows with every user; two streams sharing a stripe only take turns, which costs little for a single insert.
    /// </summary>
    private static readonly SemaphoreSlim[] RecordGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private static void Check(AuditEvent e)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Summary);
        if (e.Before?.Length > MaxStateLength || e.After?.Length > MaxStateLength)
            throw new ArgumentException($"Audit before/after longer than {MaxStateLength} characters.", nameof(e));
    }
}
