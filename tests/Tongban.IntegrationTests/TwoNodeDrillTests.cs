using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 21, two nodes: two Tongban processes on one PostgreSQL behind nginx (Debian's package, started here with a
/// generated site), files in the database, SMS through a real Kannel. Clerks file and complete cases through nginx while
/// one node is killed with SIGKILL and started again; they retry what failed with the same Idempotency-Key, as the web
/// app does. Counted: acknowledged cases lost, duplicate cases, SMS received twice; then a hotline changed through one
/// node is in the very next SMS queued by the other (the reference snapshot heard of it by NOTIFY).
/// </summary>
public sealed class TwoNodeDrillTests(PostgresApp app) : ApiTestBase<PostgresApp>(app)
{
    public const string Nginx = "/usr/sbin/nginx";
    private const int Workers = 6;
    private const int CasesPerWorker = 8;

    private sealed record Filed(string Number, string Mobile);

    [Fact]
    public async Task Killing_a_node_under_load_loses_no_case_makes_no_duplicate_and_sends_no_SMS_twice()
    {
        Assert.SkipUnless(File.Exists(Nginx), $"{Nginx} is missing: .ci/run installs nginx (apt-get install nginx).");
        var workDir = Path.Combine(Path.GetTempPath(), $"tongban-two-nodes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        int portA = KannelGateway.FreePort(), portB = KannelGateway.FreePort(), portN = KannelGateway.FreePort();
        var front = $"http://127.0.0.1:{portN}";
        const string inboundToken = "two-node-inbound-token";
        var database = $"tongban_two_nodes_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable)) { Database = database }.ConnectionString;
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Tongban__Demo__Enabled"] = "true",
            ["Tongban__Demo__CaseHistory"] = "false",
            ["Tongban__Database__Provider"] = "postgres",
            ["ConnectionStrings__Tongban"] = connection,
            ["Tongban__Files__Store"] = "postgres",
            // One set of keys for both nodes, as a deployment copies them to each.
            ["Tongban__PersonalData__DevKeyFile"] = Path.Combine(workDir, "personal-data.key"),
            ["Tongban__Audit__DevKeyFile"] = Path.Combine(workDir, "audit.key"),
            ["Tongban__Sms__Provider"] = "kannel",
            ["Tongban__Sms__Kannel__Username"] = KannelGateway.Username,
            ["Tongban__Sms__Kannel__Password"] = KannelGateway.Password,
            ["Tongban__Sms__Kannel__From"] = KannelGateway.From,
            ["Tongban__Sms__Kannel__DlrBaseUrl"] = front,
            ["Tongban__Sms__Kannel__InboundToken"] = inboundToken,
            ["Tongban__Sms__QuietHoursStart"] = "00:00",
            ["Tongban__Sms__QuietHoursEnd"] = "00:00",
            ["Tongban__Sms__RetryBaseDelay"] = "00:00:01",
            ["Tongban__Sms__Lease"] = "00:00:05",
            ["Tongban__Sms__MaxPerNumberPerHour"] = "1000",
            ["Tongban__Security__KnownProxies__0"] = "127.0.0.1",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        await using var gateway = new KannelGateway();
        await gateway.StartAsync($"{front}/api/sms/kannel/inbound?token={inboundToken}");
        env["Tongban__Sms__Kannel__SendUrl"] = gateway.SendUrl;
        Process? nginx = null;
        TongbanProcess? nodeA = null;
        try
        {
            Directory.CreateDirectory(Path.Combine(workDir, "a"));
            Directory.CreateDirectory(Path.Combine(workDir, "b"));
            nodeA = await TongbanProcess.StartAsync(env, Path.Combine(workDir, "a"), portA);
            await using var nodeB = await TongbanProcess.StartAsync(env, Path.Combine(workDir, "b"), portB);
            nginx = await StartNginxAsync(workDir, portN, portA, portB);

            var item = await Scenario.ImmediateItemAsync(App);
            var clerks = new HttpClient[Workers];
            for (var i = 0; i < Workers; i++) clerks[i] = await TongbanProcess.LoginAsync(front);
            var casesBefore = await CountCasesAsync(connection);

            // The load: each clerk files and completes its cases; the drill kills node A after a quarter and starts it again at half.
            var filed = new ConcurrentBag<Filed>();
            var retries = 0;
            var killed = new TaskCompletionSource();
            var drill = Task.Run(async () =>
            {
                while (filed.Count < Workers * CasesPerWorker / 4) await Task.Delay(50, Ct);
                await nodeA!.KillAsync();
                killed.SetResult();
                while (filed.Count < Workers * CasesPerWorker / 2) await Task.Delay(50, Ct);
                await nodeA!.DisposeAsync();
                nodeA = await TongbanProcess.StartAsync(env, Path.Combine(workDir, "a"), portA);
            }, Ct);
            await Task.WhenAll(clerks.Select(clerk => Task.Run(async () =>
            {
                for (var i = 0; i < CasesPerWorker; i++)
                {
                    var mobile = ScriptedSmsApp.NewMobile();
                    var key = Guid.NewGuid().ToString();
                    var body = new Dictionary<string, object?>
                    {
                        ["itemCode"] = item, ["channel"] = "window",
                        ["applicant"] = new { kind = "person", name = Scenario.ApplicantName, idNumber = TestData.ValidIdNumber, mobile },
                        ["materials"] = new[] { new { requirementCode = "M01" } },
                    };
                    var submitted = await WithRetriesAsync(() => Scenario.PostJson(clerk, "/api/cases", body, key), () => Interlocked.Increment(ref retries));
                    var number = JsonDocument.Parse(submitted).RootElement.GetProperty("caseNumber").GetString()!;
                    await WithRetriesAsync(() => Scenario.PostJson(clerk, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }),
                        () => Interlocked.Increment(ref retries), alreadyDone: async () => await StatusAsync(clerk, number) == "completed");
                    filed.Add(new Filed(number, mobile));
                }
            }, Ct)));
            await drill;
            Assert.True(killed.Task.IsCompleted);

            var staff = await TongbanProcess.LoginAsync(front);
            var lost = 0;
            foreach (var c in filed)
                if ((await staff.GetAsync($"/api/cases/{c.Number}", Ct)).StatusCode != HttpStatusCode.OK) lost++;
            var duplicates = await CountCasesAsync(connection) - casesBefore - filed.Count;
            // Every stage SMS reaches the operator (both nodes dispatch the one outbox); none twice.
            await TongbanProcess.Eventually(async () => filed.All(c => gateway.ReceivedBy(c.Mobile).Count >= 2), TimeSpan.FromSeconds(180),
                () => $"not every SMS arrived:\n{string.Join('\n', TongbanProcess.Output.TakeLast(30))}\n{gateway.Logs()}");
            await Task.Delay(TimeSpan.FromSeconds(3), Ct); // a duplicate gets every chance to arrive before counting
            var sentTwice = filed.Sum(c => gateway.ReceivedBy(c.Mobile).Count - gateway.ReceivedBy(c.Mobile).Distinct().Count());
            var received = filed.Sum(c => gateway.ReceivedBy(c.Mobile).Count);
            TestContext.Current.TestOutputHelper?.WriteLine($"two-node drill: {filed.Count} cases acknowledged, {retries} retries, lost {lost}, duplicates {duplicates}, SMS {received} received, {sentTwice} twice");
            Assert.Equal(Workers * CasesPerWorker, filed.Count);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
            Assert.Equal(0, sentTwice);
            Assert.Equal(2 * filed.Count, received);

            // Reference data: a hotline set through node A is in the next SMS that node B queues, with no 30 s wait.
            var admin = await TongbanProcess.LoginAsync($"http://127.0.0.1:{portA}", "admin");
            var department = JsonDocument.Parse(await staff.GetStringAsync($"/api/cases/{filed.First().Number}", Ct)).RootElement.GetProperty("departmentCode").GetString();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = "0595-26880001" }, Ct)).StatusCode);
            var clerkB = await TongbanProcess.LoginAsync($"http://127.0.0.1:{portB}");
            string? text = null;
            await TongbanProcess.Eventually(async () =>
            {
                var number = await Scenario.SubmitAsync(clerkB, item, ["M01"], mobile: ScriptedSmsApp.NewMobile());
                text = (await Scenario.NotificationsAsync(clerkB, number)).EnumerateArray().First().GetProperty("text").GetString();
                return text!.Contains("0595-26880001", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(5), () => $"node B still writes the old hotline: {text}");
        }
        finally
        {
            if (nginx is { HasExited: false })
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync(CancellationToken.None);
            }
            if (nodeA is not null) await nodeA.DisposeAsync();
            await TongbanProcess.DropDatabaseAsync(connection);
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Sends until an answer comes: a 502/503/504 or a broken connection is a node going down, and the same request
    /// (the same Idempotency-Key) goes again. A 409 after a lost answer is checked with <paramref name="alreadyDone"/>.
    /// </summary>
    private static async Task<string> WithRetriesAsync(Func<Task<HttpResponseMessage>> send, Action retried, Func<Task<bool>>? alreadyDone = null)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0) retried();
            if (watch.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException("no answer through nginx for 120 s");
            try
            {
                var response = await send();
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.IsSuccessStatusCode) return body;
                if (response.StatusCode == HttpStatusCode.Conflict && alreadyDone is not null && attempt > 0 && await alreadyDone()) return body;
                if ((int)response.StatusCode is not (502 or 503 or 504)) Assert.Fail($"{(int)response.StatusCode}: {body}");
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<string?> StatusAsync(HttpClient client, string number) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/cases/{number}", Ct)).RootElement.GetProperty("status").GetString();

    private static async Task<long> CountCasesAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cases", c);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>nginx in front of both nodes, as deploy/ sets it up: a failed connection goes to the other node.</summary>
    private static async Task<Process> StartNginxAsync(string workDir, int port, int a, int b)
    {
        var prefix = Path.Combine(workDir, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream tongban {
                server 127.0.0.1:{{a}} max_fails=1 fail_timeout=2s;
                server 127.0.0.1:{{b}} max_fails=1 fail_timeout=2s;
                keepalive 16;
              }
              server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 21m;
                location / {
                  proxy_pass http://tongban;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_next_upstream error timeout http_502 http_503;
                  proxy_connect_timeout 2s;
                }
              }
            }
            """, Ct);
        var info = new ProcessStartInfo(Nginx, $"-p \"{prefix}\" -c \"{conf}\" -g \"daemon off;\"") { UseShellExecute = false, RedirectStandardError = true };
        var process = Process.Start(info)!;
        using var http = new HttpClient();
        await TongbanProcess.Eventually(async () =>
        {
            if (process.HasExited) Assert.Fail($"nginx exited: {await process.StandardError.ReadToEndAsync(Ct)}");
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{port}/health", Ct)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), () => "nginx did not answer");
        return process;
    }
}
