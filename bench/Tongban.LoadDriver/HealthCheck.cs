namespace Tongban.LoadDriver;

/// <summary>GET /health: the cheapest request Tongban answers (one database ping), the machine's ceiling for a request.</summary>
internal static class Health
{
    public const string Name = "health";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct) =>
        Api.TimedAsync(worker.Recorder, Name, () => world.Api.GetAsync("health", null, ct));
}
