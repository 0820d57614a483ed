using Tongban.Modules.Catalog;
using Tongban.Modules.Organization;

namespace Tongban.Demo;

/// <summary>
/// The two items the seed's kiosks do themselves and the source catalog lacks (docs/demo-data.md § Kiosk items):
/// 居民身份证自助二次申领 and 出入境证件再签注. Fees and limits are the national ones, cited in each item.
/// </summary>
internal static class DemoKioskItems
{
    public const string PoliceDepartmentName = "区公安分局";
    public const string IdCardRenewalName = "居民身份证自助二次申领";
    public const string EndorsementName = "出入境证件再签注";
    public static readonly IReadOnlyList<string> Names = [IdCardRenewalName, EndorsementName];

    public static IEnumerable<ServiceItemVersion> Items(IReadOnlyList<Department> departments, DateTimeOffset now)
    {
        var police = departments.Single(d => d.Name == PoliceDepartmentName);
        yield return IdCardRenewal(police, now);
        yield return Endorsement(police, now);
    }

    private static string Code(int n, Department d) => $"K350505{n:D6}-350505000000-000-{d.CreditCode}-1-00";

    private static ServiceItemVersion IdCardRenewal(Department police, DateTimeOffset now)
    {
        var item = Base(Code(1, police), IdCardRenewalName, police, now);
        item.ParentItemName = "居民身份证办理（包括临时）";
        // 居民身份证法: 公安机关应当自受理之日起 60 日内发放; the district promises less (demo assumption).
        item.CaseKind = CaseKind.Promised;
        item.LegalLimitValue = 60; item.LegalLimitUnit = LimitUnit.NaturalDay;
        item.PromisedLimitValue = 15; item.PromisedLimitUnit = LimitUnit.NaturalDay;
        item.FeeCharged = true;
        item.FeeDescription = "到期换领 20 元；丢失补领、损坏换领 40 元（发改价格〔2003〕2322号）。领证时缴纳，自助终端不收费。";
        item.ResultName = "中华人民共和国居民身份证";
        item.Conditions = "年满十六周岁、已办理过第二代居民身份证且公安机关存有本人数字相片及指纹信息的本省户籍居民，证件有效期届满、即将届满（三个月内）、损坏或丢失的，可在自助终端二次申领；首次申领、户籍或身份信息变更、须重新采集指纹的，请到户籍窗口办理。";
        item.LegalBasis = "《中华人民共和国居民身份证法》；《居民身份证收费标准》（发改价格〔2003〕2322号）";
        item.ProcessDescription = "自助终端读取原证或核验身份 → 终端现场拍摄数字相片 → 公安机关审核相片和户籍信息 → 制证 → 到选定的服务点领取或邮寄；受理之日起15日内发放（法定60日）。";
        item.Materials =
        [
            Material("M01", "居民身份证", "resident-id-card", "certificate", Necessity.Optional, "到期或损坏换领时放置于读卡器读取；丢失补领时免交，由公安机关人像比对核验身份", "resident-id-card"),
            Material("M02", "本人数字相片", "digital-photo", "document", Necessity.Required, "自助终端现场拍摄（白色背景、免冠正面），公安机关审核"),
            Material("M03", "居民户口簿", "household-register", "certificate", Necessity.Optional, "户籍信息须核对时提供，可复用电子户口簿", "household-register"),
        ];
        return Publish(item, now);
    }

    private static ServiceItemVersion Endorsement(Department police, DateTimeOffset now)
    {
        var item = Base(Code(2, police), EndorsementName, police, now);
        item.ParentItemName = "往来港澳通行证签注";
        // 公安部出入境管理局: 出入境证件 7 个工作日内办结 (2019 年便民措施), the same for the endorsement by post.
        item.CaseKind = CaseKind.Promised;
        item.LegalLimitValue = 7; item.LegalLimitUnit = LimitUnit.WorkingDay;
        item.PromisedLimitValue = 7; item.PromisedLimitUnit = LimitUnit.WorkingDay;
        item.FeeCharged = true;
        item.FeeDescription = "每次签注 15 元（国家出入境证件收费标准）。领证时缴纳，自助终端不收费。";
        item.ResultName = "往来港澳通行证（电子证件）签注";
        item.Conditions = "持有效电子往来港澳通行证的内地居民，申请团队旅游、个人旅游、探亲、商务或其他签注；首次申领通行证、证件有效期不足或信息变更的，请到出入境窗口办理。";
        item.LegalBasis = "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》；国家出入境证件收费标准（签注每次 15 元）";
        item.ProcessDescription = "自助终端读取电子通行证并核验身份 → 选择签注种类（团队旅游、个人旅游、探亲、商务、其他）及次数 → 公安出入境部门审批 → 签注写入证件后邮寄；7个工作日内办结。";
        item.Materials =
        [
            Material("M01", "居民身份证", "resident-id-card", "certificate", Necessity.Required, "放置于读卡器读取", "resident-id-card"),
            Material("M02", "往来港澳通行证（电子证件）", "hk-macao-permit", "certificate", Necessity.Required, "放置于证件读取区读取"),
            Material("M03", "签注申请（签注种类及次数）", "application-form", "form", Necessity.Required, "在屏幕上选择签注种类：团队旅游、个人旅游、探亲、商务或其他", source: MaterialSource.Government),
        ];
        return Publish(item, now);
    }

    private static ServiceItemVersion Base(string code, string name, Department police, DateTimeOffset now)
    {
        var item = ServiceItemVersion.NewDraft(code, 1, code.Split('-')[0], name, police.Code, DemoOrganization.RegionCode, now);
        item.ItemType = ItemType.PublicService;
        item.VisitsRequired = 0;
        // Result by post or at any service point; nothing but the kiosk (or a window) can take the photo or read the permit.
        item.Channels = Channels.Kiosk | Channels.Window | Channels.Express;
        item.AppointmentSupported = false;
        item.TongbanScope = TongbanScope.Province;
        item.ForPersons = true;
        item.ResultType = "certificate";
        item.Hotline = police.Hotline;
        item.ProcessSteps = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Complete];
        item.LifeEvents = ["household"];
        item.SourceNote = "演示数据：自助终端事项，依据公安部公开的办理规定编写；收费依据见收费说明（发改价格〔2003〕2322号；国家出入境证件收费标准）";
        item.IsDemo = true;
        return item;
    }

    private static MaterialRequirement Material(string code, string name, string typeCode, string type, Necessity necessity, string notes,
        string? certificateType = null, MaterialSource source = MaterialSource.Applicant) => new()
    {
        Code = code, Name = name, MaterialTypeCode = typeCode, Type = type, Necessity = necessity, Form = MaterialForm.Electronic,
        OriginalCopies = 0, Photocopies = 0, Source = source, CertificateTypeCode = certificateType, Notes = notes,
        SortOrder = int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ServiceItemVersion Publish(ServiceItemVersion item, DateTimeOffset now)
    {
        item.Publish(now);
        return item;
    }
}
