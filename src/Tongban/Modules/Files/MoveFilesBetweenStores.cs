using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Files;

/// <summary>
/// <c>files move --to postgres|local</c>: copies every stored file from the other store into the named one, checking each
/// copy against the SHA-256 of its row. Runs beside the service, resumable (a file already in the target is skipped), and
/// deletes nothing: the old store is removed by hand once the setting points at the new one (docs/operations.md).
/// </summary>
internal static class MoveFilesBetweenStores
{
    private const int Page = 500;

    public sealed record Outcome(int Copied, int AlreadyThere, int MissingInSource, int Mismatched);

    public static async Task<int> RunCliAsync(IServiceProvider services, string[] args)
    {
        var to = args.Length > 3 && args[2] == "--to" ? args[3] : null;
        if (to is not ("postgres" or "local"))
        {
            Console.Error.WriteLine("usage: files move --to postgres|local");
            return 2;
        }
        var configuration = services.GetRequiredService<IConfiguration>();
        var connectionString = configuration.GetConnectionString("Tongban");
        if (!services.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsPostgres || string.IsNullOrEmpty(connectionString))
        {
            Console.Error.WriteLine("The PostgreSQL file store lives in the Tongban database: Tongban:Database:Provider must be postgres.");
            return 2;
        }
        var local = new LocalDiskFileStore(services.GetRequiredService<IOptions<FileOptions>>());
        await using var postgres = PostgresFileStore.Connect(DataSetup.WithPoolDefaults(connectionString));
        var (source, target) = to == "postgres" ? ((IFileStore)local, (IFileStore)postgres) : (postgres, local);
        await using var scope = services.CreateAsyncScope();
        var outcome = await MoveAsync(scope.ServiceProvider.GetRequiredService<TongbanDb>(), source, target, CancellationToken.None);
        Console.WriteLine($"Files copied to {to}: {outcome.Copied}; already there: {outcome.AlreadyThere}; " +
                          $"missing in the old store: {outcome.MissingInSource}; copies that did not match their digest: {outcome.Mismatched}.");
        return outcome.MissingInSource + outcome.Mismatched == 0 ? 0 : 1;
    }

    public static async Task<Outcome> MoveAsync(TongbanDb db, IFileStore source, IFileStore target, CancellationToken cancellationToken)
    {
        int copied = 0, there = 0, missing = 0, mismatched = 0;
        var after = Guid.Empty;
        while (true)
        {
            // Keyset pages in id order: a file uploaded meanwhile is taken by this run or the next.
            var page = await db.StoredFiles.AsNoTracking().Where(f => f.Id.CompareTo(after) > 0).OrderBy(f => f.Id).Take(Page)
                .Select(f => new { f.Id, f.StorageKey, f.Sha256 }).ToListAsync(cancellationToken);
            if (page.Count == 0) break;
            foreach (var file in page)
            {
                if (await target.ExistsAsync(file.StorageKey, cancellationToken))
                {
                    there++;
                    continue;
                }
                await using (var content = await source.OpenReadAsync(file.StorageKey, cancellationToken))
                {
                    if (content is null)
                    {
                        missing++;
                        continue;
                    }
                    await target.SaveAsync(file.StorageKey, content, cancellationToken);
                }
                if (await DigestAsync(target, file.StorageKey, cancellationToken) == file.Sha256)
                {
                    copied++;
                }
                else
                {
                    mismatched++;
                    await target.DeleteAsync(file.StorageKey, cancellationToken);
                }
            }
            after = page[^1].Id;
        }
        return new Outcome(copied, there, missing, mismatched);
    }

    private static async Task<string?> DigestAsync(IFileStore store, string key, CancellationToken cancellationToken)
    {
        await using var content = await store.OpenReadAsync(key, cancellationToken);
        return content is null ? null : Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }
}
