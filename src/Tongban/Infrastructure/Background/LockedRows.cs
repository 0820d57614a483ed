using Microsoft.EntityFrameworkCore.Storage;

namespace Tongban.Infrastructure.Background;

/// <summary>
/// Rows claimed by <see cref="DueRowClaimer{T}.ClaimLockedAsync"/> and the transaction that holds them: the worker
/// does its work in it and commits; disposing without a commit rolls back and lets the rows go (on SQLite the lease stays).
/// </summary>
internal sealed class LockedRows(List<long> ids, IDbContextTransaction transaction) : IAsyncDisposable
{
    /// <summary>Oldest due first.</summary>
    public List<long> Ids { get; } = ids;

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
