namespace Tongban.Modules.Catalog;

internal sealed record TimeLimitDto(int Value, LimitUnit Unit);

/// <summary>A row of the catalog list (API.md: GET /api/items).</summary>
internal sealed record ItemSummaryDto(
    string Code, string Name, string DepartmentCode, string DepartmentName, ItemType ItemType, CaseKind CaseKind,
    TimeLimitDto PromisedLimit, TimeLimitDto LegalLimit, int VisitsRequired, IReadOnlyList<string> Channels,
    string? MatchedBy = null);

internal sealed record MaterialRequirementDto(
    string Code, string Name, Necessity Necessity, string Type, MaterialForm Form, int OriginalCopies, int Photocopies,
    MaterialSource Source, string? MaterialTypeCode, string? CertificateTypeCode, string? Notes);

internal sealed record FeeDto(bool Charged, string? Description);

/// <summary>The whole 办事指南 of the published (or requested) version.</summary>
internal sealed record ItemGuideDto(
    string Code, string Name, int Version, ItemVersionStatus Status, string BasicCode, string? ParentItemName,
    string DepartmentCode, string DepartmentName, ItemType ItemType, CaseKind CaseKind,
    TimeLimitDto PromisedLimit, TimeLimitDto LegalLimit, int VisitsRequired, IReadOnlyList<string> Channels,
    bool AppointmentSupported, TongbanScope TongbanScope, bool ToleranceAllowed, bool CommitmentAllowed,
    IReadOnlyList<string> ServingObjects, string? Conditions, IReadOnlyList<ProcessStep> ProcessSteps, string? ProcessDescription,
    FeeDto Fees, string? Hotline, string? LegalBasis, string ResultType, string? ResultName, string? CertificateTypeCode,
    bool IsDemo, string? SourceNote, DateTimeOffset? PublishedAt, IReadOnlyList<MaterialRequirementDto> Materials, IReadOnlyList<string> LifeEvents,
    IReadOnlyList<string> Keywords);

internal static class ItemMapping
{
    public static IReadOnlyList<string> ChannelNames(Channels channels) =>
        [.. Enum.GetValues<Channels>().Where(c => c != Channels.None && channels.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant())];

    public static bool TryParseChannel(string value, out Channels channel) =>
        Enum.TryParse(value, ignoreCase: true, out channel) && channel != Channels.None && Enum.IsDefined(channel);

    public static ItemGuideDto ToGuide(ServiceItemVersion i, string departmentName, string? fallbackHotline)
    {
        var serving = new List<string>();
        if (i.ForPersons) serving.Add("person");
        if (i.ForEnterprises) serving.Add("enterprise");
        return new ItemGuideDto(i.Code, i.Name, i.Version, i.Status, i.BasicCode, i.ParentItemName, i.DepartmentCode, departmentName,
            i.ItemType, i.CaseKind, new(i.PromisedLimitValue, i.PromisedLimitUnit), new(i.LegalLimitValue, i.LegalLimitUnit),
            i.VisitsRequired, ChannelNames(i.Channels), i.AppointmentSupported, i.TongbanScope, i.ToleranceAllowed, i.CommitmentAllowed,
            serving, i.Conditions, i.ProcessSteps, i.ProcessDescription, new FeeDto(i.FeeCharged, i.FeeDescription),
            i.Hotline ?? fallbackHotline, i.LegalBasis, i.ResultType, i.ResultName, i.CertificateTypeCode, i.IsDemo, i.SourceNote, i.PublishedAt,
            [.. i.Materials.OrderBy(m => m.SortOrder).ThenBy(m => m.Code).Select(m => new MaterialRequirementDto(
                m.Code, m.Name, m.Necessity, m.Type, m.Form, m.OriginalCopies, m.Photocopies, m.Source, m.MaterialTypeCode, m.CertificateTypeCode, m.Notes))],
            i.LifeEvents, i.Keywords);
    }
}
