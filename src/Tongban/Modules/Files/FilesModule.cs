using Microsoft.Extensions.Options;

namespace Tongban.Modules.Files;

internal static class FilesModule
{
    public static IServiceCollection AddTongbanFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileOptions>().Bind(configuration.GetSection(FileOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(FileOptions.Section).Get<FileOptions>() ?? new FileOptions();
        if (options.InPostgres)
        {
            var database = configuration.GetSection(Infrastructure.Data.DatabaseOptions.Section).Get<Infrastructure.Data.DatabaseOptions>();
            if (database?.IsPostgres != true || configuration.GetConnectionString("Tongban") is not { Length: > 0 } connectionString)
                throw new OptionsValidationException(FileOptions.Section, typeof(FileOptions),
                    ["Tongban:Files:Store=postgres keeps files in the Tongban database: it needs Tongban:Database:Provider=postgres and ConnectionStrings:Tongban."]);
            services.AddSingleton<IFileStore>(_ => PostgresFileStore.Connect(Infrastructure.Data.DataSetup.WithPoolDefaults(connectionString)));
        }
        else
        {
            services.AddSingleton<IFileStore, LocalDiskFileStore>();
        }
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
