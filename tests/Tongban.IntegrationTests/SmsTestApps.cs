using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>A gateway whose answers a test decides: records what it was given, or fails as told.</summary>
internal sealed class ScriptedSmsProvider(TimeProvider clock) : ISmsProvider
{
    public ConcurrentQueue<(SmsRequest Request, DateTimeOffset At)> Sent { get; } = new();
    public ConcurrentQueue<(SmsRequest Request, DateTimeOffset At)> Tries { get; } = new();

    /// <summary>Returns the exception to throw for a request, or null to accept it.</summary>
    public Func<SmsRequest, Exception?>? Fail { get; set; }

    public Task<string> SendAsync(SmsRequest request, CancellationToken ct)
    {
        Tries.Enqueue((request, clock.GetUtcNow()));
        if (Fail?.Invoke(request) is { } e) throw e;
        Sent.Enqueue((request, clock.GetUtcNow()));
        return Task.FromResult("scripted-" + request.MessageId);
    }

    public int SentTo(string mobile) => Sent.Count(s => s.Request.Mobile == mobile);
}

/// <summary>The app with a scripted gateway, a low hourly limit (3) and an inbound token, for the SMS rules.</summary>
public class ScriptedSmsApp(DatabaseKind kind) : TongbanAppFactory(kind)
{
    public const string InboundToken = "inbound-test-token-0123456789";
    public const int HourlyLimit = 3;

    private ScriptedSmsProvider? _gateway;

    internal ScriptedSmsProvider Gateway => _gateway ??= new ScriptedSmsProvider(Clock);

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Tongban:Sms:MaxPerNumberPerHour", HourlyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Tongban:Sms:Kannel:InboundToken", InboundToken),
    ];

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<ISmsProvider>();
        services.AddSingleton<ISmsProvider>(Gateway);
    }

    internal OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Moves the fake clock forward to the next <paramref name="hour"/>:<paramref name="minute"/> in Beijing (never back).</summary>
    public void AdvanceToBeijing(int hour, int minute = 0)
    {
        var now = Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var target = new DateTimeOffset(now.Year, now.Month, now.Day, hour, minute, 0, now.Offset);
        if (target <= now) target = target.AddDays(1);
        Clock.SetUtcNow(target.ToUniversalTime());
    }

    internal async Task<long> QueueAsync(string mobile, string eventName, string text, string? caseNumber = null)
    {
        long id = 0;
        await WithDbAsync(async db =>
        {
            var now = Clock.GetUtcNow();
            var m = new OutboxMessage { Recipient = mobile, Event = eventName, Text = text, CaseNumber = caseNumber, CreatedAt = now, NextAttemptAt = now };
            db.OutboxMessages.Add(m);
            await db.SaveChangesAsync();
            id = m.Id;
        });
        return id;
    }

    internal async Task<OutboxMessage> MessageAsync(long id)
    {
        OutboxMessage? m = null;
        await WithDbAsync(async db => m = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.OutboxMessages), x => x.Id == id));
        return m!;
    }

    private static int _counter = Random.Shared.Next(1_000_000);

    /// <summary>A valid, unused mobile number per call, so tests of per-number rules do not see each other's messages.</summary>
    public static string NewMobile() => "139" + (Interlocked.Increment(ref _counter) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteScriptedSmsApp() : ScriptedSmsApp(DatabaseKind.Sqlite);

public sealed class PostgresScriptedSmsApp() : ScriptedSmsApp(DatabaseKind.Postgres);
