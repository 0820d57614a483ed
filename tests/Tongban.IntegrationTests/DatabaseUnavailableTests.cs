using System.Net;
using Npgsql;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 21, failover: while there is no writable primary, a request is answered 503 with Retry-After (never a 500), and
/// the same request sent again once a primary is back goes through. A database switched to read-only stands in for a
/// standby that the connection reached during the switchover (PostgreSQL answers 25006 to every write, as a standby does);
/// terminating the app's connections stands in for the old primary going away (57P01 on the pooled connections).
/// </summary>
public sealed class DatabaseUnavailableTests(PostgresApp app) : ApiTestBase<PostgresApp>(app)
{
    private static async Task AdminSqlAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable)) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Without_a_writable_primary_a_submission_is_503_with_Retry_After_and_goes_through_when_sent_again()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await Scenario.ImmediateItemAsync(App);
        var database = App.PostgresDatabase!;
        var body = new Dictionary<string, object?>
        {
            ["itemCode"] = item, ["channel"] = "window",
            ["applicant"] = new { kind = "person", name = Scenario.ApplicantName, idNumber = TestData.ValidIdNumber, mobile = TestData.ValidMobile },
            ["materials"] = new[] { new { requirementCode = "M01" } },
        };
        var key = Guid.NewGuid().ToString();
        try
        {
            await AdminSqlAsync($"ALTER DATABASE \"{database}\" SET default_transaction_read_only = on");
            await AdminSqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
            // The first request may meet a pooled connection the server just terminated, the next ones a read-only server.
            for (var i = 0; i < 3; i++)
            {
                var refused = await Scenario.PostJson(clerk, "/api/cases", body, key);
                await ProblemAssert.IsProblem(refused, HttpStatusCode.ServiceUnavailable, "database.unavailable");
                Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            await AdminSqlAsync($"ALTER DATABASE \"{database}\" RESET default_transaction_read_only");
            await AdminSqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
        }
        // A primary again: the same request (same Idempotency-Key) files exactly one case. Its first attempt may still
        // meet a connection terminated above, answered 503 like the others.
        HttpResponseMessage accepted;
        var tries = 0;
        do accepted = await Scenario.PostJson(clerk, "/api/cases", body, key);
        while (accepted.StatusCode == HttpStatusCode.ServiceUnavailable && ++tries < 20);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var number = (await Json(accepted)).GetProperty("caseNumber").GetString();
        var again = await Scenario.PostJson(clerk, "/api/cases", body, key);
        Assert.Equal(number, (await Json(again)).GetProperty("caseNumber").GetString());
    }
}
