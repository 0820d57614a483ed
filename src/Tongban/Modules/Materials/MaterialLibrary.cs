using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Materials;

/// <summary>
/// Whose library: a person (by ID number) or an enterprise (by credit code), as a blind index. <see cref="Index"/> is
/// what new rows get; <see cref="Indexes"/> every index older rows may carry (ADR 0013), matched with IN.
/// </summary>
internal readonly record struct LibraryOwner(ApplicantKind Kind, string Index, IReadOnlyList<string> Indexes)
{
    public static LibraryOwner OfCase(Case c) => new(c.ApplicantKind, c.ApplicantIdIndex, [.. PersonalData.BlindIndexes(c.ApplicantIdNumber).Append(c.ApplicantIdIndex).Distinct()]);

    public static LibraryOwner Person(string idNumber) => Of(ApplicantKind.Person, idNumber);

    public static LibraryOwner Of(ApplicantKind kind, string idNumber) => new(kind, PersonalData.BlindIndex(idNumber), PersonalData.BlindIndexes(idNumber));

    public static LibraryOwner Of(CitizenActor citizen) => new(ApplicantKind.Person, citizen.IdIndex, citizen.IdIndexes);

    public bool Owns(ApplicantKind kind, string index) => kind == Kind && Indexes.Contains(index);
}

internal sealed record LibraryMaterialDto(long Id, string MaterialTypeCode, string Name, TrustLevel TrustLevel, DateOnly? ValidUntil, Guid FileId,
    LibrarySource Source, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, int UseCount, int ReuseCount, string? FirstCaseNumber);

/// <summary>
/// The once-only rule (凡是能通过网络核验的信息，不得要求重复提供) in code: what a submission brings is kept
/// for its owner; what the owner already has is offered for reuse. The Cases module calls these in its
/// own unit of work, so a case and the library never disagree after a crash.
/// </summary>
internal static class MaterialLibrary
{
    /// <summary>
    /// The library class of a requirement. Application forms are signed for one application and are never
    /// kept; a requirement without a material type is kept for the same item's requirement only.
    /// </summary>
    public static string? TypeKeyOf(string itemCode, MaterialRequirement r) =>
        r.Type == "form" || r.MaterialTypeCode == "application-form" ? null : r.MaterialTypeCode ?? $"{itemCode}/{r.Code}";

    /// <summary>Usable for reuse today: not revoked, not expired.</summary>
    public static IQueryable<LibraryMaterial> Usable(IQueryable<LibraryMaterial> q, LibraryOwner owner, DateOnly today) =>
        q.Where(m => m.OwnerKind == owner.Kind && owner.Indexes.Contains(m.OwnerIndex) && m.RevokedAt == null && (m.ValidUntil == null || m.ValidUntil >= today));

    public static bool IsUsable(LibraryMaterial m, DateOnly today) => m.RevokedAt is null && (m.ValidUntil is null || m.ValidUntil >= today);

    /// <summary>Best first: most trusted, then newest.</summary>
    public static IOrderedEnumerable<LibraryMaterial> BestFirst(IEnumerable<LibraryMaterial> materials) =>
        materials.OrderBy(m => m.TrustLevel).ThenByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);

    public static LibraryMaterialDto ToDto(LibraryMaterial m) =>
        new(m.Id, m.TypeKey, m.Name, m.TrustLevel, m.ValidUntil, m.FileId, m.Source, m.CreatedAt, m.LastUsedAt, m.UseCount, m.ReuseCount, m.FirstCaseNumber);

    /// <summary>A kept material used again for a new case: linked, counted (an upload saved).</summary>
    public static void MarkReused(LibraryMaterial m, DateTimeOffset now)
    {
        m.UseCount++;
        m.ReuseCount++;
        m.LastUsedAt = now;
    }

    /// <summary>
    /// Keeps the case's newly uploaded materials in the owner's library (trust C: the original is still to be
    /// checked). The same file for the same class is kept once; the case material is linked to the record.
    /// </summary>
    public static async Task KeepAsync(TongbanDb db, Case c, IReadOnlyDictionary<string, MaterialRequirement> requirements, bool scannedAtWindow,
        DateTimeOffset now, CancellationToken ct)
    {
        var fresh = c.Materials.Where(m => m.FileId is not null && m.LibraryMaterialId is null && m.LibraryMaterial is null && m.ReplacedAt is null
            && requirements.ContainsKey(m.RequirementCode) && TypeKeyOf(c.ItemCode, requirements[m.RequirementCode]) is not null).ToList();
        if (fresh.Count == 0) return;
        var owner = LibraryOwner.OfCase(c);
        var fileIds = fresh.Select(m => m.FileId!.Value).Distinct().ToList();
        // One query for the digests and one for what the owner already keeps: no query per material.
        var digests = await db.StoredFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Sha256, ct);
        var keys = fresh.Select(m => TypeKeyOf(c.ItemCode, requirements[m.RequirementCode])!).Distinct().ToList();
        var kept = await db.LibraryMaterials.Where(m => m.OwnerKind == owner.Kind && owner.Indexes.Contains(m.OwnerIndex) && keys.Contains(m.TypeKey)).ToListAsync(ct);
        foreach (var material in fresh)
        {
            if (!digests.TryGetValue(material.FileId!.Value, out var sha256)) continue;
            var requirement = requirements[material.RequirementCode];
            var key = TypeKeyOf(c.ItemCode, requirement)!;
            var same = kept.FirstOrDefault(k => k.TypeKey == key && k.Sha256 == sha256 && k.RevokedAt is null);
            if (same is null)
            {
                same = new LibraryMaterial
                {
                    OwnerKind = owner.Kind, OwnerIndex = owner.Index, TypeKey = key, Name = requirement.Name, TrustLevel = TrustLevel.C,
                    Source = scannedAtWindow ? LibrarySource.Window : LibrarySource.Upload, FileId = material.FileId.Value, Sha256 = sha256,
                    FirstCaseNumber = c.Number, CreatedAt = now,
                };
                db.LibraryMaterials.Add(same);
                kept.Add(same);
            }
            same.UseCount++;
            same.LastUsedAt = now;
            material.LibraryMaterial = same;
        }
    }

    /// <summary>
    /// 窗口核验: a clerk who accepts a case at the window has the originals in hand, so the case's uploaded
    /// (C) materials become B — reusable without another look at the original.
    /// </summary>
    public static async Task VerifyAtWindowAsync(TongbanDb db, Case c, string clerkName, DateTimeOffset now, CancellationToken ct)
    {
        var ids = c.CurrentMaterials.Where(m => m.LibraryMaterialId is not null).Select(m => m.LibraryMaterialId!.Value).Distinct().ToList();
        if (ids.Count == 0) return;
        var records = await db.LibraryMaterials.Where(m => ids.Contains(m.Id) && m.TrustLevel == TrustLevel.C).ToListAsync(ct);
        foreach (var r in records)
        {
            r.TrustLevel = TrustLevel.B;
            r.VerifiedBy = clerkName;
            r.VerifiedAt = now;
        }
    }
}
