using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Materials;

/// <summary>An e-certificate of the applicant's that can stand in for a requirement (trust A: nothing to upload or check).</summary>
internal sealed record ReusableCertificateDto(string Id, string Identifier, string TypeCode, string Name);

/// <summary>One requirement of the item and what the library holds for it, best first (most trusted, newest), and the e-certificates that satisfy it.</summary>
internal sealed record ReusableRequirementDto(string RequirementCode, string Name, Necessity Necessity, string Type, string? MaterialTypeCode,
    bool Kept, IReadOnlyList<LibraryMaterialDto> Candidates, string? CertificateTypeCode, IReadOnlyList<ReusableCertificateDto> Certificates);

/// <summary>Satisfied: requirements the library already covers; Keepable: requirements a library can cover at all (forms are signed anew).</summary>
internal sealed record ReusableMaterialsDto(string ItemCode, string ItemName, int Satisfied, int Keepable, IReadOnlyList<ReusableRequirementDto> Requirements);

/// <summary>
/// GET /api/items/{code}/reusable — which of the item's material requirements the applicant's library
/// already satisfies (the citizen's own, or `?idNumber=` for a clerk: an audited opening of the library).
/// Expired and revoked materials are not offered. Two queries: the item's requirements and the owner's
/// usable materials of those classes.
/// </summary>
internal static class GetReusableMaterials
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/items/{code}/reusable", Handle).RequireAuthorization(Policies.CaseIntake).Produces<ReusableMaterialsDto>()
            .ProducesValidationProblem().ProducesProblem(404).WithTags("Materials").WithName("GetReusableMaterials").WithSummary("可复用材料（免提交）");

    internal static async Task<IResult> Handle(string code, string? idNumber, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit,
        Cases.ICertificateMaterials certificates, CancellationToken ct)
    {
        LibraryOwner owner;
        if (CitizenActor.From(http.User) is { } citizen)
            owner = LibraryOwner.Of(citizen);
        else
        {
            var number = ResidentIdNumber.Normalize(idNumber ?? "");
            if (string.IsNullOrWhiteSpace(idNumber)) return new FieldErrors().Add("idNumber", "请填写申请人身份证号码").ToResult();
            if (ResidentIdNumber.Validate(number) is { IsValid: false } check) return new FieldErrors().Add("idNumber", check.Message!, check.Rule!).ToResult();
            owner = LibraryOwner.Person(number);
        }
        var item = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
            .FirstOrDefaultAsync(i => i.Code == code && i.Status == ItemVersionStatus.Published, ct);
        if (item is null) return Problems.NotFound("item.not_found", "事项不存在或未发布");
        if (StaffActor.From(http.User) is not null)
            await OpenPersonLibrary.OpenAsync(db, http, clock, audit, ResidentIdNumber.Normalize(idNumber!), $"办理“{item.Name}”时调阅可复用材料", ct);

        var keys = item.Materials.Select(r => MaterialLibrary.TypeKeyOf(item.Code, r)).OfType<string>().Distinct().ToList();
        var usable = keys.Count == 0 ? []
            : await MaterialLibrary.Usable(db.LibraryMaterials.AsNoTracking(), owner, ChinaTime.Today(clock)).Where(m => keys.Contains(m.TypeKey)).ToListAsync(ct);
        var typeCodes = item.Materials.Select(r => r.CertificateTypeCode).OfType<string>().Distinct().ToList();
        var held = await certificates.HeldAsync(db, owner.Kind, owner.Indexes, typeCodes, ChinaTime.Today(clock), ct);
        var requirements = item.Materials.OrderBy(r => r.SortOrder).ThenBy(r => r.Code).Select(r =>
        {
            var key = MaterialLibrary.TypeKeyOf(item.Code, r);
            var candidates = key is null ? [] : MaterialLibrary.BestFirst(usable.Where(m => m.TypeKey == key)).Select(MaterialLibrary.ToDto).ToList();
            var certs = r.CertificateTypeCode is null ? [] : held.Where(c => c.TypeCode == r.CertificateTypeCode)
                .Select(c => new ReusableCertificateDto(c.Id, c.Identifier, c.TypeCode, c.TypeName)).ToList();
            return new ReusableRequirementDto(r.Code, r.Name, r.Necessity, r.Type, r.MaterialTypeCode, key is not null, candidates, r.CertificateTypeCode, certs);
        }).ToList();
        return TypedResults.Ok(new ReusableMaterialsDto(item.Code, item.Name, requirements.Count(r => r.Candidates.Count > 0 || r.Certificates.Count > 0),
            requirements.Count(r => r.Kept), requirements));
    }
}
