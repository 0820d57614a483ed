using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Tongban.IntegrationTests;

/// <summary>Tongban with every log event (Verbose, request logs included) rendered into memory for the test to read.</summary>
public sealed class LoggingSqliteApp() : TongbanAppFactory(DatabaseKind.Sqlite)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public string Log => string.Join('\n', _lines);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Verbose");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Information");
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(new CaptureSink(_lines)));
    }

    private sealed class CaptureSink(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter();
            logEvent.RenderMessage(writer);
            foreach (var p in logEvent.Properties) writer.Write($" {p.Key}={p.Value}");
            if (logEvent.Exception is not null) writer.Write(" " + logEvent.Exception);
            lines.Enqueue(writer.ToString());
        }
    }
}

/// <summary>
/// Issue 4, item 5: a citizen's whole journey — code login with binding, an online application with an
/// upload, the clerk's lookup by ID number (in the URL), the SMS — leaves no ID number and no mobile in
/// clear in the log (at every level) or in the SQLite file.
/// </summary>
public sealed class PersonalDataInLogsTests(LoggingSqliteApp app) : ApiTestBase<LoggingSqliteApp>(app)
{
    /// <summary>
    /// Each host took over the static Log.Logger, which the request log and loggers created later wrote to, and closed it when it
    /// stopped: with the tests' hosts side by side this host's request lines went to another's sinks now and then (CI,
    /// 2026-12-01, the journey below missed its "/api/people/" line). Here deterministically: another host starts, then stops.
    /// </summary>
    [Fact]
    public async Task A_request_is_logged_by_the_host_that_served_it_after_another_host_started()
    {
        var client = App.CreateClient();
        var later = new SqliteApp();
        _ = later.Services; // started after this one: it took over the static logger
        await AssertLoggedAsync(client);
        await later.DisposeAsync(); // stopped: it closed the static logger on its way out
        await AssertLoggedAsync(client);
    }

    private async Task AssertLoggedAsync(HttpClient client)
    {
        var marker = Guid.NewGuid().ToString("N");
        await client.GetAsync($"/api/items/{marker}", Ct);
        // The request's completion line ("HTTP GET … responded 404"), not just any event that carries the path.
        Assert.Contains(App.Log.Split('\n'), line => line.Contains($"/api/items/{marker}", StringComparison.Ordinal) && line.Contains("responded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_citizens_journey_leaves_no_ID_number_or_mobile_in_the_log_or_the_database_file()
    {
        var id = Citizens.NewIdNumber();
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, id, "欧阳娜娜");
        var card = await Citizens.UploadAsync(citizen, Citizens.Png(id), "身份证.png");
        string requirement = "";
        await App.WithDbAsync(async db => requirement = await db.MaterialRequirements.Where(m => m.MaterialTypeCode == "resident-id-card"
            && db.ItemVersions.Any(i => i.Id == m.ItemVersionId && i.Code == Citizens.SecondItem && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published))
            .Select(m => m.Code).SingleAsync(Ct));
        await Json(await PostJson(citizen, "/api/cases", new { itemCode = Citizens.SecondItem, channel = "online", materials = new[] { new { requirementCode = requirement, fileId = card } } },
            Guid.NewGuid().ToString()));
        var clerk = await App.LoginAsync("clerk");
        await Json(await clerk.GetAsync($"/api/people/{id}/materials", Ct));
        // A bad lookup is logged too (a 400 with the number in the URL).
        await clerk.GetAsync($"/api/people/{id[..17]}0/materials", Ct);
        // The SMS provider logs what it sends: the mobile must come out masked there too.
        var dispatcher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tongban.Modules.Notifications.OutboxDispatcher>(App.Services);
        Assert.True(await dispatcher.DispatchDueAsync(Ct) > 0);

        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(FULL);", Ct));
        var log = App.Log;
        Assert.Contains("/api/people/", log, StringComparison.Ordinal); // proves the request log is in the file
        Assert.Contains(id[..6] + "********" + id[^4..], log, StringComparison.Ordinal); // …with the ID number masked
        Assert.DoesNotContain(id, log, StringComparison.Ordinal);
        Assert.DoesNotContain(id[..17], log, StringComparison.Ordinal);
        Assert.DoesNotContain(mobile, log, StringComparison.Ordinal);

        var bytes = new StringBuilder();
        foreach (var file in new[] { App.SqlitePath, App.SqlitePath + "-wal" }.Where(File.Exists))
            bytes.Append(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Ct)));
        var stored = bytes.ToString();
        Assert.Contains("欧阳娜娜", stored, StringComparison.Ordinal); // proves the scan sees plaintext
        Assert.DoesNotContain(id, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(mobile, stored, StringComparison.Ordinal);
    }
}
