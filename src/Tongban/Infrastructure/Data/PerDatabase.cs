using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Tongban.Infrastructure.Data;

/// <summary>
/// State kept once per database (keyed by its connection string): the static caches of reference data, whose callers
/// are static use-case helpers given only the DbContext. The key keeps apps on separate databases (the tests) apart.
/// </summary>
internal sealed class PerDatabase<T>(Func<T> create) where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public T For(DbContext db) => _entries.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => create());

    /// <summary>The entries of every database this process uses.</summary>
    public IEnumerable<T> All => _entries.Values;
}
