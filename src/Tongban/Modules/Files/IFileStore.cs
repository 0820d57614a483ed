namespace Tongban.Modules.Files;

/// <summary>
/// Where uploaded bytes live: the local disk of one node (the default) or PostgreSQL, which every node of a district
/// reaches (docs/operations.md, "Two nodes"). Keys come from <see cref="FileKeys"/>, the same in every store, so moving
/// the files between stores changes no row.
/// </summary>
internal interface IFileStore
{
    /// <summary>
    /// Copies <paramref name="content"/> into the store under <paramref name="key"/>. The bytes appear under the key
    /// only when complete: a crash or a failing source leaves nothing behind the key.
    /// </summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the bytes for reading, or null when they are missing.</summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken);

    /// <summary>Removes the bytes (used to undo a save whose database row was not written).</summary>
    Task DeleteAsync(string storageKey, CancellationToken cancellationToken);
}

/// <summary>The storage key of a file: yyyy/MM/&lt;id&gt; of its upload (UTC), a folder per month on disk.</summary>
internal static class FileKeys
{
    public static string For(Guid id, DateTimeOffset uploadedAt)
    {
        var utc = uploadedAt.UtcDateTime;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{utc:yyyy}/{utc:MM}/{id:N}");
    }

    /// <summary>Saves under the key of a new file and returns the key.</summary>
    public static async Task<string> SaveNewAsync(this IFileStore store, Guid id, DateTimeOffset uploadedAt, Stream content, CancellationToken cancellationToken)
    {
        var key = For(id, uploadedAt);
        await store.SaveAsync(key, content, cancellationToken);
        return key;
    }
}
