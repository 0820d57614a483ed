using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Background;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>
/// The due-row claimer every background worker uses, on each database: claimers racing never share a row, a lease
/// keeps a row from others until it ends and not longer, and rows held for a transaction are skipped, not waited for.
/// The rows are supplement reminders (a nullable due column) of a case number made up per test; each claim counts
/// itself in reminders_sent, so a row claimed twice shows.
/// </summary>
public abstract class DueRowClaimerTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static DueRowClaimer<SupplementReminder> Claimer(string tag, int batchSize) => new()
    {
        DueAt = nameof(SupplementReminder.NextReminderAt), BatchSize = batchSize, Lease = Lease,
        Where = r => r.CaseNumber == tag, WhereSql = $"case_number = {tag}",
        OnClaim = u => u.SetProperty(r => r.RemindersSent, r => r.RemindersSent + 1), OnClaimSql = "reminders_sent = reminders_sent + 1",
    };

    private static string NewTag() => "CLAIM-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Rows due at now − 1 min, now − 2 min …: the last written is the oldest due. Returns their ids, oldest due first.</summary>
    private async Task<List<long>> SeedAsync(string tag, int count, DateTimeOffset now, bool withNeverDue = true)
    {
        var rows = Enumerable.Range(1, count).Select(i => new SupplementReminder
        {
            CaseNumber = tag, NoticeSequence = i, DueDate = new DateOnly(2026, 3, 10), CreatedAt = now, NextReminderAt = now.AddMinutes(-i),
        }).ToList();
        await App.WithDbAsync(async db =>
        {
            db.SupplementReminders.AddRange(rows);
            if (withNeverDue)
            {
                // Not due: one later, one closed (null).
                db.SupplementReminders.Add(new SupplementReminder { CaseNumber = tag, NoticeSequence = count + 1, DueDate = new DateOnly(2026, 3, 10), CreatedAt = now, NextReminderAt = now.AddSeconds(1) });
                db.SupplementReminders.Add(new SupplementReminder { CaseNumber = tag, NoticeSequence = count + 2, DueDate = new DateOnly(2026, 3, 10), CreatedAt = now });
            }
            await db.SaveChangesAsync(Ct);
        });
        return [.. rows.OrderBy(r => r.NextReminderAt).Select(r => r.Id)];
    }

    private async Task<List<long>> ClaimAsync(DueRowClaimer<SupplementReminder> claimer, DateTimeOffset now)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await claimer.ClaimAsync(scope.ServiceProvider.GetRequiredService<TongbanDb>(), now, Ct);
    }

    private async Task<List<SupplementReminder>> RowsAsync(string tag)
    {
        List<SupplementReminder> rows = [];
        await App.WithDbAsync(async db => rows = await db.SupplementReminders.AsNoTracking().Where(r => r.CaseNumber == tag).ToListAsync(Ct));
        return rows;
    }

    [Fact]
    public async Task Two_claimers_racing_never_get_the_same_row()
    {
        var tag = NewTag();
        var now = App.Clock.GetUtcNow();
        var due = await SeedAsync(tag, 300, now);
        var claimer = Claimer(tag, batchSize: 10);

        async Task<List<long>> DrainAsync()
        {
            var mine = new List<long>();
            for (var claimed = await ClaimAsync(claimer, now); claimed.Count > 0; claimed = await ClaimAsync(claimer, now))
                mine.AddRange(claimed);
            return mine;
        }
        var both = await Task.WhenAll(Task.Run(DrainAsync, Ct), Task.Run(DrainAsync, Ct));

        var all = both[0].Concat(both[1]).ToList();
        Assert.Empty(both[0].Intersect(both[1]));
        Assert.Equal(due.Order(), all.Order());
        var rows = await RowsAsync(tag);
        Assert.All(rows.Where(r => due.Contains(r.Id)), r =>
        {
            Assert.Equal(1, r.RemindersSent);
            Assert.Equal(now + Lease, r.NextReminderAt);
        });
        Assert.All(rows.Where(r => !due.Contains(r.Id)), r => Assert.Equal(0, r.RemindersSent));
    }

    [Fact]
    public async Task A_lease_keeps_a_row_from_other_claimers_until_it_expires()
    {
        var tag = NewTag();
        var now = App.Clock.GetUtcNow();
        var due = await SeedAsync(tag, 15, now);
        var claimer = Claimer(tag, batchSize: 10);

        var first = await ClaimAsync(claimer, now);
        // The oldest due first, a batch at a time (the oldest were written last: not the lowest ids).
        Assert.Equal(due.Take(10).Order(), first.Order());
        var second = await ClaimAsync(claimer, now);
        Assert.Equal(due.Skip(10).Order(), second.Order());
        Assert.Empty(await ClaimAsync(claimer, now));
        // The not-yet-due row is due a second after now; the leased ones are not, until their lease ends.
        Assert.Single(await ClaimAsync(claimer, now + Lease - TimeSpan.FromSeconds(1)));
        // All fifteen leases end at once; then the lowest ids go first.
        var expired = await ClaimAsync(claimer, now + Lease);
        Assert.Equal(due.Order().Take(10), expired.Order());
        Assert.All((await RowsAsync(tag)).Where(r => expired.Contains(r.Id)), r => Assert.Equal(2, r.RemindersSent));
        Assert.Null((await RowsAsync(tag)).Single(r => r.NoticeSequence == 17).NextReminderAt);
    }

    [Fact]
    public async Task Rows_held_for_a_transaction_are_skipped_and_let_go_with_it()
    {
        var tag = NewTag();
        var now = App.Clock.GetUtcNow();
        var due = await SeedAsync(tag, 6, now, withNeverDue: false);
        var claimer = Claimer(tag, batchSize: 3);

        await using var holderScope = App.Services.CreateAsyncScope();
        await using var held = await claimer.ClaimLockedAsync(holderScope.ServiceProvider.GetRequiredService<TongbanDb>(), now, Ct);
        Assert.Equal(due.Take(3), held.Ids);
        if (App.Kind == DatabaseKind.Postgres)
        {
            // While the first transaction holds its rows, another claimer takes the rest at once rather than waiting
            // (the timeout fails the test if it waits on the locks instead of skipping them).
            await using var otherScope = App.Services.CreateAsyncScope();
            await using var other = await claimer.ClaimLockedAsync(otherScope.ServiceProvider.GetRequiredService<TongbanDb>(), now, Ct)
                .WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(due.Skip(3), other.Ids);
            Assert.Empty(await ClaimAsync(claimer, now).WaitAsync(TimeSpan.FromSeconds(30), Ct));
            await held.DisposeAsync();
            await other.DisposeAsync();
            // Rolled back: the locks are gone and no lease is left behind, so the rows are due again at once.
            Assert.Equal(due.Order(), (await ClaimAsync(claimer, now)).Concat(await ClaimAsync(claimer, now)).Order());
        }
        else
        {
            // SQLite has no row locks: the claim was a lease, which outlives the transaction.
            await held.DisposeAsync();
            var later = now + TimeSpan.FromMinutes(1);
            Assert.Equal(due.Skip(3), await ClaimAsync(claimer, later));
            Assert.Empty(await ClaimAsync(claimer, later));
            Assert.Equal(due.Take(3).Order(), (await ClaimAsync(claimer, now + Lease)).Order());
        }
    }
}

public sealed class SqliteDueRowClaimerTests(SqliteApp app) : DueRowClaimerTests<SqliteApp>(app);

public sealed class PostgresDueRowClaimerTests(PostgresApp app) : DueRowClaimerTests<PostgresApp>(app);
