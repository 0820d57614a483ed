using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Tongban.BrowserTests;

/// <summary>
/// Tongban on a real socket (Kestrel on a free port, demo mode, its own SQLite file) and the
/// system Chromium driven by Playwright. Nothing is downloaded: Playwright uses /usr/bin/chromium.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _sqlitePath;
    private IPlaywright? _playwright;

    public BrowserApp() : this(Path.Combine(Path.GetTempPath(), $"tongban-browser-{Guid.NewGuid():N}.db"))
    {
    }

    private BrowserApp(string sqlitePath, bool isTemplate = false)
    {
        _sqlitePath = sqlitePath;
        _isTemplate = isTemplate;
    }

    private readonly bool _isTemplate;

    /// <summary>
    /// The demo district with its six months of history, written once per test run by the app's own first start and
    /// copied for each class: every class still gets a database of its own, as a new user's first start makes it.
    /// </summary>
    private static readonly Lazy<Task<string>> Template = new(BuildTemplateAsync);

    private static async Task<string> BuildTemplateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tongban-browser-template-{Guid.NewGuid():N}.db");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        };
        await using (var first = new BrowserApp(path, isTemplate: true))
        {
            first.UseKestrel(0);
            first.StartServer();
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tongban.Demo.DemoHistoryLoader>(first.Services).Completion;
        }
        Tongban.TestSupport.SqliteTemplateFile.Seal(path);
        return path;
    }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Tongban:Demo:Enabled", "true");
        // With the six months of history, as a new user sees it: queues hold work with every due colour.
        builder.UseSetting("Tongban:Demo:CaseHistory", "true");
        builder.UseSetting("Tongban:Database:Provider", "sqlite");
        builder.UseSetting("Tongban:Database:SqlitePath", _sqlitePath);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    public async ValueTask InitializeAsync()
    {
        File.Copy(await Template.Value, _sqlitePath);
        UseKestrel(0);
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tongban.Demo.DemoHistoryLoader>(Services).Completion;
        Directory.CreateDirectory(ScreenshotFolder);
        // CI machines run several hosts and Chromiums at once: an expectation waits as long as a page action does.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TONGBAN_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
            ],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        if (_isTemplate) return;
        foreach (var f in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
