using System.Text.Json.Serialization;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Materials;

/// <summary>可信等级 (国办函〔2016〕108号): how far a kept material can be trusted without looking at the original.</summary>
internal enum TrustLevel
{
    /// <summary>Issued by the authority (an e-certificate): directly usable.</summary>
    [JsonStringEnumMemberName("A")]
    A,
    /// <summary>Checked against the original by window staff: reusable.</summary>
    [JsonStringEnumMemberName("B")]
    B,
    /// <summary>Uploaded by the person: the original must still be checked once.</summary>
    [JsonStringEnumMemberName("C")]
    C,
    /// <summary>Made by the person under a personal commitment (承诺).</summary>
    [JsonStringEnumMemberName("D")]
    D,
}

/// <summary>Where a kept material came from (API: upload | certificate | window).</summary>
internal enum LibrarySource
{
    Upload,
    Certificate,
    Window,
}

/// <summary>
/// One material in a person's or enterprise's library (材料库, "云"库): kept once, linked — never copied —
/// into each later case that reuses it. The owner is found by the blind index of their ID number or
/// credit code; the file is the stored upload, shared with the case that first brought it.
/// </summary>
internal sealed class LibraryMaterial
{
    public long Id { get; init; }
    public ApplicantKind OwnerKind { get; init; }
    /// <summary>Blind index of the owner's resident ID number or unified social credit code.</summary>
    public required string OwnerIndex { get; init; }
    /// <summary>The library classification (<see cref="MaterialLibrary.TypeKeyOf"/>): a material type code, or item/requirement for item-specific documents.</summary>
    public required string TypeKey { get; init; }
    public required string Name { get; init; }
    public TrustLevel TrustLevel { get; set; }
    public LibrarySource Source { get; init; }
    public Guid FileId { get; init; }
    public required string Sha256 { get; init; }
    public DateOnly? ValidUntil { get; set; }
    /// <summary>The case that first brought it in.</summary>
    public string? FirstCaseNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    /// <summary>Cases that used it, the first included.</summary>
    public int UseCount { get; set; }
    /// <summary>Later cases that reused it instead of a new upload (uploads saved; statistics).</summary>
    public int ReuseCount { get; set; }
    /// <summary>Who checked it against the original (a B is a C a clerk has seen the original of).</summary>
    public string? VerifiedBy { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
