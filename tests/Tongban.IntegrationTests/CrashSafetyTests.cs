using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 5 §8, end to end with real processes: with the gateway down, cases move on (their SMS fail and wait
/// for a retry); Tongban is killed with SIGKILL; Kannel and Tongban start again; every message arrives at the
/// operator exactly once and is reported delivered. Tongban runs as its own process (the built Tongban.dll)
/// so the kill is a real one; its retry base and lease are shortened by configuration so the test takes
/// seconds. Waits are for external processes, bounded, never for application time.
/// </summary>
public abstract class CrashSafetyTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const int Cases = 5;

    private static async Task<List<(string Text, string Status)>> MessagesAsync(HttpClient staff, string number)
    {
        var n = await Scenario.NotificationsAsync(staff, number);
        return [.. n.EnumerateArray().Select(x => (x.GetProperty("text").GetString()!, x.GetProperty("status").GetString()!))];
    }

    private static async Task<string> DescribeAsync(HttpClient staff, IEnumerable<(string Number, string Mobile)> numbers)
    {
        var lines = new List<string>();
        foreach (var (number, _) in numbers)
            foreach (var n in (await Scenario.NotificationsAsync(staff, number)).EnumerateArray())
                lines.Add($"{number} {n.GetProperty("event")} {n.GetProperty("status")} tries={n.GetProperty("attempts")} next={n.GetProperty("nextAttemptAt")} error={n.GetProperty("lastError")}");
        return string.Join('\n', lines);
    }

    [Fact]
    public async Task Messages_queued_while_the_gateway_is_down_survive_SIGKILL_and_arrive_exactly_once()
    {
        var workDir = Path.Combine(Path.GetTempPath(), $"tongban-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        var port = KannelGateway.FreePort();
        const string inboundToken = "crash-test-inbound-token";
        await using var gateway = new KannelGateway();
        string? postgres = null;
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Tongban__Demo__Enabled"] = "true",
            ["Tongban__Demo__CaseHistory"] = "false",
            ["Tongban__Files__Root"] = Path.Combine(workDir, "files"),
            ["Tongban__PersonalData__DevKeyFile"] = Path.Combine(workDir, "personal-data.key"),
            ["Tongban__Audit__DevKeyFile"] = Path.Combine(workDir, "audit.key"),
            ["Tongban__Sms__Provider"] = "kannel",
            ["Tongban__Sms__Kannel__SendUrl"] = gateway.SendUrl,
            ["Tongban__Sms__Kannel__Username"] = KannelGateway.Username,
            ["Tongban__Sms__Kannel__Password"] = KannelGateway.Password,
            ["Tongban__Sms__Kannel__From"] = KannelGateway.From,
            ["Tongban__Sms__Kannel__DlrBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Tongban__Sms__Kannel__InboundToken"] = inboundToken,
            // Whatever the hour the test runs at: no quiet hours; and seconds, not minutes, between tries.
            ["Tongban__Sms__QuietHoursStart"] = "00:00",
            ["Tongban__Sms__QuietHoursEnd"] = "00:00",
            ["Tongban__Sms__RetryBaseDelay"] = "00:00:01",
            ["Tongban__Sms__Lease"] = "00:00:05",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        if (App.Kind == DatabaseKind.Postgres)
        {
            postgres = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable)) { Database = $"tongban_crash_{Guid.NewGuid():N}" }.ConnectionString;
            env["Tongban__Database__Provider"] = "postgres";
            env["ConnectionStrings__Tongban"] = postgres;
        }
        else
        {
            env["Tongban__Database__Provider"] = "sqlite";
            env["Tongban__Database__SqlitePath"] = Path.Combine(workDir, "tongban.db");
        }
        try
        {
            var numbers = new List<(string Number, string Mobile)>();
            await using (var first = await TongbanProcess.StartAsync(env, workDir, port))
            {
                var clerk = await TongbanProcess.LoginAsync($"http://127.0.0.1:{port}");
                for (var i = 0; i < Cases; i++)
                {
                    var mobile = ScriptedSmsApp.NewMobile();
                    var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile); // the fixture knows the demo catalog: same item codes
                    await Scenario.CompleteForPickupAsync(clerk, number);
                    numbers.Add((number, mobile));
                }
                // The gateway is down: every message has been tried and waits for its retry.
                await TongbanProcess.Eventually(async () =>
                {
                    foreach (var (number, _) in numbers)
                        if ((await MessagesAsync(clerk, number)).Any(m => m.Status != "temporaryFailure")) return false;
                    return true;
                }, TimeSpan.FromSeconds(180), () => "messages were not tried against the stopped gateway");
                first.Process.Kill(); // SIGKILL: no shutdown, no flush
                await first.Process.WaitForExitAsync(Ct);
            }

            await gateway.StartAsync($"http://127.0.0.1:{port}/api/sms/kannel/inbound?token={inboundToken}");
            await using var second = await TongbanProcess.StartAsync(env, workDir, port);
            var staff = await TongbanProcess.LoginAsync($"http://127.0.0.1:{port}");
            var state = "";
            await TongbanProcess.Eventually(async () =>
            {
                foreach (var (number, _) in numbers)
                    if ((await MessagesAsync(staff, number)).Any(m => m.Status != "delivered"))
                    {
                        state = await DescribeAsync(staff, numbers);
                        return false;
                    }
                return true;
            }, TimeSpan.FromSeconds(180), () => $"not all delivered after restart ({DateTimeOffset.UtcNow:O}):\n{state}\n{string.Join('\n', TongbanProcess.Output.TakeLast(40))}\n{gateway.Logs()}");
            // Give a duplicate every chance to show up before counting.
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            foreach (var (number, mobile) in numbers)
            {
                var expected = (await MessagesAsync(staff, number)).Select(m => m.Text).ToList();
                Assert.Equal(2, expected.Count);
                var received = gateway.ReceivedBy(mobile);
                Assert.Equal(expected.Order(), received.Order());
            }
        }
        finally
        {
            if (postgres is not null) await TongbanProcess.DropDatabaseAsync(postgres);
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed class SqliteCrashSafetyTests(SqliteApp app) : CrashSafetyTests<SqliteApp>(app);

public sealed class PostgresCrashSafetyTests(PostgresApp app) : CrashSafetyTests<PostgresApp>(app);
