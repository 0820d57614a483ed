using System.Text.RegularExpressions;
using Tongban.Modules.Catalog;
using Tongban.Modules.Organization;

namespace Tongban.Demo;

/// <summary>
/// Builds the demo catalog: one published version-1 item per row of the source catalog, with its
/// elements filled in by <see cref="DemoCatalogRules"/>.
/// </summary>
internal static partial class DemoCatalog
{
    public static List<ServiceItemVersion> Items(IReadOnlyList<DemoCatalogRow> rows, IReadOnlyList<Department> departments, DateTimeOffset now)
    {
        // Departments are built from the same rows, so every source name has one.
        var bySourceName = departments.ToDictionary(d => d.Name);
        var seenCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new List<ServiceItemVersion>(rows.Count);

        foreach (var row in rows)
        {
            var department = bySourceName[DemoOrganization.LocalName(row.Department)];
            var (code, basicCode) = RewriteCode(row, department.CreditCode);
            // Several source org codes of one department collapse into one demo credit code, so two
            // rows could meet on one code; the later one gets a -2, -3 … suffix (file order).
            var count = seenCodes[code] = seenCodes.GetValueOrDefault(code) + 1;
            if (count > 1) code = $"{code}-{count}";

            var item = Build(row, code, basicCode, department, now);
            item.Publish(now);
            items.Add(item);
        }

        items.AddRange(DemoKioskItems.Items(departments, now));
        return items;
    }

    /// <summary>
    /// 实施编码 "&lt;basic&gt;-&lt;12-digit area&gt;-&lt;seq&gt;-&lt;implementing org&gt;-&lt;kind&gt;-&lt;version&gt;": the area becomes
    /// 350505000000 and the org the demo department's credit code, so the code reads like a 泉港区 one.
    /// A few source rows hold the whole code in basic_code or use the short "E-000004-001-&lt;org&gt;" form;
    /// parsing the code itself covers them all.
    /// </summary>
    public static (string Code, string BasicCode) RewriteCode(DemoCatalogRow row, string creditCode)
    {
        var match = ImplementationCode().Match(row.ImplementationCode);
        if (match.Success)
        {
            var g = match.Groups;
            var code = $"{g["basic"].Value}-{DemoOrganization.RegionCode}000000-{g["seq"].Value}-{creditCode}-{g["kind"].Value}-{g["ver"].Value}";
            return (code, g["basic"].Value);
        }

        var org = row.ImplementingOrgCode;
        var shortCode = org.Length > 0 && row.ImplementationCode.EndsWith("-" + org, StringComparison.Ordinal)
            ? row.ImplementationCode[..^org.Length] + creditCode
            : row.ImplementationCode;
        return (shortCode, row.BasicCode.Length > 0 ? row.BasicCode : shortCode);
    }

    [GeneratedRegex(@"^(?<basic>.+?)-(?<area>\d{12})-(?<seq>\d{3})-(?<org>.+)-(?<kind>\d)-(?<ver>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ImplementationCode();

    private static ServiceItemVersion Build(DemoCatalogRow row, string code, string basicCode, Department department, DateTimeOffset now)
    {
        var name = row.ItemName.Trim();
        var type = DemoCatalogRules.TypeFromCode(row.TaskTypeCode);
        var profile = DemoCatalogRules.ProfileFor(type, name);
        var (persons, enterprises) = DemoCatalogRules.AudienceFor(name);
        var tolerance = DemoCatalogRules.ToleranceFor(type, department.Name);

        var item = ServiceItemVersion.NewDraft(code, 1, basicCode, name, department.Code, DemoOrganization.RegionCode, now);
        item.ParentItemName = string.IsNullOrWhiteSpace(row.MainItem) ? null : row.MainItem.Trim();
        item.ItemType = type;
        item.CaseKind = profile.Kind;
        item.LegalLimitValue = profile.LegalDays;
        item.LegalLimitUnit = profile.LegalUnit;
        item.PromisedLimitValue = profile.PromisedDays;
        item.PromisedLimitUnit = profile.LegalUnit;
        item.VisitsRequired = profile.Visits;
        item.Channels = profile.Channels;
        item.AppointmentSupported = profile.Appointment;
        item.TongbanScope = DemoCatalogRules.ScopeFor(type, name);
        item.ToleranceAllowed = tolerance;
        item.CommitmentAllowed = false;
        item.ForPersons = persons;
        item.ForEnterprises = enterprises;
        item.LifeEvents = [.. DemoCatalogRules.LifeEventsFor(name, persons, enterprises)];
        item.FeeCharged = false;
        item.FeeDescription = "不收费（演示数据）";
        item.ResultType = profile.ResultType;
        item.ResultName = DemoCatalogRules.ResultName(type, name);
        item.CertificateTypeCode = type == ItemType.Licensing ? DemoCatalogRules.CertificateTypeFor(name) : null;
        item.Hotline = department.Hotline;
        item.Conditions = DemoCatalogRules.Conditions(type);
        item.LegalBasis = DemoCatalogRules.LegalBasis(type);
        item.ProcessSteps = [.. profile.Steps];
        item.ProcessDescription = ProcessText(profile);
        item.SourceNote = DemoCatalogRules.SourceNote;
        item.IsDemo = true;
        item.Materials = Materials(type, name, persons, enterprises, tolerance);
        // The kiosk channel follows the catalog's rule, not the item type (docs/kiosk.md § "What the kiosk offers").
        item.Channels = KioskEligibility.Apply(item);
        DemoSituations.Apply(item);
        return item;
    }

    private static string ProcessText(DemoCatalogRules.Profile profile)
    {
        var steps = string.Join(" → ", profile.Steps.Select(s => s switch
        {
            ProcessStep.Accept => "受理",
            ProcessStep.Review => "审核",
            ProcessStep.Approve => "审批",
            _ => "办结",
        }));
        var limit = profile.Kind == CaseKind.Immediate
            ? "即办件，材料齐全的当场办结"
            : $"承诺件，受理之日起{profile.PromisedDays}个{(profile.LegalUnit == LimitUnit.WorkingDay ? "工作日" : "自然日")}内办结";
        var visits = profile.Visits == 0 ? "可网上、掌上或自助终端办理，一趟不用跑" : "最多跑一次";
        return $"（演示流程）{steps}；{limit}；{visits}。";
    }

    /// <summary>
    /// Materials, in hall order: identity first (the clerk checks it before anything else), then the
    /// application form, then the item-specific documents, then the optional power of attorney.
    /// </summary>
    private static List<MaterialRequirement> Materials(ItemType type, string name, bool persons, bool enterprises, bool tolerance)
    {
        var list = new List<MaterialRequirement>();
        void Add(MaterialRequirement m)
        {
            m.Code = $"M{list.Count + 1:D2}";
            m.SortOrder = list.Count + 1;
            list.Add(m);
        }

        if (persons)
        {
            // The e-ID (电子身份证) stands in for the card, hence the certificate type.
            Add(new MaterialRequirement
            {
                Code = "", Name = "居民身份证", MaterialTypeCode = "resident-id-card", Type = "certificate",
                Necessity = Necessity.Required, Form = MaterialForm.Both, OriginalCopies = 1, Photocopies = 1,
                Source = MaterialSource.Applicant, CertificateTypeCode = "resident-id-card",
                Notes = "原件核验；可使用电子身份证代替",
            });
        }

        if (enterprises)
        {
            // For items open to persons too (个体工商户 …) the licence applies only to registered businesses.
            Add(new MaterialRequirement
            {
                Code = "", Name = "营业执照", MaterialTypeCode = "business-licence", Type = "certificate",
                Necessity = persons ? Necessity.Optional : Necessity.Required, Form = MaterialForm.Both,
                OriginalCopies = 1, Photocopies = 1, Source = MaterialSource.Applicant, CertificateTypeCode = "business-licence",
                Notes = persons ? "申请人为企业或个体工商户时提供；可使用电子营业执照代替" : "可使用电子营业执照代替",
            });
            if (!persons)
            {
                Add(new MaterialRequirement
                {
                    Code = "", Name = "法定代表人身份证明", MaterialTypeCode = "legal-representative-proof", Type = "document",
                    Necessity = Necessity.Required, Form = MaterialForm.Both, OriginalCopies = 1, Photocopies = 0,
                    Source = MaterialSource.Applicant, Notes = "附法定代表人居民身份证复印件",
                });
            }
        }

        if (DemoCatalogRules.NeedsApplicationForm(name))
        {
            // The hall provides the form (blank or pre-filled online), so its source is the government.
            Add(new MaterialRequirement
            {
                Code = "", Name = name + "申请表", MaterialTypeCode = "application-form", Type = "form",
                Necessity = Necessity.Required, Form = MaterialForm.Both, OriginalCopies = 1, Photocopies = 0,
                Source = MaterialSource.Government, Notes = "窗口免费提供，也可网上填写",
            });
        }

        if (type == ItemType.Licensing)
        {
            var tolerableUsed = false;
            foreach (var doc in DemoCatalogRules.DocumentsFor(name))
            {
                // 容缺: at most one supporting document per item may follow after acceptance.
                var tolerable = tolerance && !tolerableUsed && doc.TolerableEligible && doc.Type == "document";
                tolerableUsed |= tolerable;
                Add(new MaterialRequirement
                {
                    Code = "", Name = doc.Name, MaterialTypeCode = null, Type = doc.Type,
                    Necessity = tolerable ? Necessity.Tolerable : Necessity.Required, Form = MaterialForm.Both,
                    OriginalCopies = 1, Photocopies = doc.Type == "certificate" ? 1 : 0, Source = MaterialSource.Applicant,
                    CertificateTypeCode = doc.CertificateTypeCode,
                    Notes = tolerable ? "可容缺受理，受理后按承诺时间补交（演示）" : null,
                });
            }

            Add(new MaterialRequirement
            {
                Code = "", Name = "授权委托书", MaterialTypeCode = "power-of-attorney", Type = "document",
                Necessity = Necessity.Optional, Form = MaterialForm.Both, OriginalCopies = 1, Photocopies = 0,
                Source = MaterialSource.Applicant, Notes = "委托他人代办时提供，并出示受托人居民身份证",
            });
        }

        return list;
    }
}
