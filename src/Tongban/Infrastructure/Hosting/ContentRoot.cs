namespace Tongban.Infrastructure.Hosting;

/// <summary>
/// Where the app finds its appsettings.json and wwwroot. ASP.NET Core takes the working folder; a published build started
/// from elsewhere (systemd's WorkingDirectory=/var/lib/tongban, an operator's shell in /root) then ran without its
/// settings and web app. So: the working folder when it holds the settings (dotnet run, the tests), else the folder of
/// the build itself. An explicit --contentRoot or ASPNETCORE_CONTENTROOT still wins. Data paths (SQLite file, file store,
/// dev key files) stay relative to the working folder.
/// </summary>
internal static class ContentRoot
{
    public const string SettingsFile = "appsettings.json";

    public static WebApplicationOptions Options(string[] args) =>
        new() { Args = args, ContentRootPath = Choose(args, Environment.CurrentDirectory, AppContext.BaseDirectory) };

    /// <summary>The folder to use, or null to leave ASP.NET Core's choice (an explicit setting, or the working folder).</summary>
    public static string? Choose(string[] args, string workingFolder, string buildFolder)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (explicitRoot || File.Exists(Path.Combine(workingFolder, SettingsFile))) return null;
        return File.Exists(Path.Combine(buildFolder, SettingsFile)) ? buildFolder : null;
    }
}
