using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Catalog;
using Tongban.Modules.Materials;

namespace Tongban.Modules.Cases;

/// <summary>What <see cref="CaseMaterialInputs.ValidateAsync"/> found: the library records named, or why the caller may not use them.</summary>
internal sealed class CheckedMaterials
{
    public Dictionary<long, LibraryMaterial> Library { get; } = [];
    /// <summary>The e-certificates named, by id (trust A: used as they are, their sealed PDF is the material's file).</summary>
    public Dictionary<string, CertificateForMaterial> Certificates { get; } = [];
    /// <summary>403 when a named library material belongs to someone else.</summary>
    public IResult? Refusal { get; set; }

    /// <summary>The case material a valid input becomes: a reused library material is linked (its file, its record), not copied.</summary>
    public CaseMaterial ToCaseMaterial(MaterialInput m, MaterialRequirement requirement, DateTimeOffset now)
    {
        var kept = m.LibraryMaterialId is { } id ? Library[id] : null;
        if (kept is not null) MaterialLibrary.MarkReused(kept, now);
        var certificate = m.CertificateId is { } cid ? Certificates[cid] : null;
        return new CaseMaterial { RequirementCode = requirement.Code, Name = requirement.Name, FileId = m.FileId ?? kept?.FileId ?? certificate?.FileId, LibraryMaterialId = kept?.Id,
            FromLibrary = kept is not null, CertificateId = certificate?.Id, SubmittedAt = now };
    }

    public SuppliedMaterial ToSupplied(MaterialInput m, DateTimeOffset now)
    {
        var kept = m.LibraryMaterialId is { } id ? Library[id] : null;
        if (kept is not null) MaterialLibrary.MarkReused(kept, now);
        var certificate = m.CertificateId is { } cid ? Certificates[cid] : null;
        return new SuppliedMaterial(m.RequirementCode!, m.FileId ?? kept?.FileId ?? certificate?.FileId, kept?.Id, certificate?.Id);
    }
}

/// <summary>Checks the materials named in a submission or supplement against the item's requirements, the file store and the owner's library.</summary>
internal static class CaseMaterialInputs
{
    /// <param name="owner">Whose library reused materials must come from (the applicant's).</param>
    /// <param name="caller">Who attaches ("staff:12", "citizen:34"): a file must be their own upload (<see cref="AttachableFilesAsync"/>).</param>
    /// <param name="certificates">The e-certificate library, for materials that name a <c>certificateId</c>.</param>
    public static async Task<CheckedMaterials> ValidateAsync(TongbanDb db, IReadOnlyList<MaterialInput> materials, IReadOnlyDictionary<string, MaterialRequirement> requirements,
        string itemCode, LibraryOwner owner, string caller, DateOnly today, FieldErrors errors, ICertificateMaterials certificates, CancellationToken ct)
    {
        var result = new CheckedMaterials();
        var fileIds = materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).Distinct().ToList();
        // A few queries for all files and all library records, not one per material.
        var attachable = await AttachableFilesAsync(db, fileIds, owner, caller, ct);
        var libraryIds = materials.Where(m => m.LibraryMaterialId is not null).Select(m => m.LibraryMaterialId!.Value).Distinct().ToList();
        if (libraryIds.Count > 0)
            foreach (var m in await db.LibraryMaterials.Where(m => libraryIds.Contains(m.Id)).ToListAsync(ct)) result.Library[m.Id] = m;
        var certificateIds = materials.Where(m => m.CertificateId is not null).Select(m => m.CertificateId!).Distinct().ToList();
        if (certificateIds.Count > 0)
            foreach (var (id, found) in await certificates.FindAsync(db, certificateIds, today, ct)) result.Certificates[id] = found;
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            MaterialRequirement? requirement = null;
            if (string.IsNullOrWhiteSpace(m.RequirementCode) || !requirements.TryGetValue(m.RequirementCode, out requirement))
                errors.Add($"materials[{i}].requirementCode", "该事项没有这项材料要求");
            // Someone else's upload answers like a missing one: whether it exists is not the caller's business.
            if (m.FileId is { } fileId && !attachable.Contains(fileId))
                errors.Add($"materials[{i}].fileId", "文件不存在，或不是您为本申请人上传的文件，请重新上传（POST /api/files）");
            if (m.FileId is not null && m.LibraryMaterialId is not null)
                errors.Add($"materials[{i}]", "一项材料请只选择上传文件或材料库中的一份，不要同时提供");
            if (m.LibraryMaterialId is { } libraryId)
            {
                if (!result.Library.TryGetValue(libraryId, out var kept))
                    errors.Add($"materials[{i}].libraryMaterialId", "材料库中没有这份材料");
                else if (!owner.Owns(kept.OwnerKind, kept.OwnerIndex))
                    result.Refusal ??= Problems.Of(StatusCodes.Status403Forbidden, "material.not_owner", "不能使用他人的材料",
                        $"第 {i + 1} 项材料不属于本次申请人，只能复用申请人本人材料库中的材料。");
                else if (!MaterialLibrary.IsUsable(kept, today))
                    errors.Add($"materials[{i}].libraryMaterialId", kept.RevokedAt is not null ? "这份材料已作废，请重新上传" : $"这份材料已于 {kept.ValidUntil:yyyy-MM-dd} 过期，请重新上传");
                else if (requirement is not null && MaterialLibrary.TypeKeyOf(itemCode, requirement) != kept.TypeKey)
                    errors.Add($"materials[{i}].libraryMaterialId", $"“{kept.Name}”不能用作“{requirement.Name}”");
            }
            if (m.CertificateId is { } certificateId)
            {
                if ((m.FileId is not null ? 1 : 0) + (m.LibraryMaterialId is not null ? 1 : 0) > 0)
                    errors.Add($"materials[{i}]", "一项材料请只选择上传文件、材料库或电子证照中的一种");
                else if (!result.Certificates.TryGetValue(certificateId, out var certificate))
                    errors.Add($"materials[{i}].certificateId", "证照库中没有这个电子证照");
                else if (!owner.Owns(certificate.HolderKind, certificate.HolderIndex))
                    result.Refusal ??= Problems.Of(StatusCodes.Status403Forbidden, "material.not_owner", "不能使用他人的电子证照",
                        $"第 {i + 1} 项材料的电子证照不属于本次申请人，只能调用申请人本人的电子证照。");
                else if (certificate.Unusable is { } why)
                    errors.Add($"materials[{i}].certificateId", $"“{certificate.TypeName}”{why}，不能作为申请材料");
                else if (requirement is not null && requirement.CertificateTypeCode != certificate.TypeCode)
                    errors.Add($"materials[{i}].certificateId", $"“{certificate.TypeName}”不能用作“{requirement.Name}”");
            }
        }
        return result;
    }

    /// <summary>
    /// The files of <paramref name="fileIds"/> the caller may attach for <paramref name="owner"/>: their own uploads not yet
    /// attached to anyone else's case or library (an attached upload belongs to that case and its applicant), and files the
    /// owner's own library keeps (once-only reuse: B's kept scan for B's case, never for C's).
    /// </summary>
    private static async Task<HashSet<Guid>> AttachableFilesAsync(TongbanDb db, List<Guid> fileIds, LibraryOwner owner, string caller, CancellationToken ct)
    {
        if (fileIds.Count == 0) return [];
        var indexes = owner.Indexes;
        var own = await db.StoredFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id) && f.UploadedBy == caller).Select(f => f.Id).ToListAsync(ct);
        var inOwnersLibrary = await db.LibraryMaterials.AsNoTracking()
            .Where(m => fileIds.Contains(m.FileId) && m.OwnerKind == owner.Kind && indexes.Contains(m.OwnerIndex)).Select(m => m.FileId).ToListAsync(ct);
        var othersCases = await db.Cases.AsNoTracking().Where(c => c.ApplicantKind != owner.Kind || !indexes.Contains(c.ApplicantIdIndex))
            .SelectMany(c => c.Materials).Where(m => m.FileId != null && fileIds.Contains(m.FileId.Value)).Select(m => m.FileId!.Value).ToListAsync(ct);
        var othersLibraries = await db.LibraryMaterials.AsNoTracking()
            .Where(m => fileIds.Contains(m.FileId) && (m.OwnerKind != owner.Kind || !indexes.Contains(m.OwnerIndex))).Select(m => m.FileId).ToListAsync(ct);
        var attachable = own.Except(othersCases).Except(othersLibraries).ToHashSet();
        attachable.UnionWith(inOwnersLibrary);
        return attachable;
    }
}
