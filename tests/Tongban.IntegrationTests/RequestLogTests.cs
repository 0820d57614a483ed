using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 16, point 11: operators read the log, so it says what the client received. A body that did not bind was
/// logged "responded 500" at Error with a stack trace while the client got a 400.
/// </summary>
/// <summary>
/// The app as Development runs it (the demo the fuzzer probed): binding failures throw (RouteHandlerOptions.ThrowOnBadRequest),
/// with every log event rendered into memory.
/// </summary>
public sealed class ThrowingBindingLoggingApp() : TongbanAppFactory(DatabaseKind.Sqlite)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public string Log => string.Join('\n', _lines);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Verbose");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Information");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(new CaptureSink(_lines));
            services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        });
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

public sealed class RequestLogTests(ThrowingBindingLoggingApp app) : ApiTestBase<ThrowingBindingLoggingApp>(app)
{
    private string[] RequestLines(string path) =>
        [.. App.Log.Split('\n').Where(l => l.Contains($"\"{path}\"", StringComparison.Ordinal) && l.Contains("responded", StringComparison.Ordinal))];

    [Fact]
    public async Task A_request_answered_400_is_logged_as_400_without_an_error_or_a_stack_trace()
    {
        var client = App.CreateClient();
        var response = await client.PostAsync("/api/auth/staff/login", new StringContent("[]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var wrongType = await client.GetAsync("/api/calendar/days?year=abc", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        Assert.Contains(RequestLines("/api/auth/staff/login"), l => l.Contains("responded 400", StringComparison.Ordinal));
        Assert.Contains("responded 400", Assert.Single(RequestLines("/api/calendar/days")), StringComparison.Ordinal);
        Assert.DoesNotContain("responded 500", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("BadHttpRequestException", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("An unhandled exception has occurred", App.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_click_that_lost_the_race_in_the_database_logs_no_error_for_an_answer_that_succeeded()
    {
        var clerk = await App.LoginAsync("clerk");
        string item = "";
        await App.WithDbAsync(async db => item = await db.ItemVersions
            .Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons && (i.Channels & Tongban.Modules.Catalog.Channels.Window) != 0 && i.DepartmentCode != null)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        var key = Guid.NewGuid().ToString();
        var body = new { itemCode = item, channel = "window", applicant = new { kind = "person", name = Scenario.ApplicantName, idNumber = TestData.ValidIdNumber, mobile = TestData.ValidMobile } };
        // The same Idempotency-Key five times at once: the losers of the unique index replay the winner's case.
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostJson(clerk, "/api/cases", body, key)));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.DoesNotContain("SaveChangesFailed", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("UNIQUE constraint failed", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("responded 500", App.Log, StringComparison.Ordinal);
    }
}
