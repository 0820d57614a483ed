namespace Tongban.LoadDriver;

/// <summary>
/// The whole case (GET /api/cases/{no}) as the worker's viewer (by default the supervisor, analyst and admin,
/// who see every case), for a case picked at random from the cases file. Each view is also an audited read of
/// personal data, appended to the viewer's own audit stream: a write per read.
/// </summary>
internal static class CaseView
{
    public const string Name = "case view";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var number = world.ViewCases[worker.Random.Next(world.ViewCases.Count)];
        return Api.TimedAsync(worker.Recorder, Name, () => world.Api.GetAsync("api/cases/" + Uri.EscapeDataString(number), world.Staff.ViewerOf(worker.Id), ct));
    }
}
