using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Files;

namespace Tongban.Modules.Cases;

/// <summary>
/// A file attached to a case as a material is read by the staff who work on that case (its point or department,
/// <see cref="CaseScope.WorkedOnBy"/>) and by the citizen whose case it is (<see cref="ListMyCases.Mine"/>).
/// </summary>
internal sealed class CaseMaterialReadGrant(TongbanDb db) : IFileReadGrant, IFileAttachments
{
    public async Task<IReadOnlyCollection<Guid>> AttachedAsync(IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().SelectMany(c => c.Materials).Where(m => m.FileId != null && fileIds.Contains(m.FileId.Value))
            .Select(m => m.FileId!.Value).Distinct().ToListAsync(cancellationToken);

    public Task<bool> GrantsAsync(Guid fileId, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        var cases = db.Cases.AsNoTracking().Where(c => c.Materials.Any(m => m.FileId == fileId));
        if (StaffActor.From(reader) is { } staff) return CaseScope.WorkedOnBy(cases, staff).AnyAsync(cancellationToken);
        if (CitizenActor.From(reader) is { } citizen) return ListMyCases.Mine(cases, citizen).AnyAsync(cancellationToken);
        return Task.FromResult(false);
    }
}
