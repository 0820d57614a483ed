using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Files;

/// <summary>How other modules (cases, materials, certificates) look up an uploaded file.</summary>
internal sealed class FileCatalog(TongbanDb db, IFileStore store)
{
    public Task<StoredFile?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>The file's bytes, or null when the store has lost them.</summary>
    public Stream? OpenRead(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return store.OpenRead(file.StorageKey);
    }
}
