namespace Tongban.Modules.Files;

internal static class FilesModule
{
    public static IServiceCollection AddTongbanFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileOptions>().Bind(configuration.GetSection(FileOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IFileStore, LocalDiskFileStore>();
        services.AddScoped<FileCatalog>();
        services.AddScoped<FileReadRule>();
        services.AddScoped<UnattachedUploads>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        UploadFile.Map(api);
        DownloadFile.Map(api);
    }
}
