using System.Diagnostics;

namespace Tongban.IntegrationTests;

/// <summary>
/// The built Tongban.dll as its own process, started from a folder of the test's choosing: what an operator or systemd
/// runs. Waits here are for another process (bounded), never for application time.
/// </summary>
internal static class BuiltTongban
{
    // Test-only keys: never use them for real data.
    public const string PersonalDataKey = "hnICSI9BOc3DU0U8sjMWQTQ90kv/tnRh4GWnyCULsaE=";
    public const string AuditKey = "RzHcR9OojAAgeuNIidrCNSPkPhAGva5iTZor4XfbYI8=";
    public const string SealKey = "q3m4c1b8yqkq1jv0Zb3Q8s6bXcG9pWl5m3oEo2zY8aM=";

    public static Process Start(string workDir, IReadOnlyDictionary<string, string> env, IEnumerable<string> args, List<string> output)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tongban.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs to its end (a command, or a server that refuses to start); killed after <paramref name="limit"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workDir, IReadOnlyDictionary<string, string> env, IEnumerable<string> args, TimeSpan limit)
    {
        var output = new List<string>();
        using var process = Start(workDir, env, args, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            lock (output) Assert.Fail($"Tongban {string.Join(' ', args)} did not exit within {limit}:\n{string.Join('\n', output.TakeLast(40))}");
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return (process.ExitCode, string.Join('\n', output));
    }

    /// <summary>Settings every test process shares: Production with test keys, background work off, quiet logs.</summary>
    public static Dictionary<string, string> Environment(string workDir, int port) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["Tongban__PersonalData__Key"] = PersonalDataKey,
        ["Tongban__Audit__Key"] = AuditKey,
        ["Tongban__Certificates__SealKey"] = SealKey,
        ["Tongban__Files__Root"] = Path.Combine(workDir, "files"),
        ["Tongban__Notifications__DispatchInBackground"] = "false",
        ["Tongban__Notifications__RemindInBackground"] = "false",
        ["Tongban__Supervision__WatchInBackground"] = "false",
        ["Tongban__Analytics__DeclineScanInBackground"] = "false",
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };
}
