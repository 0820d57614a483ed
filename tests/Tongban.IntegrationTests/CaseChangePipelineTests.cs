using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>A module's handler sees every case change once, and runs inside the change's transaction.</summary>
public abstract class CaseChangePipelineTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : PipelineApp
{
    private async Task<string> FileAsync(HttpClient clerk)
    {
        string item = "";
        await App.WithDbAsync(async db => item = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.Channels.HasFlag(Channels.Window))
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        var body = new
        {
            itemCode = item, channel = "window", materials = Array.Empty<object>(),
            applicant = new { kind = "person", name = "郑海燕", idNumber = TestData.ValidIdNumber, mobile = TestData.ValidMobile },
        };
        return (await Json(await PostJson(clerk, "/api/cases", body, Guid.NewGuid().ToString()))).GetProperty("caseNumber").GetString()!;
    }

    [Fact]
    public async Task Filing_and_each_action_reach_a_registered_handler_once_with_what_happened()
    {
        var clerk = await App.LoginAsync("clerk");
        var number = await FileAsync(clerk);
        await Json(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "pass" }));

        var seen = App.Recorder.Seen.Where(s => s.Number == number).ToList();
        Assert.Equal([(number, (CaseAction?)null, (CaseStatus?)null, CaseStatus.Submitted), (number, CaseAction.PreReview, CaseStatus.Submitted, CaseStatus.PreReviewing)],
            seen.Select(s => (s.Number, s.Action, s.Before, s.After)));
    }

    [Fact]
    public async Task A_failing_handler_rolls_back_the_change_and_every_other_reaction()
    {
        var clerk = await App.LoginAsync("clerk");
        var number = await FileAsync(clerk);
        var before = await CountsAsync(number);

        App.Recorder.FailOn = number;
        try
        {
            var response = await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "pass" });
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            App.Recorder.FailOn = null;
        }

        // Neither the status, nor the audit entry, the stage SMS or the supervision schedule of the failed action were kept.
        Assert.Equal(before, await CountsAsync(number));
        var again = await Json(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "pass" }));
        Assert.Equal("preReviewing", again.GetProperty("status").GetString());
        Assert.NotEqual(before, await CountsAsync(number));
    }

    private async Task<(string Status, int Audits, int Messages, DateTimeOffset? NextCheck)> CountsAsync(string number)
    {
        (string, int, int, DateTimeOffset?) counts = default;
        await App.WithDbAsync(async db =>
        {
            var c = await db.Cases.AsNoTracking().FirstAsync(x => x.Number == number, Ct);
            counts = (c.Status.ToString(), await db.AuditEntries.CountAsync(e => e.CaseNumber == number, Ct),
                await db.OutboxMessages.CountAsync(m => m.CaseNumber == number, Ct), c.NextCheckAt);
        });
        return counts;
    }
}

/// <summary>Records what it is handed; throws for one case when told to.</summary>
internal sealed class RecordingHandler : ICaseChangeHandler
{
    public ConcurrentQueue<(string Number, CaseAction? Action, CaseStatus? Before, CaseStatus After)> Seen { get; } = new();

    public string? FailOn { get; set; }

    Task ICaseChangeHandler.HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        if (change.Case.Number == FailOn) throw new InvalidOperationException("a handler failed");
        Seen.Enqueue((change.Case.Number, change.Action, change.StatusBefore, change.Case.Status));
        return Task.CompletedTask;
    }
}

public class PipelineApp(DatabaseKind kind) : TongbanAppFactory(kind)
{
    internal RecordingHandler Recorder { get; } = new();

    // Last: it runs after every module's handler, so their work is in the unit of work when it throws.
    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ICaseChangeHandler>(Recorder);
}

public sealed class SqlitePipelineApp() : PipelineApp(DatabaseKind.Sqlite);

public sealed class PostgresPipelineApp() : PipelineApp(DatabaseKind.Postgres);

public sealed class SqliteCaseChangePipelineTests(SqlitePipelineApp app) : CaseChangePipelineTests<SqlitePipelineApp>(app);

public sealed class PostgresCaseChangePipelineTests(PostgresPipelineApp app) : CaseChangePipelineTests<PostgresPipelineApp>(app);
