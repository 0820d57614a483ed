using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure;

namespace Tongban.IntegrationTests;

/// <summary>
/// The start-up warm-up (docs/performance.md, cold start): it reads on either database without an error, leaves every
/// connection it opened back in the pool and writes nothing (a warm-up that left an audit entry or a case behind would
/// change what a fresh node shows).
/// </summary>
public abstract class WarmUpTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Warm_up_reads_without_error_and_writes_nothing()
    {
        (int Cases, int Audit, int Heads) before = default, after = default;
        await App.WithDbAsync(async db => before = (await db.Cases.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct), await db.AuditStreamHeads.CountAsync(Ct)));
        var warmUp = App.Services.GetRequiredService<WarmUp>();
        // Twice: a second pass (a pooled context the first one used) must not fail on state the first left behind.
        await warmUp.RunAsync(Ct);
        await warmUp.RunAsync(Ct);
        await App.WithDbAsync(async db => after = (await db.Cases.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct), await db.AuditStreamHeads.CountAsync(Ct)));
        Assert.Equal(before, after);
        // The app still answers (its pooled contexts and connections were handed back in order).
        var clerk = await App.LoginAsync("clerk");
        var list = await clerk.GetAsync("/api/cases?view=todo", Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, list.StatusCode);
    }
}

public sealed class SqliteWarmUpTests(SqliteApp app) : WarmUpTests<SqliteApp>(app);

public sealed class PostgresWarmUpTests(PostgresApp app) : WarmUpTests<PostgresApp>(app);
