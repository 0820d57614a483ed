using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

public abstract class AuditTrailTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<string> SubmitAsync(HttpClient clerk)
    {
        string item = "";
        await App.WithDbAsync(async db => item = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && (i.Channels & Channels.Window) != 0 && i.DepartmentCode != null)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return await Scenario.SubmitAsync(clerk, item, name: "林小梅", form: new { remark = "审计测试" });
    }

    /// <summary>A stream of its own with <paramref name="count"/> entries, appended in one unit of work.</summary>
    private async Task<string> StreamWithEntriesAsync(int count)
    {
        var stream = "test:" + Guid.NewGuid().ToString("N");
        await App.WithDbAsync(async db =>
        {
            var trail = App.Services.GetRequiredService<AuditTrail>();
            for (var i = 1; i <= count; i++)
                await trail.AppendAsync(db, new AuditEvent(stream, AuditActor.System, "test.step", null, $"第 {i} 步", After: $$"""{"step":{{i}}}"""), Ct);
            await db.SaveChangesAsync(Ct);
        });
        return stream;
    }

    private async Task<JsonElement> VerifyAsync()
    {
        var supervisor = await App.LoginAsync("supervisor");
        return await GetJson(supervisor, "/api/audit/verify");
    }

    private async Task AssertIntactAsync()
    {
        var result = await VerifyAsync();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
    }

    private async Task AssertBrokenAsync(string stream, long sequence, string reason)
    {
        var result = await VerifyAsync();
        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        var broken = result.GetProperty("brokenAt");
        Assert.Equal(stream, broken.GetProperty("stream").GetString());
        Assert.Equal(sequence, broken.GetProperty("sequence").GetInt64());
        Assert.Equal(reason, broken.GetProperty("reason").GetString());
    }

    private static AuditEntry CopyOf(AuditEntry e) => new()
    {
        Stream = e.Stream, Sequence = e.Sequence, At = e.At, ActorKind = e.ActorKind, ActorId = e.ActorId, ActorName = e.ActorName,
        Role = e.Role, Action = e.Action, CaseNumber = e.CaseNumber, Summary = e.Summary, Before = e.Before, After = e.After,
        Ip = e.Ip, Channel = e.Channel, PreviousHash = e.PreviousHash, Hash = e.Hash,
    };

    [Fact]
    public async Task Submitting_a_case_writes_an_entry_and_reading_it_is_recorded_too()
    {
        var clerk = await App.LoginAsync("clerk");
        var number = await SubmitAsync(clerk);

        var trail = await GetJson(clerk, $"/api/cases/{number}/audit");
        var submit = Assert.Single(trail.EnumerateArray());
        Assert.Equal("case.submit", submit.GetProperty("action").GetString());
        Assert.Equal($"case:{number}", submit.GetProperty("stream").GetString());
        Assert.Equal(1, submit.GetProperty("sequence").GetInt64());
        Assert.Equal("staff", submit.GetProperty("actorKind").GetString());
        Assert.Equal("陈晓燕", submit.GetProperty("actorName").GetString());
        Assert.Equal("Clerk", submit.GetProperty("role").GetString());
        Assert.Equal("window", submit.GetProperty("channel").GetString());
        Assert.Contains("收件", submit.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("submitted", submit.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.ValidIdNumber, trail.ToString(), StringComparison.Ordinal);

        await GetJson(clerk, $"/api/cases/{number}");
        var supervisor = await App.LoginAsync("supervisor");
        await GetJson(supervisor, $"/api/cases/{number}");
        trail = await GetJson(clerk, $"/api/cases/{number}/audit");
        var reads = trail.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "case.read_personal_data").ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal(["陈晓燕", "刘文斌"], reads.Select(r => r.GetProperty("actorName").GetString()));
        Assert.All(reads, r => Assert.StartsWith("staff:", r.GetProperty("stream").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parallel_reads_by_one_user_all_answer_and_are_all_recorded()
    {
        // One user's reads share one audit stream; opening cases in several tabs at once (or a load test's
        // workers) must queue on it, not answer a read with 409 (seen at 4 % of views in the issue 8 load driver).
        var clerk = await App.LoginAsync("clerk");
        var number = await SubmitAsync(clerk);
        const int reads = 16;
        var responses = await Task.WhenAll(Enumerable.Range(0, reads).Select(_ => clerk.GetAsync($"/api/cases/{number}", Ct)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var trail = await GetJson(clerk, $"/api/cases/{number}/audit");
        Assert.Equal(reads, trail.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "case.read_personal_data"));
        await AssertIntactAsync();
    }

    [Fact]
    public async Task Staff_who_may_not_see_the_case_get_404_for_its_trail()
    {
        var clerk = await App.LoginAsync("clerk");
        var number = await SubmitAsync(clerk);
        var townClerk = await App.LoginAsync("clerk-nanpu");
        await ProblemAssert.IsProblem(await townClerk.GetAsync($"/api/cases/{number}/audit", Ct), HttpStatusCode.NotFound, "case.not_found");
        await ProblemAssert.IsProblem(await clerk.GetAsync("/api/cases/350505-1999-000001/audit", Ct), HttpStatusCode.NotFound, "case.not_found");
    }

    [Fact]
    public async Task The_chain_verifies_after_several_cases_and_reads()
    {
        var clerk = await App.LoginAsync("clerk");
        for (var i = 0; i < 3; i++)
        {
            var number = await SubmitAsync(clerk);
            await GetJson(clerk, $"/api/cases/{number}");
            await GetJson(clerk, $"/api/cases/{number}");
        }
        await StreamWithEntriesAsync(5);
        var result = await VerifyAsync();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("checked").GetInt64() >= 14, result.ToString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("brokenAt").ValueKind);

        var admin = await App.LoginAsync("admin");
        Assert.True((await GetJson(admin, "/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_clerk_may_not_verify_the_chain()
    {
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsProblem(await clerk.GetAsync("/api/audit/verify", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_modified_entry_is_found()
    {
        var clerk = await App.LoginAsync("clerk");
        var number = await SubmitAsync(clerk);
        var stream = AuditStreams.Case(number);
        string original = "";
        await App.WithDbAsync(async db =>
        {
            original = await db.AuditEntries.Where(e => e.Stream == stream && e.Sequence == 1).Select(e => e.Summary).SingleAsync(Ct);
            await db.AuditEntries.Where(e => e.Stream == stream && e.Sequence == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.Summary, "窗口收件：无"), Ct);
        });
        try
        {
            await AssertBrokenAsync(stream, 1, "hash_mismatch");
        }
        finally
        {
            await App.WithDbAsync(db => db.AuditEntries.Where(e => e.Stream == stream && e.Sequence == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.Summary, original), Ct));
        }
        await AssertIntactAsync();
    }

    [Fact]
    public async Task A_deleted_middle_entry_is_found()
    {
        var stream = await StreamWithEntriesAsync(4);
        await AssertIntactAsync();
        AuditEntry? deleted = null;
        await App.WithDbAsync(async db =>
        {
            deleted = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Stream == stream && e.Sequence == 2, Ct);
            await db.AuditEntries.Where(e => e.Id == deleted.Id).ExecuteDeleteAsync(Ct);
        });
        try
        {
            await AssertBrokenAsync(stream, 2, "sequence_gap");
        }
        finally
        {
            await App.WithDbAsync(async db => { db.AuditEntries.Add(CopyOf(deleted!)); await db.SaveChangesAsync(Ct); });
        }
        await AssertIntactAsync();
    }

    [Fact]
    public async Task A_forged_entry_is_found()
    {
        var stream = await StreamWithEntriesAsync(2);
        // The forger knows the format and the chain but not the key.
        var forgerKey = new AuditKey(new byte[32]);
        await App.WithDbAsync(async db =>
        {
            var last = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Stream == stream && e.Sequence == 2, Ct);
            var forged = new AuditEntry
            {
                Stream = stream, Sequence = 3, At = last.At.AddSeconds(1), ActorKind = "staff", ActorId = "1", ActorName = "系统管理员",
                Action = "case.accept", Summary = "伪造的受理", PreviousHash = last.Hash,
            };
            forged.Hash = AuditHashing.EntryMac(forgerKey.Bytes, forged);
            db.AuditEntries.Add(forged);
            await db.SaveChangesAsync(Ct);
        });
        try
        {
            await AssertBrokenAsync(stream, 3, "hash_mismatch");
        }
        finally
        {
            await App.WithDbAsync(db => db.AuditEntries.Where(e => e.Stream == stream && e.Sequence == 3).ExecuteDeleteAsync(Ct));
        }
        await AssertIntactAsync();

        // A whole forged stream, without its head row.
        var orphan = "case:350505-2026-999999";
        await App.WithDbAsync(async db =>
        {
            var forged = new AuditEntry
            {
                Stream = orphan, Sequence = 1, At = TongbanAppFactory.StartTime, ActorKind = "staff", ActorId = "1", ActorName = "系统管理员",
                Action = "case.submit", Summary = "伪造的办件", PreviousHash = AuditHashing.Genesis,
            };
            forged.Hash = AuditHashing.EntryMac(forgerKey.Bytes, forged);
            db.AuditEntries.Add(forged);
            await db.SaveChangesAsync(Ct);
        });
        try
        {
            await AssertBrokenAsync(orphan, 1, "head_missing");
        }
        finally
        {
            await App.WithDbAsync(db => db.AuditEntries.Where(e => e.Stream == orphan).ExecuteDeleteAsync(Ct));
        }
        await AssertIntactAsync();
    }

    [Fact]
    public async Task A_deleted_newest_entry_is_found_through_the_head()
    {
        var stream = await StreamWithEntriesAsync(3);
        AuditEntry? deleted = null;
        await App.WithDbAsync(async db =>
        {
            deleted = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Stream == stream && e.Sequence == 3, Ct);
            await db.AuditEntries.Where(e => e.Id == deleted.Id).ExecuteDeleteAsync(Ct);
        });
        try
        {
            await AssertBrokenAsync(stream, 3, "head_mismatch");
        }
        finally
        {
            await App.WithDbAsync(async db => { db.AuditEntries.Add(CopyOf(deleted!)); await db.SaveChangesAsync(Ct); });
        }
        await AssertIntactAsync();

        // Rolling the head back as well does not help without the key.
        await App.WithDbAsync(async db =>
        {
            await db.AuditEntries.Where(e => e.Stream == stream && e.Sequence == 3).ExecuteDeleteAsync(Ct);
            var second = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Stream == stream && e.Sequence == 2, Ct);
            await db.AuditStreamHeads.Where(h => h.Stream == stream).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, 2L).SetProperty(h => h.LastHash, second.Hash), Ct);
        });
        await AssertBrokenAsync(stream, 2, "head_mac_mismatch");
        // This stream stays broken: remove it so the other tests see an intact chain.
        await App.WithDbAsync(async db =>
        {
            await db.AuditEntries.Where(e => e.Stream == stream).ExecuteDeleteAsync(Ct);
            await db.AuditStreamHeads.Where(h => h.Stream == stream).ExecuteDeleteAsync(Ct);
        });
        await AssertIntactAsync();
    }

    [Fact]
    public async Task Two_writers_on_one_stream_cannot_both_commit()
    {
        var stream = await StreamWithEntriesAsync(1);
        var trail = App.Services.GetRequiredService<AuditTrail>();
        await using var first = App.Services.CreateAsyncScope();
        await using var second = App.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<TongbanDb>();
        var db2 = second.ServiceProvider.GetRequiredService<TongbanDb>();
        await trail.AppendAsync(db1, new AuditEvent(stream, AuditActor.System, "test.a", null, "甲"), Ct);
        await trail.AppendAsync(db2, new AuditEvent(stream, AuditActor.System, "test.b", null, "乙"), Ct);
        await db1.SaveChangesAsync(Ct);
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db2.SaveChangesAsync(Ct));
        await AssertIntactAsync();
    }

    [Fact]
    public async Task The_cli_verifier_reports_the_same()
    {
        await StreamWithEntriesAsync(2);
        var verifier = App.Services.GetRequiredService<AuditChainVerifier>();
        AuditVerification? result = null;
        // A tiny page size exercises the keyset paging over streams and entries.
        await App.WithDbAsync(async db => result = await verifier.VerifyAsync(db, Ct, pageSize: 1));
        Assert.True(result!.Ok, result.ToString());
        Assert.True(result.Checked >= 2);
        Assert.Equal(0, await VerifyAuditChain.RunCliAsync(App.Services, Ct));
    }
}

public sealed class SqliteAuditTrailTests(SqliteApp app) : AuditTrailTests<SqliteApp>(app);

public sealed class PostgresAuditTrailTests(PostgresApp app) : AuditTrailTests<PostgresApp>(app);

/// <summary>
/// What AuditTrail.RecordAsync relies on when it saves without BEGIN/COMMIT on PostgreSQL: a batch of statements runs as one
/// implicit transaction, so when a later statement fails the earlier ones are not committed either.
/// </summary>
public sealed class PostgresBatchAtomicityTests(PostgresApp app) : ApiTestBase<PostgresApp>(app)
{
    [Fact]
    public async Task A_failing_statement_takes_the_earlier_statements_of_its_batch_with_it()
    {
        await App.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS batch_probe (id int PRIMARY KEY)", Ct);
            db.Database.AutoTransactionBehavior = Microsoft.EntityFrameworkCore.AutoTransactionBehavior.Never;
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
                db.Database.ExecuteSqlRawAsync("INSERT INTO batch_probe VALUES (1); INSERT INTO batch_probe VALUES (2); INSERT INTO batch_probe VALUES (1)", Ct));
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM batch_probe").SingleAsync(Ct));
        });
    }
}
