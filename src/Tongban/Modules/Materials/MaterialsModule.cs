using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Materials;

/// <summary>材料库 (once-only): each person's and enterprise's reusable materials, kept and verified as cases move.</summary>
internal static class MaterialsModule
{
    public static IServiceCollection AddMaterials(this IServiceCollection services)
    {
        services.AddSingleton<ICaseChangeHandler, KeepMaterialsInLibrary>();
        services.AddSingleton<ICaseChangeHandler, VerifyMaterialsAtWindow>();
        services.AddScoped<LibraryFileReadGrant>();
        services.AddScoped<Files.IFileReadGrant>(sp => sp.GetRequiredService<LibraryFileReadGrant>());
        services.AddScoped<Files.IFileAttachments>(sp => sp.GetRequiredService<LibraryFileReadGrant>());
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        ListMyMaterials.Map(api);
        OpenPersonLibrary.Map(api);
        GetReusableMaterials.Map(api);
    }
}
