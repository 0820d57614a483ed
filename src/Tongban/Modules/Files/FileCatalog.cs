using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Files;

/// <summary>How other modules (cases, materials, certificates) keep and look up a file.</summary>
internal sealed class FileCatalog(TongbanDb db, IFileStore store)
{
    /// <summary>
    /// Keeps checked content (an upload, or a document the platform made for someone) as a file of
    /// <paramref name="uploadedBy"/>, with both digests. No row without bytes, no bytes without a row.
    /// </summary>
    public async Task<StoredFile> SaveAsync(Stream content, string fileName, FileKind kind, string uploadedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        string key, sha256, sm3;
        long size;
        await using (var hashing = new HashingReadStream(content))
        {
            key = await store.SaveNewAsync(id, now, hashing, cancellationToken);
            (sha256, sm3) = hashing.Finish();
            size = hashing.BytesRead;
        }
        var stored = new StoredFile
        {
            Id = id, OriginalName = fileName, ContentType = FileTypeSniffer.ContentTypeOf(kind), Kind = kind, Size = size,
            Sha256 = sha256, Sm3 = sm3, StorageKey = key, UploadedBy = uploadedBy, UploadedAt = now,
        };
        db.StoredFiles.Add(stored);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or OperationCanceledException)
        {
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        return stored;
    }

    /// <summary>
    /// Keeps a document the platform generated (a sealed certificate, a decision letter) inside the caller's unit of work:
    /// the bytes are written now, the row is added to <paramref name="db"/> and commits with the caller's save. If that save
    /// fails the bytes stay behind without a row, which nothing can reach (an orphan is harmless; a row without bytes is not).
    /// </summary>
    public static async Task<StoredFile> StageGeneratedAsync(TongbanDb db, IFileStore store, byte[] content, string fileName, FileKind kind, string owner,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(content);
        var id = Guid.CreateVersion7();
        using var input = new MemoryStream(content, writable: false);
        var key = await store.SaveNewAsync(id, now, input, cancellationToken);
        var stored = new StoredFile
        {
            Id = id, OriginalName = fileName, ContentType = FileTypeSniffer.ContentTypeOf(kind), Kind = kind, Size = content.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
            Sm3 = Infrastructure.Crypto.Sm3.HashHex(content), StorageKey = key, UploadedBy = owner, UploadedAt = now,
        };
        db.StoredFiles.Add(stored);
        return stored;
    }

    public Task<StoredFile?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>The file's bytes, or null when the store has lost them.</summary>
    public Task<Stream?> OpenReadAsync(StoredFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return store.OpenReadAsync(file.StorageKey, cancellationToken);
    }
}
