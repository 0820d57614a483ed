namespace Tongban.LoadDriver;

/// <summary>The statistics page's queries as the analyst, over the last 30 days.</summary>
internal static class Statistics
{
    public const string Overview = "stats overview";
    public const string Departments = "stats departments";
    public const string Ranking = "stats window ranking";
    public const string Trends = "stats trends";

    private static readonly string[] Metrics = ["submitted", "accepted", "completed", "onTime", "overdue", "corrections", "materialsReused"];

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var r = worker.Random;
        var range = $"from={world.Today.AddDays(-29):yyyy-MM-dd}&to={world.Today:yyyy-MM-dd}";
        var analyst = world.Staff.Analyst;
        return r.Next(4) switch
        {
            0 => Api.TimedAsync(worker.Recorder, Overview, () => world.Api.GetAsync("api/stats/overview?" + range, analyst, ct)),
            1 => Api.TimedAsync(worker.Recorder, Departments, () => world.Api.GetAsync("api/stats/departments?" + range, analyst, ct)),
            2 => Api.TimedAsync(worker.Recorder, Ranking, () => world.Api.GetAsync("api/stats/windows/ranking?" + range, analyst, ct)),
            _ => Api.TimedAsync(worker.Recorder, Trends, () => world.Api.GetAsync($"api/stats/trends?metric={Metrics[r.Next(Metrics.Length)]}&" + range, analyst, ct)),
        };
    }
}
