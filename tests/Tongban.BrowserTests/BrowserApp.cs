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
    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"tongban-browser-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

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
        foreach (var f in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
