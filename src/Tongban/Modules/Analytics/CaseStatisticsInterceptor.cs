using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Analytics;

/// <summary>
/// The statistics move with the cases, in the same transaction, never by scanning cases at query time: the counter
/// changes of a save are read before it (original values) and added after it, inside the caller's transaction, or
/// inside one opened here and committed once the counters are in. A failed save counts nothing.
/// </summary>
internal sealed class CaseStatisticsInterceptor : SaveChangesInterceptor
{
    private sealed record PendingSave(Dictionary<StatKey, int[]> Deltas, IDbContextTransaction? OwnTransaction);

    // One interceptor serves every (pooled) context, so a save in progress is remembered per context.
    private readonly ConditionalWeakTable<DbContext, PendingSave> pending = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not TongbanDb db) return result;
        // A save that never reached an ending callback (it failed before EF's own try block) must not leave its transaction behind.
        if (Take(db) is { } stale) await EndAsync(stale);
        var deltas = CaseStatistics.Collect(db.ChangeTracker);
        if (deltas.Count == 0) return result;
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        pending.AddOrUpdate(db, new PendingSave(deltas, own));
        // EF reports a concurrency conflict through the context's event only, not through SaveChangesFailedAsync below.
        db.SaveChangesFailed += RollBackOnFailure;
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not TongbanDb db || Take(db) is not { } save) return result;
        try
        {
            await CaseStatistics.ApplyAsync(db, save.Deltas, cancellationToken);
            if (save.OwnTransaction is not null) await save.OwnTransaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await EndAsync(save);
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Take(db) is { } save) await EndAsync(save);
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Take(db) is { } save) await EndAsync(save);
    }

    /// <summary>An event handler cannot be awaited: the rollback is synchronous, before the exception reaches the caller.</summary>
    private void RollBackOnFailure(object? sender, SaveChangesFailedEventArgs e)
    {
        if (sender is DbContext db && Take(db) is { } save) save.OwnTransaction?.Dispose();
    }

    private PendingSave? Take(DbContext db)
    {
        db.SaveChangesFailed -= RollBackOnFailure;
        return pending.TryGetValue(db, out var save) && pending.Remove(db) ? save : null;
    }

    /// <summary>Disposing a transaction that was not committed rolls it back.</summary>
    private static ValueTask EndAsync(PendingSave save) => save.OwnTransaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
