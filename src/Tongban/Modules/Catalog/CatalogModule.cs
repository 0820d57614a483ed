namespace Tongban.Modules.Catalog;

/// <summary>事项目录: service items and their versions, guides (办事指南), life events, search.</summary>
internal static class CatalogModule
{
    public static void Map(RouteGroupBuilder api)
    {
        ListDepartments.Map(api);
        SearchItems.Map(api);
        GetItemGuide.Map(api);
        ListLifeEvents.Map(api);
        ManageItems.Map(api);
        ListKioskOffer.Map(api);
        SituationGuide.Map(api);
        ManageSituations.Map(api);
        ManageKeywords.Map(api);
        GetWhereToApply.Map(api);
    }
}
