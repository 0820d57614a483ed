using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Files;

/// <summary>
/// Implemented by each module that attaches uploads (a case's materials, a person's library): which of these files it
/// holds. Files owns the contract, so it asks without depending on them.
/// </summary>
internal interface IFileAttachments
{
    Task<IReadOnlyCollection<Guid>> AttachedAsync(IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken);
}

/// <summary>
/// Removes an uploader's files that nothing attached, row and bytes: the scans of a kiosk session whose person walked
/// away before submitting must not outlive the session. Attached files stay with their case or library record.
/// </summary>
internal sealed class UnattachedUploads(TongbanDb db, IFileStore store, IEnumerable<IFileAttachments> attachments, ILogger<UnattachedUploads> logger)
{
    public async Task<int> DiscardAsync(string uploadedBy, CancellationToken cancellationToken)
    {
        var files = await db.StoredFiles.Where(f => f.UploadedBy == uploadedBy).Select(f => new { f.Id, f.StorageKey }).ToListAsync(cancellationToken);
        if (files.Count == 0) return 0;
        var attached = new HashSet<Guid>();
        foreach (var module in attachments)
            attached.UnionWith(await module.AttachedAsync([.. files.Select(f => f.Id)], cancellationToken));
        var discarded = files.Where(f => !attached.Contains(f.Id)).ToList();
        if (discarded.Count == 0) return 0;
        var ids = discarded.Select(f => f.Id).ToList();
        await db.StoredFiles.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var file in discarded) await store.DeleteAsync(file.StorageKey, cancellationToken);
        logger.LogInformation("Discarded {Count} unattached upload(s) of {UploadedBy}", discarded.Count, uploadedBy);
        return discarded.Count;
    }
}
