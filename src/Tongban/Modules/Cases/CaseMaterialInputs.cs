using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

/// <summary>Checks the materials named in a submission or supplement against the item's requirements and the file store.</summary>
internal static class CaseMaterialInputs
{
    public static async Task ValidateAsync(TongbanDb db, IReadOnlyList<MaterialInput> materials, IReadOnlyDictionary<string, MaterialRequirement> requirements, FieldErrors errors, CancellationToken ct)
    {
        var fileIds = materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).Distinct().ToList();
        // One query for all files, not one per material.
        var known = fileIds.Count == 0 ? [] : (await db.StoredFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            if (string.IsNullOrWhiteSpace(m.RequirementCode) || !requirements.ContainsKey(m.RequirementCode))
                errors.Add($"materials[{i}].requirementCode", "该事项没有这项材料要求");
            if (m.FileId is { } fileId && !known.Contains(fileId))
                errors.Add($"materials[{i}].fileId", "文件不存在，请先上传（POST /api/files）");
            if (m.LibraryMaterialId is not null || m.CertificateId is not null)
                // The material library and e-certificates arrive with their own issues (ADR 0004).
                errors.Add($"materials[{i}]", "材料库复用和电子证照暂未开放，请上传文件或收取纸质材料");
        }
    }
}
