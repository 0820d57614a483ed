using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.IntegrationTests;

/// <summary>Demo mode (published passwords, /api/dev/sms) cannot be switched on in Production.</summary>
public sealed class ProductionGuardTests
{
    private sealed class ProductionDemoApp : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Tongban:Demo:Enabled", "true");
            builder.UseSetting("Tongban:Database:SqlitePath", Path.Combine(Path.GetTempPath(), $"tongban-prod-{Guid.NewGuid():N}.db"));
        }
    }

    [Fact]
    public void Demo_mode_in_production_stops_the_start_with_a_clear_message()
    {
        using var app = new ProductionDemoApp();
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Tongban:Demo:Enabled", (e.InnerException ?? e).Message + e.Message, StringComparison.Ordinal);
    }
}
