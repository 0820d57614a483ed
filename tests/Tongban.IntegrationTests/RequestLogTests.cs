using System.Net;
using System.Text;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 16, point 11: operators read the log, so it says what the client received. A body that did not bind was
/// logged "responded 500" at Error with a stack trace while the client got a 400.
/// </summary>
public sealed class RequestLogTests(LoggingSqliteApp app) : ApiTestBase<LoggingSqliteApp>(app)
{
    private string[] RequestLines(string path) =>
        [.. App.Log.Split('\n').Where(l => l.Contains($"\"{path}\"", StringComparison.Ordinal) && l.Contains("responded", StringComparison.Ordinal))];

    [Fact]
    public async Task A_request_answered_400_is_logged_as_400_without_an_error_or_a_stack_trace()
    {
        var client = App.CreateClient();
        // This fixture's app serves only this test: these are the only requests to these paths in its log.
        var response = await client.PostAsync("/api/auth/staff/login", new StringContent("[]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var wrongType = await client.GetAsync("/api/calendar/days?year=abc", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var login = Assert.Single(RequestLines("/api/auth/staff/login"));
        Assert.Contains("responded 400", login, StringComparison.Ordinal);
        Assert.Contains("responded 400", Assert.Single(RequestLines("/api/calendar/days")), StringComparison.Ordinal);
        Assert.DoesNotContain("responded 500", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("BadHttpRequestException", App.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("An unhandled exception has occurred", App.Log, StringComparison.Ordinal);
    }
}
