using Tongban.Infrastructure.Reference;
using Tongban.Modules.Catalog;

namespace Tongban.Tests;

public class CatalogVersioningTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static ServiceItemVersion CompleteDraft()
    {
        var item = ServiceItemVersion.NewDraft("ITEM-1", 1, "BASIC-1", "食品经营许可", "D01", "350505", Now);
        item.ItemType = ItemType.Licensing;
        item.CaseKind = CaseKind.Promised;
        item.LegalLimitValue = 20;
        item.PromisedLimitValue = 10;
        item.Channels = Channels.Window | Channels.Online;
        item.ForPersons = true;
        item.Materials.Add(new MaterialRequirement { Code = "M01", Name = "居民身份证", Necessity = Necessity.Required });
        return item;
    }

    [Fact]
    public void A_complete_draft_publishes_and_is_then_immutable()
    {
        var item = CompleteDraft();
        item.Publish(Now);
        Assert.Equal(ItemVersionStatus.Published, item.Status);
        Assert.Equal(Now, item.PublishedAt);
        var e = Assert.Throws<CatalogRuleException>(item.EnsureEditable);
        Assert.Equal("catalog.immutable", e.Code);
        Assert.Equal("catalog.not_draft", Assert.Throws<CatalogRuleException>(() => item.Publish(Now)).Code);
    }

    [Fact]
    public void Only_a_published_version_retires_and_a_retired_one_stays_retired()
    {
        var item = CompleteDraft();
        Assert.Equal("catalog.not_published", Assert.Throws<CatalogRuleException>(() => item.Retire(Now)).Code);
        item.Publish(Now);
        item.Retire(Now.AddDays(1));
        Assert.Equal(ItemVersionStatus.Retired, item.Status);
        Assert.Equal("catalog.not_published", Assert.Throws<CatalogRuleException>(() => item.Retire(Now)).Code);
        Assert.Equal("catalog.immutable", Assert.Throws<CatalogRuleException>(item.EnsureEditable).Code);
    }

    [Theory]
    [InlineData("promised-without-limit", "承诺件必须有承诺办结时限")]
    [InlineData("promised-longer-than-legal", "承诺办结时限不能长于法定办结时限")]
    [InlineData("no-channel", "至少需要一个办理渠道")]
    [InlineData("no-accept-step", "办理流程必须包含受理和办结环节")]
    [InlineData("no-serving-object", "至少需要一个服务对象")]
    [InlineData("duplicate-material", "材料编码 M01 重复")]
    [InlineData("tolerable-without-tolerance", "未开启容缺受理的事项不能有容缺后补材料")]
    public void An_incomplete_draft_is_refused_with_the_reason(string defect, string reason)
    {
        var item = CompleteDraft();
        switch (defect)
        {
            case "promised-without-limit": item.PromisedLimitValue = 0; break;
            case "promised-longer-than-legal": item.PromisedLimitValue = 30; break;
            case "no-channel": item.Channels = Channels.None; break;
            case "no-accept-step": item.ProcessSteps = [ProcessStep.Review, ProcessStep.Complete]; break;
            case "no-serving-object": item.ForPersons = false; break;
            case "duplicate-material": item.Materials.Add(new MaterialRequirement { Code = "M01", Name = "复印件", Necessity = Necessity.Optional }); break;
            case "tolerable-without-tolerance": item.Materials.Add(new MaterialRequirement { Code = "M02", Name = "场所证明", Necessity = Necessity.Tolerable }); break;
        }
        var e = Assert.Throws<CatalogRuleException>(() => item.Publish(Now));
        Assert.Equal("catalog.incomplete", e.Code);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(ItemVersionStatus.Draft, item.Status);
    }

    [Fact]
    public void An_immediate_item_needs_no_promised_limit()
    {
        var item = CompleteDraft();
        item.CaseKind = CaseKind.Immediate;
        item.PromisedLimitValue = 0;
        item.Publish(Now);
        Assert.Equal(ItemVersionStatus.Published, item.Status);
    }

    [Fact]
    public void A_new_version_copies_content_and_materials_as_an_editable_draft()
    {
        var item = CompleteDraft();
        item.ToleranceAllowed = true;
        item.Publish(Now);
        var draft = item.CopyAsDraft(2, Now.AddDays(3));
        Assert.Equal(ItemVersionStatus.Draft, draft.Status);
        Assert.Equal(2, draft.Version);
        Assert.Equal(item.Code, draft.Code);
        Assert.Equal(10, draft.PromisedLimitValue);
        Assert.True(draft.ToleranceAllowed);
        Assert.Equal("居民身份证", Assert.Single(draft.Materials).Name);
        // The copy is independent: editing it leaves the published version as it was.
        draft.Materials[0].Name = "居民身份证（电子证照可替代）";
        draft.ProcessSteps.Add(ProcessStep.Approve);
        Assert.Equal("居民身份证", item.Materials[0].Name);
        Assert.DoesNotContain(ProcessStep.Approve, item.ProcessSteps);
        draft.EnsureEditable();
    }

    [Fact]
    public void Holiday_files_for_2007_to_2026_are_shipped()
    {
        var files = ReferenceData.List("holiday-cn").Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(2007, 20).Select(y => $"holiday-cn/{y}.json"), files);
    }
}
