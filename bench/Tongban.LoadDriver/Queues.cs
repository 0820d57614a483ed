namespace Tongban.LoadDriver;

/// <summary>Staff queue pages: the clerk's and the reviewer's 待办 (first page) and a department's case list (one of its first pages).</summary>
internal static class Queues
{
    public const string ClerkTodo = "queue clerk todo";
    public const string ReviewerTodo = "queue reviewer todo";
    public const string DepartmentList = "queue department list";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var r = worker.Random;
        return r.Next(3) switch
        {
            0 => Api.TimedAsync(worker.Recorder, ClerkTodo, () => world.Api.GetAsync("api/cases?view=todo&page=1&pageSize=20", world.Staff.Clerk, ct)),
            1 => Api.TimedAsync(worker.Recorder, ReviewerTodo, () => world.Api.GetAsync("api/cases?view=todo&page=1&pageSize=20", world.Staff.Reviewer, ct)),
            _ => Api.TimedAsync(worker.Recorder, DepartmentList, () => world.Api.GetAsync(
                $"api/cases?department={world.DepartmentCodes[r.Next(world.DepartmentCodes.Count)]}&page={1 + r.Next(3)}&pageSize=20", world.Staff.Viewers[0], ct)),
        };
    }
}
