namespace Tongban.LoadDriver;

/// <summary>
/// One step of the worker's oldest open case: 受理 by the clerk (every required material is there: the
/// reused ones and the form), 审核 by the reviewer, 审批 by the approver, 办结 by the clerk. The next step is
/// read from the case's last answer (status and currentStep), not assumed, so an item with another
/// process order still works.
/// </summary>
internal static class Transition
{
    public const string Accept = "accept";
    public const string Review = "review";
    public const string Approve = "approve";
    public const string Complete = "complete";

    /// <summary>The action a case in this state waits for, or null when it is done (or in a state this driver does not drive).</summary>
    public static string? NextAction(PipelineCase c) => c.Status switch
    {
        "submitted" or "preReviewing" => Accept,
        "accepted" or "inReview" => c.CurrentStep == "approve" ? Approve : Review,
        "approved" or "rejected" => Complete,
        _ => null,
    };

    /// <returns>False when the worker has no case to advance (the caller does something else instead).</returns>
    public static async Task<bool> RunAsync(World world, Worker worker, CancellationToken ct)
    {
        while (worker.Pipeline.TryPeek(out var next) && NextAction(next) is null) worker.Pipeline.Dequeue();
        if (!worker.Pipeline.TryPeek(out var current)) return false;
        var action = NextAction(current)!;
        var staff = world.Staff;
        var path = $"api/cases/{current.Number}/";
        var answer = await Api.TimedAsync(worker.Recorder, action, () => action switch
        {
            Accept => world.Api.PostJsonAsync(path + "accept", staff.Clerk, new { }, ct),
            Review => world.Api.PostJsonAsync(path + "review", staff.Reviewer, new { decision = "approve", opinion = "材料齐全，符合受理条件，同意。" }, ct),
            Approve => world.Api.PostJsonAsync(path + "review", staff.Approver, new { decision = "approve", opinion = "同意准予许可。" }, ct),
            _ => world.Api.PostJsonAsync(path + "complete", staff.Clerk, new { delivery = new { method = "pickup" } }, ct),
        });
        worker.Pipeline.Dequeue();
        if (answer.Ok && answer.Body is not null)
        {
            var moved = PipelineCase.From(answer.Body);
            // Oldest first: a case stays at the head until it is completed, like a clerk's 待办 worked first come, first served.
            if (NextAction(moved) is not null) Requeue(worker, moved);
        }
        // A conflict is retried (someone else moved first: read the case again next time); any other failure drops the case.
        else if (answer.Outcome == Outcome.Conflict) Requeue(worker, current);
        return true;
    }

    private static void Requeue(Worker worker, PipelineCase c)
    {
        // Queue<T> has no push-front: rebuild with the case first (pipelines are short).
        var rest = worker.Pipeline.ToArray();
        worker.Pipeline.Clear();
        worker.Pipeline.Enqueue(c);
        foreach (var other in rest) worker.Pipeline.Enqueue(other);
    }
}
