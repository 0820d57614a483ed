using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Files;

namespace Tongban.Modules.Materials;

/// <summary>
/// A citizen reads the files their own library keeps (我的材料). Staff read library files only through a case they work
/// on (<see cref="CaseMaterialReadGrant"/>): the window's lookup shows the list, and a reuse attaches the file to the case.
/// </summary>
internal sealed class LibraryFileReadGrant(TongbanDb db) : IFileReadGrant, IFileAttachments
{
    public async Task<IReadOnlyCollection<Guid>> AttachedAsync(IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken) =>
        await db.LibraryMaterials.AsNoTracking().Where(m => fileIds.Contains(m.FileId)).Select(m => m.FileId).Distinct().ToListAsync(cancellationToken);

    public Task<bool> GrantsAsync(Guid fileId, ClaimsPrincipal reader, CancellationToken cancellationToken) =>
        CitizenActor.From(reader) is { } citizen
            ? db.LibraryMaterials.AnyAsync(m => m.FileId == fileId && m.OwnerKind == ApplicantKind.Person && citizen.IdIndexes.Contains(m.OwnerIndex), cancellationToken)
            : Task.FromResult(false);
}
