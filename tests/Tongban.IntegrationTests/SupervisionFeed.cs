using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>
/// One open feed of GET /api/supervision/alerts/live, read as a browser would: its events in order, each read with a bound
/// so a missing push fails instead of hanging (SupervisionLiveTests, SeparationOfDutiesTests).
/// </summary>
internal sealed class SupervisionFeed(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events) : IAsyncDisposable
{
    public static async Task<SupervisionFeed> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/supervision/alerts/live", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new SupervisionFeed(response, SseParser.Create(stream).EnumerateAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken));
    }

    public async Task<(string Type, JsonElement Data)> NextAsync()
    {
        // A bound on waiting for the server's push, not a sleep: the event is expected at once.
        var moved = await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(moved, "the stream ended");
        return (events.Current.EventType, JsonDocument.Parse(events.Current.Data).RootElement);
    }

    public async ValueTask DisposeAsync()
    {
        response.Dispose();
        try
        {
            await events.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone: that is the point.
        }
    }
}
