using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>Tongban on a real socket with <c>Tongban:Sms:Provider=kannel</c>, talking to a real Kannel (<see cref="KannelGateway"/>).</summary>
public class KannelApp(DatabaseKind kind) : TongbanAppFactory(kind), IAsyncLifetime
{
    public const string InboundToken = "kannel-inbound-test-token-42";
    private readonly int _port = KannelGateway.FreePort();

    public KannelGateway Gateway { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Tongban:Sms:Provider", "kannel"),
        new("Tongban:Sms:Kannel:SendUrl", Gateway.SendUrl),
        new("Tongban:Sms:Kannel:Username", KannelGateway.Username),
        new("Tongban:Sms:Kannel:Password", KannelGateway.Password),
        new("Tongban:Sms:Kannel:From", KannelGateway.From),
        new("Tongban:Sms:Kannel:DlrBaseUrl", $"http://127.0.0.1:{_port}"),
        new("Tongban:Sms:Kannel:InboundToken", InboundToken),
    ];

    public async ValueTask InitializeAsync()
    {
        if (Kind == DatabaseKind.Postgres && Environment.GetEnvironmentVariable(PostgresVariable) is null or "") return;
        await Gateway.StartAsync($"http://127.0.0.1:{_port}/api/sms/kannel/inbound?token={InboundToken}");
        UseKestrel(_port);
        StartServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Gateway.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteKannelApp() : KannelApp(DatabaseKind.Sqlite);

public sealed class PostgresKannelApp() : KannelApp(DatabaseKind.Postgres);

/// <summary>
/// Issue 5 §7: a case transition's SMS reaches the fake operator through Kannel in UCS-2, Kannel's delivery
/// report marks it delivered, and a citizen's "5" replied through the operator rates the case and is thanked.
/// </summary>
public abstract class KannelTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : KannelApp
{
    /// <summary>Kannel and its callbacks run in real time: poll for what they do, with a generous limit.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, Func<string> explain)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(90)) Assert.Fail(explain());
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_stage_SMS_arrives_at_the_operator_is_reported_delivered_and_a_rating_reply_is_recorded()
    {
        var mobile = ScriptedSmsApp.NewMobile();
        var clerk = await App.LoginAsync("clerk");
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile);
        await Scenario.CompleteForPickupAsync(clerk, number);
        var dispatcher = App.Services.GetRequiredService<OutboxDispatcher>();
        Assert.Equal(2, await dispatcher.DispatchAllDueAsync(Ct));

        List<OutboxMessage> messages = [];
        await App.WithDbAsync(async db => messages = await db.OutboxMessages.AsNoTracking().Where(m => m.CaseNumber == number).OrderBy(m => m.Id).ToListAsync(Ct));
        Assert.Equal(["case.submitted", "case.completed"], messages.Select(m => m.Event));
        Assert.All(messages, m => Assert.Equal("kannel-" + m.Id, m.ProviderId));

        // The operator got both texts, Chinese intact (UCS-2, long ones in parts), with the hotline.
        await Eventually(() => Task.FromResult(messages.All(m => App.Gateway.ReceivedBy(mobile).Contains(m.Text))), () => $"not at the operator:\n{App.Gateway.Logs()}");
        Assert.All(messages, m => Assert.Contains("咨询电话", m.Text, StringComparison.Ordinal));

        // Kannel's delivery reports came back to the per-message URL.
        await Eventually(async () =>
        {
            var delivered = 0;
            await App.WithDbAsync(async db => delivered = await db.OutboxMessages.CountAsync(m => m.CaseNumber == number && m.Status == MessageStatus.Delivered, Ct));
            return delivered == 2;
        }, () => $"not delivered:\n{App.Gateway.Logs()}");
        var staff = await App.LoginAsync("clerk");
        Assert.All((await Scenario.NotificationsAsync(staff, number)).EnumerateArray(), n => Assert.Equal("delivered", n.GetProperty("status").GetString()));

        // The citizen replies "5" to the completion SMS: Kannel's get-url brings it in, the rating is kept, the thank-you goes back.
        App.Gateway.SendInbound(mobile, "5");
        await Eventually(async () =>
        {
            var score = 0;
            await App.WithDbAsync(async db => score = await db.Evaluations.Where(r => r.CaseNumber == number).Select(r => r.Level).FirstOrDefaultAsync(Ct));
            return score == 5;
        }, () => $"no rating:\n{App.Gateway.Logs()}");
        await Eventually(() => Task.FromResult(App.Gateway.ReceivedBy(mobile).Any(t => t.Contains("感谢", StringComparison.Ordinal) && t.Contains(number, StringComparison.Ordinal))),
            () => $"no thank-you:\n{App.Gateway.Logs()}");
    }
}

public sealed class SqliteKannelTests(SqliteKannelApp app) : KannelTests<SqliteKannelApp>(app);

public sealed class PostgresKannelTests(PostgresKannelApp app) : KannelTests<PostgresKannelApp>(app);
