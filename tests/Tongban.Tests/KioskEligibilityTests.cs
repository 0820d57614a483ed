using Tongban.Demo;
using Tongban.Modules.Catalog;
using Tongban.Modules.Organization;

namespace Tongban.Tests;

public class KioskEligibilityTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static List<ServiceItemVersion> DemoItems()
    {
        var rows = DemoCatalogRow.ReadAll();
        return DemoCatalog.Items(rows, DemoOrganization.Departments(rows), Now);
    }

    [Fact]
    public void The_demo_catalog_offers_at_least_80_percent_of_personal_items_at_the_kiosk()
    {
        var items = DemoItems();
        var personal = items.Where(i => i.ForPersons).ToList();
        var atKiosk = items.Where(i => i.Channels.HasFlag(Channels.Kiosk)).ToList();
        output.WriteLine($"{atKiosk.Count} of {items.Count} items at the kiosk; {personal.Count(i => i.Channels.HasFlag(Channels.Kiosk))} of {personal.Count} personal items");
        foreach (var g in personal.Select(KioskEligibility.ReasonNotOffered).Where(r => r is not null).GroupBy(r => r).OrderByDescending(g => g.Count()))
            output.WriteLine($"  {g.Count(),4} {g.Key}");
        Assert.All(atKiosk, i => Assert.True(i.ForPersons, i.Name));
        Assert.True(personal.Count(i => i.Channels.HasFlag(Channels.Kiosk)) >= 0.8 * personal.Count);
    }

    [Fact]
    public void The_kiosk_specific_items_are_published_on_the_kiosk_with_their_fees_and_limits()
    {
        var items = DemoItems();
        var renewal = Assert.Single(items, i => i.Name == "居民身份证自助二次申领");
        var endorsement = Assert.Single(items, i => i.Name == "出入境证件再签注");
        foreach (var item in new[] { renewal, endorsement })
        {
            Assert.Equal(ItemVersionStatus.Published, item.Status);
            Assert.True(item.Channels.HasFlag(Channels.Kiosk));
            Assert.True(item.FeeCharged);
            Assert.Contains("领证时缴纳", item.FeeDescription);
            Assert.Equal("区公安分局", DemoOrganization.Departments(DemoCatalogRow.ReadAll()).Single(d => d.Code == item.DepartmentCode).Name);
        }
        Assert.Equal((60, LimitUnit.NaturalDay), (renewal.LegalLimitValue, renewal.LegalLimitUnit));
        Assert.Contains("20 元", renewal.FeeDescription);
        Assert.Contains("40 元", renewal.FeeDescription);
        Assert.Contains(renewal.Materials, m => m.Name == "本人数字相片" && m.Notes!.Contains("自助终端现场拍摄"));
        Assert.Contains("15 元", endorsement.FeeDescription);
        Assert.True(endorsement.Channels.HasFlag(Channels.Express));
        Assert.Contains(endorsement.Materials, m => m.Notes!.Contains("签注种类"));
    }

    [Theory]
    [InlineData("结婚登记", "Confirmation")]
    [InlineData("公共场所卫生许可现场核查", "Licensing")]
    [InlineData("对违法行为的处罚", "Penalty")]
    public void Listed_exceptions_stay_off_the_kiosk(string name, string type)
    {
        var item = PersonalItem(name, Enum.Parse<ItemType>(type));
        Assert.NotNull(KioskEligibility.ReasonNotOffered(item));
        Assert.False(KioskEligibility.Apply(item).HasFlag(Channels.Kiosk));
    }

    [Fact]
    public void A_personal_item_with_scannable_materials_is_offered_and_a_paper_original_keeps_it_off()
    {
        var item = PersonalItem("城乡居民养老保险待遇申领", ItemType.PublicService);
        Assert.True(KioskEligibility.Apply(item).HasFlag(Channels.Kiosk));
        item.Materials.Add(new MaterialRequirement { Code = "M02", Name = "原始凭证", Form = MaterialForm.Paper, Source = MaterialSource.Applicant });
        Assert.Contains("原始凭证", KioskEligibility.ReasonNotOffered(item));
        item.ForPersons = false;
        item.ForEnterprises = true;
        Assert.NotNull(KioskEligibility.ReasonNotOffered(item));
    }

    private static ServiceItemVersion PersonalItem(string name, ItemType type)
    {
        var item = ServiceItemVersion.NewDraft("ITEM-1", 1, "BASIC-1", name, "D01", "350505", Now);
        item.ItemType = type;
        item.ForPersons = true;
        item.Channels = Channels.Window;
        item.Materials.Add(new MaterialRequirement { Code = "M01", Name = "居民身份证", Form = MaterialForm.Both });
        return item;
    }
}
