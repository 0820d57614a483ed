using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

/// <summary>Checks the materials named in a submission or supplement against the item's requirements.</summary>
internal static class CaseMaterialInputs
{
    public static Task ValidateAsync(TongbanDb db, IReadOnlyList<MaterialInput> materials, IReadOnlyDictionary<string, MaterialRequirement> requirements, FieldErrors errors, CancellationToken ct)
    {
        _ = db;
        _ = ct;
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            if (string.IsNullOrWhiteSpace(m.RequirementCode) || !requirements.ContainsKey(m.RequirementCode))
                errors.Add($"materials[{i}].requirementCode", "该事项没有这项材料要求");
            if (m.FileId is not null || m.LibraryMaterialId is not null || m.CertificateId is not null)
                // Electronic materials arrive with the file store and the material library (ADR 0004).
                errors.Add($"materials[{i}]", "电子材料（上传文件、材料库、电子证照）暂未开放，请按纸质材料收取");
        }
        return Task.CompletedTask;
    }
}
