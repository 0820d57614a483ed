namespace Tongban.LoadDriver;

/// <summary>The entry point: parse, set up, run, report. Exit 0 on success, 1 when too many requests failed, 2 on bad arguments or a failed setup.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var api = new Api(options.BaseAddress, options.Concurrency);

        World world;
        Worker[] workers;
        try
        {
            (world, workers) = await Setup.RunAsync(options, api, cancel.Token);
        }
        catch (Exception e) when (e is SetupException or HttpRequestException)
        {
            Console.Error.WriteLine("setup failed: " + e.Message);
            foreach (var error in api.FirstErrors) Console.Error.WriteLine("  " + error);
            return 2;
        }

        Console.WriteLine($"running {options.Phase.ToString().ToLowerInvariant()} at concurrency {options.Concurrency}: {options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured");
        var seconds = await Runner.RunAsync(world, workers, cancel.Token);
        var report = Report.Of(options, seconds, Recorder.Merge(workers.Select(w => w.Recorder)));
        Console.WriteLine(report.ToTable());
        if (options.JsonFile is { } json) await File.WriteAllTextAsync(json, report.ToJson());

        if (api.FirstErrors.Count > 0)
        {
            // Also the warm-up's: a failure there is as telling as one in the measured window.
            Console.Error.WriteLine("first failed requests:");
            foreach (var error in api.FirstErrors) Console.Error.WriteLine("  " + error);
        }
        if (report.Failed)
        {
            Console.Error.WriteLine($"FAILED: {report.Total.Failed} of {report.Total.Count} requests failed (limit {Report.FailureLimit:P0})");
            return 1;
        }
        return 0;
    }
}
