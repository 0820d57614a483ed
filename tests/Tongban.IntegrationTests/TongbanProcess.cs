using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Tongban.IntegrationTests;

/// <summary>
/// Tongban as its own process (the built Tongban.dll), for tests that kill it with SIGKILL or run several nodes: settings
/// by environment, like a deployment's EnvironmentFile.
/// </summary>
internal sealed class TongbanProcess(Process process) : IAsyncDisposable
{
    /// <summary>What the Tongban processes logged (warnings and errors), for failure messages.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();

    public Process Process { get; } = process;

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    /// <summary>Starts the process and waits until /health answers 200 (migrations and the demo district done).</summary>
    public static async Task<TongbanProcess> StartAsync(IReadOnlyDictionary<string, string> env, string workDir, int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tongban.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\"") { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) info.Environment[k] = v;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue($"[{port}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue($"[{port}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        // Polls a separate process until it answers: a wait for a condition in another process, whose clock a
        // FakeTimeProvider here cannot drive.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(240))
        {
            if (process.HasExited) throw new InvalidOperationException($"Tongban exited with {process.ExitCode} at start:\n{string.Join('\n', Output.TakeLast(30))}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode) return new TongbanProcess(process);
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Tongban did not become healthy within 240 s");
    }

    /// <summary>A client of <paramref name="baseUrl"/> logged in as a demo staff account.</summary>
    public static async Task<HttpClient> LoginAsync(string baseUrl, string username = "clerk")
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await client.PostAsJsonAsync("/api/auth/staff/login", new { username, password = "Demo#2026" });
        login.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for a condition in other processes (Tongban nodes, nginx, Kannel), polling on real time, bounded.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan limit, Func<string> explain)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit) Assert.Fail(explain());
            await Task.Delay(250);
        }
    }

    /// <summary>Drops the PostgreSQL database a test's processes used (closing this process's pooled connections first).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)", connection);
        try
        {
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (PostgresException)
        {
            // left for the server's cleanup; the name is unique
        }
    }
}
