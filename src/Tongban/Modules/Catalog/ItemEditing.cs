using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Catalog;

internal sealed record MaterialRequirementInput(
    string? Code, string? Name, Necessity? Necessity, string? Type, MaterialForm? Form, int? OriginalCopies, int? Photocopies,
    MaterialSource? Source, string? MaterialTypeCode, string? CertificateTypeCode, string? Notes);

/// <summary>The editable content of an item version (admin create/update of a draft).</summary>
internal sealed record ItemContentInput(
    string? Name, string? BasicCode, string? ParentItemName, ItemType? ItemType, string? DepartmentCode, CaseKind? CaseKind,
    TimeLimitDto? LegalLimit, TimeLimitDto? PromisedLimit, int? VisitsRequired, IReadOnlyList<string>? Channels,
    bool? AppointmentSupported, TongbanScope? TongbanScope, bool? ToleranceAllowed, bool? CommitmentAllowed,
    IReadOnlyList<string>? ServingObjects, string? Conditions, IReadOnlyList<ProcessStep>? ProcessSteps, string? ProcessDescription,
    FeeDto? Fees, string? Hotline, string? LegalBasis, string? ResultType, string? ResultName, string? CertificateTypeCode,
    IReadOnlyList<MaterialRequirementInput>? Materials, IReadOnlyList<string>? LifeEvents = null, IReadOnlyList<string>? Keywords = null);

internal static class ItemEditing
{
    /// <summary>Checks the shape of the input; business completeness is checked on publish.</summary>
    public static FieldErrors Validate(ItemContentInput input)
    {
        var errors = new FieldErrors()
            .Required("name", input.Name, "事项名称")
            .Required("basicCode", input.BasicCode, "基本编码")
            .Required("departmentCode", input.DepartmentCode, "实施部门");
        if (input.ItemType is null) errors.Add("itemType", "事项类型不能为空");
        // Column limits, checked here so PostgreSQL never has to refuse a value.
        if (input.Name is { Length: > 200 }) errors.Add("name", "事项名称不能超过 200 个字符");
        if (input.BasicCode is { Length: > 60 }) errors.Add("basicCode", "基本编码不能超过 60 个字符");
        if (input.ParentItemName is { Length: > 200 }) errors.Add("parentItemName", "主项名称不能超过 200 个字符");
        foreach (var (field, value, max) in new[] { ("conditions", input.Conditions, 4000), ("legalBasis", input.LegalBasis, 4000), ("processDescription", input.ProcessDescription, 4000),
                     ("resultName", input.ResultName, 200), ("hotline", input.Hotline, 40), ("fees.description", input.Fees?.Description, 1000) })
            if (value is { } v && v.Length > max) errors.Add(field, $"不能超过 {max} 个字符");
        if (input.CaseKind is null) errors.Add("caseKind", "办件类型不能为空");
        if (input.LegalLimit is { Value: < 0 }) errors.Add("legalLimit.value", "法定办结时限不能为负数");
        if (input.PromisedLimit is { Value: < 0 }) errors.Add("promisedLimit.value", "承诺办结时限不能为负数");
        if (input.VisitsRequired is < 0 or > 10) errors.Add("visitsRequired", "到现场次数必须在 0 到 10 之间");
        foreach (var code in input.LifeEvents ?? [])
            if (!LifeEvents.IsKnown(code)) errors.Add("lifeEvents", $"未知的主题：{code}");
        var keywords = input.Keywords ?? [];
        if (keywords.Count > 20) errors.Add("keywords", "关键词不能超过 20 个");
        if (keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Trim().Length > 20)) errors.Add("keywords", "每个关键词为 1 到 20 个字符");
        foreach (var channel in input.Channels ?? [])
            if (!ItemMapping.TryParseChannel(channel, out _)) errors.Add("channels", $"未知的办理渠道：{channel}");
        foreach (var serving in input.ServingObjects ?? [])
            if (serving is not ("person" or "enterprise")) errors.Add("servingObjects", $"服务对象只能是 person 或 enterprise：{serving}");
        var materials = input.Materials ?? [];
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            errors.Required($"materials[{i}].code", m.Code, "材料编码").Required($"materials[{i}].name", m.Name, "材料名称");
            if (m.Code is { Length: > 20 }) errors.Add($"materials[{i}].code", "材料编码不能超过 20 个字符");
            if (m.Name is { Length: > 200 }) errors.Add($"materials[{i}].name", "材料名称不能超过 200 个字符");
            if (m.Notes is { Length: > 1000 }) errors.Add($"materials[{i}].notes", "备注不能超过 1000 个字符");
            if (m.Necessity is null) errors.Add($"materials[{i}].necessity", "材料必要性不能为空");
            if (m.OriginalCopies is < 0 || m.Photocopies is < 0) errors.Add($"materials[{i}].copies", "份数不能为负数");
        }
        return errors;
    }

    public static void Apply(ServiceItemVersion item, ItemContentInput input)
    {
        item.EnsureEditable();
        item.Name = input.Name!.Trim();
        item.BasicCode = input.BasicCode!.Trim();
        item.ParentItemName = input.ParentItemName;
        item.ItemType = input.ItemType!.Value;
        item.DepartmentCode = input.DepartmentCode!;
        item.CaseKind = input.CaseKind!.Value;
        item.LegalLimitValue = input.LegalLimit?.Value ?? 0;
        item.LegalLimitUnit = input.LegalLimit?.Unit ?? LimitUnit.WorkingDay;
        item.PromisedLimitValue = input.PromisedLimit?.Value ?? 0;
        item.PromisedLimitUnit = input.PromisedLimit?.Unit ?? LimitUnit.WorkingDay;
        item.VisitsRequired = input.VisitsRequired ?? 1;
        item.Channels = (input.Channels ?? ["window"]).Aggregate(Channels.None, (acc, c) => ItemMapping.TryParseChannel(c, out var f) ? acc | f : acc);
        item.AppointmentSupported = input.AppointmentSupported ?? false;
        item.TongbanScope = input.TongbanScope ?? TongbanScope.None;
        item.ToleranceAllowed = input.ToleranceAllowed ?? false;
        item.CommitmentAllowed = input.CommitmentAllowed ?? false;
        var serving = input.ServingObjects ?? ["person"];
        item.ForPersons = serving.Contains("person");
        item.ForEnterprises = serving.Contains("enterprise");
        item.Conditions = input.Conditions;
        item.ProcessSteps = [.. input.ProcessSteps ?? [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Complete]];
        item.LifeEvents = [.. (input.LifeEvents ?? []).Distinct()];
        item.Keywords = [.. (input.Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct()];
        item.ProcessDescription = input.ProcessDescription;
        item.FeeCharged = input.Fees?.Charged ?? false;
        item.FeeDescription = input.Fees?.Description;
        item.Hotline = input.Hotline;
        item.LegalBasis = input.LegalBasis;
        item.ResultType = input.ResultType ?? "document";
        item.ResultName = input.ResultName;
        item.CertificateTypeCode = input.CertificateTypeCode;
        item.Materials.Clear();
        var order = 0;
        foreach (var m in input.Materials ?? [])
        {
            item.Materials.Add(new MaterialRequirement
            {
                Code = m.Code!.Trim(), Name = m.Name!.Trim(), Necessity = m.Necessity!.Value, Type = m.Type ?? "document",
                Form = m.Form ?? MaterialForm.Both, OriginalCopies = m.OriginalCopies ?? 1, Photocopies = m.Photocopies ?? 0,
                Source = m.Source ?? MaterialSource.Applicant, MaterialTypeCode = m.MaterialTypeCode,
                CertificateTypeCode = m.CertificateTypeCode, Notes = m.Notes, SortOrder = order++,
            });
        }
    }
}
