using System.Text.Json.Serialization;

namespace Tongban.Modules.Catalog;

/// <summary>事项类型 (national 权力事项 types plus 公共服务). JSON values are the camelCase names.</summary>
internal enum ItemType
{
    Licensing,       // 行政许可 (01)
    Penalty,         // 行政处罚 (02)
    Enforcement,     // 行政强制 (03)
    Levy,            // 行政征收 (04)
    Payment,         // 行政给付 (05)
    Inspection,      // 行政检查 (06)
    Confirmation,    // 行政确认 (07)
    Reward,          // 行政奖励 (08)
    Adjudication,    // 行政裁决 (09)
    OtherPower,      // 其他行政权力 (10)
    PublicService,   // 公共服务 (20)
}

/// <summary>办件类型: 即办件 (done on the spot) or 承诺件 (done within a promised limit).</summary>
internal enum CaseKind
{
    Immediate,
    Promised,
}

internal enum LimitUnit
{
    WorkingDay,
    NaturalDay,
}

/// <summary>Channels an item can be applied through. Stored as flags.</summary>
[Flags]
internal enum Channels
{
    None = 0,
    Window = 1,
    Online = 2,
    Mobile = 4,
    Kiosk = 8,
    Express = 16,
}

internal enum TongbanScope
{
    None,
    District,
    City,
    Province,
    National,
}

internal enum ItemVersionStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>材料必要性: 必要 / 非必要 / 容缺后补 (may be supplied after acceptance).</summary>
internal enum Necessity
{
    Required,
    Optional,
    Tolerable,
}

internal enum MaterialForm
{
    Paper,
    Electronic,
    Both,
}

internal enum MaterialSource
{
    Applicant,
    Government,
}

/// <summary>A value + unit time limit (法定/承诺办结时限). Value 0 means on the spot (当场办结).</summary>
internal sealed record TimeLimit(int Value, LimitUnit Unit);

/// <summary>
/// One version of a 事项 (service item) with its GB/T 39046 elements. Versions of one item share
/// <see cref="Code"/> (实施编码). A published version is immutable; editing means a new draft
/// version. Cases point at the version they were filed under.
/// </summary>
internal sealed class ServiceItemVersion
{
    public int Id { get; init; }
    /// <summary>实施编码: stable across versions; what URLs and cases use.</summary>
    public required string Code { get; init; }
    public int Version { get; init; }
    public ItemVersionStatus Status { get; private set; } = ItemVersionStatus.Draft;

    /// <summary>基本编码 from the national/provincial base catalog.</summary>
    public required string BasicCode { get; set; }
    public required string Name { get; set; }
    /// <summary>主项 name when this is a sub-item (办理项).</summary>
    public string? ParentItemName { get; set; }
    public ItemType ItemType { get; set; }
    public required string DepartmentCode { get; set; }
    public required string RegionCode { get; set; }
    public CaseKind CaseKind { get; set; }
    public int LegalLimitValue { get; set; }
    public LimitUnit LegalLimitUnit { get; set; }
    public int PromisedLimitValue { get; set; }
    public LimitUnit PromisedLimitUnit { get; set; }
    /// <summary>到现场次数: 1 = 最多跑一次, 0 = 一趟不用跑.</summary>
    public int VisitsRequired { get; set; }
    public Channels Channels { get; set; }
    public bool AppointmentSupported { get; set; }
    public TongbanScope TongbanScope { get; set; }
    /// <summary>容缺受理: may be accepted with tolerable materials missing.</summary>
    public bool ToleranceAllowed { get; set; }
    /// <summary>告知承诺制.</summary>
    public bool CommitmentAllowed { get; set; }
    public bool ForPersons { get; set; }
    public bool ForEnterprises { get; set; }
    public bool FeeCharged { get; set; }
    public string? FeeDescription { get; set; }
    /// <summary>certificate / document / approval / none.</summary>
    public string ResultType { get; set; } = "document";
    public string? ResultName { get; set; }
    /// <summary>证照类型代码 of the e-certificate issued on completion, when there is one.</summary>
    public string? CertificateTypeCode { get; set; }
    public string? Hotline { get; set; }
    public string? Conditions { get; set; }
    public string? LegalBasis { get; set; }
    public string? ProcessDescription { get; set; }
    /// <summary>Process template: ordered steps, default 受理→审核→办结; an item may add 审批.</summary>
    public List<ProcessStep> ProcessSteps { get; set; } = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Complete];
    /// <summary>主题 / 一生事 codes (<see cref="LifeEvents"/>) the item belongs to.</summary>
    public List<string> LifeEvents { get; set; } = [];
    /// <summary>关键词: everyday words a catalog admin adds so search finds the item by them.</summary>
    public List<string> Keywords { get; set; } = [];
    /// <summary>What search matches against (<see cref="ItemSearchText"/>); kept in step on every save.</summary>
    public string SearchText { get; private set; } = "";
    /// <summary>Every character and character pair of <see cref="SearchText"/> (<see cref="ItemSearchText.Grams"/>): the
    /// PostgreSQL index for words too short for trigrams.</summary>
    public List<string> SearchGrams { get; private set; } = [];
    /// <summary>Source of the entry (e.g. a catalog URL) and whether it is demo data.</summary>
    public string? SourceNote { get; set; }
    public bool IsDemo { get; set; }

    public List<MaterialRequirement> Materials { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }

    public TimeLimit LegalLimit => new(LegalLimitValue, LegalLimitUnit);
    public TimeLimit PromisedLimit => new(PromisedLimitValue, PromisedLimitUnit);

    public static ServiceItemVersion NewDraft(string code, int version, string basicCode, string name, string departmentCode, string regionCode, DateTimeOffset now) =>
        new() { Code = code, Version = version, BasicCode = basicCode, Name = name, DepartmentCode = departmentCode, RegionCode = regionCode, CreatedAt = now };

    /// <summary>Rule catalog.publish: only a complete draft can be published.</summary>
    public void Publish(DateTimeOffset now)
    {
        if (Status != ItemVersionStatus.Draft)
            throw new CatalogRuleException("catalog.not_draft", "只有草稿状态的事项版本可以发布", $"事项 {Code} 第 {Version} 版当前为{StatusName(Status)}，不能发布。");
        var problems = CompletenessProblems();
        if (problems.Count > 0)
            throw new CatalogRuleException("catalog.incomplete", "事项要素不完整，不能发布", string.Join("；", problems));
        Status = ItemVersionStatus.Published;
        PublishedAt = now;
    }

    public void Retire(DateTimeOffset now)
    {
        if (Status != ItemVersionStatus.Published)
            throw new CatalogRuleException("catalog.not_published", "只有已发布的事项版本可以废止", $"事项 {Code} 第 {Version} 版当前为{StatusName(Status)}。");
        Status = ItemVersionStatus.Retired;
        RetiredAt = now;
    }

    /// <summary>Rule catalog.immutable: published and retired versions never change.</summary>
    public void EnsureEditable()
    {
        if (Status != ItemVersionStatus.Draft)
            throw new CatalogRuleException("catalog.immutable", "已发布或已废止的事项版本不可修改", $"事项 {Code} 第 {Version} 版为{StatusName(Status)}；请新建版本后修改。");
    }

    public List<string> CompletenessProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("缺少事项名称");
        if (Channels == Channels.None) problems.Add("至少需要一个办理渠道");
        if (CaseKind == CaseKind.Promised && PromisedLimitValue <= 0) problems.Add("承诺件必须有承诺办结时限");
        if (LegalLimitValue > 0 && PromisedLimitUnit == LegalLimitUnit && PromisedLimitValue > LegalLimitValue)
            problems.Add("承诺办结时限不能长于法定办结时限");
        if (VisitsRequired < 0) problems.Add("到现场次数不能为负数");
        if (!ProcessSteps.Contains(ProcessStep.Accept) || !ProcessSteps.Contains(ProcessStep.Complete))
            problems.Add("办理流程必须包含受理和办结环节");
        if (!ForPersons && !ForEnterprises) problems.Add("至少需要一个服务对象（自然人或法人）");
        var duplicateMaterial = Materials.GroupBy(m => m.Code).FirstOrDefault(g => g.Count() > 1);
        if (duplicateMaterial is not null) problems.Add($"材料编码 {duplicateMaterial.Key} 重复");
        if (!ToleranceAllowed && Materials.Any(m => m.Necessity == Necessity.Tolerable))
            problems.Add("未开启容缺受理的事项不能有容缺后补材料");
        return problems;
    }

    /// <summary>A new draft that copies this version's content, for editing a published item.</summary>
    public ServiceItemVersion CopyAsDraft(int newVersion, DateTimeOffset now)
    {
        var copy = (ServiceItemVersion)MemberwiseClone();
        var draft = new ServiceItemVersion
        {
            Code = Code, Version = newVersion, BasicCode = BasicCode, Name = Name, DepartmentCode = DepartmentCode,
            RegionCode = RegionCode, CreatedAt = now,
        };
        draft.CopyContentFrom(copy);
        return draft;
    }

    private void CopyContentFrom(ServiceItemVersion s)
    {
        ParentItemName = s.ParentItemName; ItemType = s.ItemType; CaseKind = s.CaseKind;
        LegalLimitValue = s.LegalLimitValue; LegalLimitUnit = s.LegalLimitUnit;
        PromisedLimitValue = s.PromisedLimitValue; PromisedLimitUnit = s.PromisedLimitUnit;
        VisitsRequired = s.VisitsRequired; Channels = s.Channels; AppointmentSupported = s.AppointmentSupported;
        TongbanScope = s.TongbanScope; ToleranceAllowed = s.ToleranceAllowed; CommitmentAllowed = s.CommitmentAllowed;
        ForPersons = s.ForPersons; ForEnterprises = s.ForEnterprises; FeeCharged = s.FeeCharged; FeeDescription = s.FeeDescription;
        ResultType = s.ResultType; ResultName = s.ResultName; CertificateTypeCode = s.CertificateTypeCode; Hotline = s.Hotline;
        Conditions = s.Conditions; LegalBasis = s.LegalBasis; ProcessDescription = s.ProcessDescription;
        ProcessSteps = [.. s.ProcessSteps]; LifeEvents = [.. s.LifeEvents]; Keywords = [.. s.Keywords]; SourceNote = s.SourceNote; IsDemo = s.IsDemo;
        Materials = [.. s.Materials.Select(m => m.Copy())];
    }

    /// <summary>Recomputes <see cref="SearchText"/> from the name, result and keywords; true when it changed.</summary>
    public bool RefreshSearchText()
    {
        var text = ItemSearchText.Build(this);
        if (text == SearchText && SearchGrams.Count > 0) return false;
        SearchText = text;
        SearchGrams = ItemSearchText.Grams(text);
        return true;
    }

    public static string StatusName(ItemVersionStatus status) => status switch
    {
        ItemVersionStatus.Draft => "草稿",
        ItemVersionStatus.Published => "已发布",
        _ => "已废止",
    };
}

internal enum ProcessStep
{
    Accept,   // 受理
    Review,   // 审核
    Approve,  // 审批
    Complete, // 办结
}

/// <summary>申请材料 requirement of one item version.</summary>
internal sealed class MaterialRequirement
{
    public int Id { get; init; }
    public int ItemVersionId { get; init; }
    /// <summary>Stable within an item across versions, e.g. "M01".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>材料类型代码 (library classification), e.g. "resident-id-card".</summary>
    public string? MaterialTypeCode { get; set; }
    public Necessity Necessity { get; set; }
    /// <summary>certificate (证件证照) / form (申请表格) / document (其他文书).</summary>
    public string Type { get; set; } = "document";
    public MaterialForm Form { get; set; }
    public int OriginalCopies { get; set; }
    public int Photocopies { get; set; }
    public MaterialSource Source { get; set; }
    public string? CertificateTypeCode { get; set; }
    public string? Notes { get; set; }
    public int SortOrder { get; set; }

    public MaterialRequirement Copy() => new()
    {
        Code = Code, Name = Name, MaterialTypeCode = MaterialTypeCode, Necessity = Necessity, Type = Type, Form = Form,
        OriginalCopies = OriginalCopies, Photocopies = Photocopies, Source = Source,
        CertificateTypeCode = CertificateTypeCode, Notes = Notes, SortOrder = SortOrder,
    };
}

/// <summary>A broken catalog rule; mapped to 409 ProblemDetails.</summary>
internal sealed class CatalogRuleException(string code, string title, string detail)
    : Infrastructure.ErrorHandling.DomainRuleException(code, title, detail);
