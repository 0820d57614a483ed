using Microsoft.EntityFrameworkCore;

namespace Tongban.Infrastructure.Data;

/// <summary>
/// A database upgraded by a newer build has migrations this build does not know: its code would read and write tables
/// whose shape it does not understand. Such a node must not start (docs/operations.md § Upgrades).
/// </summary>
internal sealed class SchemaTooNewException(IReadOnlyList<string> unknown, string? newestKnown) : Exception(
    $"The database was upgraded by a newer Tongban build: it has migration(s) {string.Join(", ", unknown)} that this build "
    + $"does not know (its newest is {newestKnown ?? "none"}). Start the newer build instead, or restore a backup made "
    + "before the upgrade (docs/operations.md § Upgrades). Nothing was changed.")
{
    /// <summary>Exit code of a process that refused to start for this reason.</summary>
    public const int ExitCode = 3;

    public IReadOnlyList<string> Unknown { get; } = unknown;
}

internal static class SchemaVersion
{
    /// <summary>The migrations applied to the database that this build does not know (empty when the database is not newer).</summary>
    public static async Task<IReadOnlyList<string>> UnknownMigrationsAsync(TongbanDb db, CancellationToken cancellationToken = default)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        return [.. applied.Where(m => !known.Contains(m)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The newest migration this build knows, i.e. the schema it writes.</summary>
    public static string? NewestKnown(TongbanDb db) => db.Database.GetMigrations().LastOrDefault();

    /// <summary>Throws <see cref="SchemaTooNewException"/> when the database has migrations this build does not know.</summary>
    public static async Task EnsureNotNewerAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var unknown = await UnknownMigrationsAsync(db, cancellationToken);
        if (unknown.Count > 0) throw new SchemaTooNewException(unknown, NewestKnown(db));
    }
}
