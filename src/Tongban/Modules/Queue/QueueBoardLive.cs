using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Queue;

/// <summary>In-process "a queue changed": taking, calling and moving a ticket publish it (after the write); board feeds wake.</summary>
internal sealed class QueueBoardSignal
{
    private readonly Lock _gate = new();
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Version
    {
        get { lock (_gate) return _version; }
    }

    public void Publish()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            _version++;
            wake = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
    }

    /// <summary>Completes when a change after <paramref name="seen"/> is published (true), or after <paramref name="timeout"/> (false).</summary>
    public async Task<bool> WaitAsync(long seen, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        Task next;
        lock (_gate)
        {
            if (_version > seen) return true;
            next = _next.Task;
        }
        try
        {
            await next.WaitAsync(timeout, clock, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>
/// GET /api/queue/{servicePointCode}/board/live — the hall display's board as server-sent events: <c>board</c> first and
/// whenever it changes, <c>heartbeat</c> (no data) when a poll finds nothing new. A change made on this node wakes the
/// feed at once; one made on another node is found by the poll (Tongban:Queue:BoardPollInterval) — every node serves
/// live boards, none needs to know the others. A feed sends a board only when it differs from the last it sent.
/// </summary>
internal static class QueueBoardLive
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue/{servicePointCode}/board/live", Handle).AllowAnonymous().WithTags("Queue")
            .Produces<QueueBoardDto>(contentType: "text/event-stream").ProducesProblem(404)
            .WithName("GetQueueBoardLive").WithSummary("大厅叫号屏：实时推送（SSE）");

    internal static async Task<IResult> Handle(string servicePointCode, HttpContext http, TongbanDb db, TimeProvider clock, QueueBoardSignal signal,
        IOptions<QueueOptions> options, CancellationToken ct)
    {
        var seen = signal.Version;
        var first = await GetQueueBoard.ReadAsync(db, servicePointCode, clock, ct);
        if (first is null) return Problems.NotFound("queue.point_not_found", "服务点不存在或没有叫号窗口");
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Stream(db, servicePointCode, clock, signal, first, seen, options.Value.BoardPollInterval, ct));
    }

    private static async IAsyncEnumerable<SseItem<QueueBoardDto?>> Stream(TongbanDb db, string point, TimeProvider clock, QueueBoardSignal signal,
        QueueBoardDto first, long seen, TimeSpan poll, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = JsonSerializer.Serialize(first);
        yield return new SseItem<QueueBoardDto?>(first, "board");
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(seen, poll, clock, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            seen = signal.Version;
            var board = await GetQueueBoard.ReadAsync(db, point, clock, ct);
            var text = JsonSerializer.Serialize(board);
            if (board is null || text == last)
            {
                yield return new SseItem<QueueBoardDto?>(null, "heartbeat");
                continue;
            }
            last = text;
            yield return new SseItem<QueueBoardDto?>(board, "board");
        }
    }
}
