using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Catalog;
using Tongban.Modules.Certificates;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// The public verification limit holds across nodes (the counter is a database row, not a node's memory), and the case
/// page is told whether a decision letter exists: only a decided 行政许可 case has one.
/// </summary>
public abstract class CertificateLimitAndLetterTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Two_nodes_count_one_networks_verifications_against_the_same_limit_and_a_new_minute_starts_afresh()
    {
        var options = App.Services.GetRequiredService<IOptions<CertificateOptions>>();
        var limit = options.Value.VerificationsPerAddressPerMinute;
        // Two throttles are two nodes: nothing is shared between them but the database.
        var nodeA = new VerificationThrottle(App.Clock, options);
        var nodeB = new VerificationThrottle(App.Clock, options);
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.77");
        var other = new DefaultHttpContext();
        other.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.78");
        await using var scopeA = App.Services.CreateAsyncScope();
        await using var scopeB = App.Services.CreateAsyncScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<TongbanDb>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<TongbanDb>();
        for (var i = 0; i < limit; i++) Assert.True(await (i % 2 == 0 ? nodeA : nodeB).AllowAsync(http, i % 2 == 0 ? dbA : dbB, Ct), $"verification {i + 1}");
        Assert.False(await nodeA.AllowAsync(http, dbA, Ct));
        Assert.False(await nodeB.AllowAsync(http, dbB, Ct));
        Assert.True(await nodeB.AllowAsync(other, dbB, Ct));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await nodeA.AllowAsync(http, dbA, Ct));
    }

    [Fact]
    public async Task The_public_verification_answers_429_with_retry_after_past_the_limit()
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var limit = App.Services.GetRequiredService<IOptions<CertificateOptions>>().Value.VerificationsPerAddressPerMinute;
        var anonymous = App.CreateClient();
        for (var i = 0; i < limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/public/certificates/verify?identifier=x", Ct)).StatusCode);
        var refused = await anonymous.GetAsync("/api/public/certificates/verify?identifier=x", Ct);
        await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "certificate.too_many_verifications");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private async Task<(string Code, string[] Materials)?> ItemAsync(bool licence)
    {
        (string, string[])? found = null;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && (i.ItemType == ItemType.Licensing) == licence
                    && i.CaseKind == CaseKind.Promised && i.ForPersons && (i.Channels & Channels.Window) != 0)
                .OrderBy(i => i.Id).FirstOrDefaultAsync(Ct);
            if (item is not null) found = (item.Code, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return found;
    }

    private async Task<string> CompleteAsync((string Code, string[] Materials) item)
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var number = await SubmitAsync(clerk, item.Code, item.Materials, "林决定", Citizens.NewIdNumber(), Citizens.NewMobile());
        await Act(clerk, number, "accept", new { });
        var c = await Act(reviewer, number, "review", new { decision = "approve", opinion = "符合条件" });
        while (c.GetProperty("status").GetString() == "inReview") c = await Act(approver, number, "review", new { decision = "approve", opinion = "同意" });
        await Act(reviewer, number, "complete", new { delivery = new { method = "pickup" } });
        return number;
    }

    [Fact]
    public async Task Only_a_decided_licence_case_says_it_has_a_decision_letter()
    {
        var reviewer = await App.LoginAsync("reviewer");
        var other = await ItemAsync(licence: false);
        Assert.True(other is not null, "the demo's reviewer department has an item that is not a 行政许可");
        var plain = await CompleteAsync(other.Value);
        var none = await GetJson(reviewer, $"/api/cases/{plain}/decision-letter");
        Assert.False(none.GetProperty("available").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/cases/{plain}/decision-letter.pdf", Ct)).StatusCode);

        var licence = await CompleteAsync((await ItemAsync(licence: true))!.Value);
        var letter = await GetJson(reviewer, $"/api/cases/{licence}/decision-letter");
        Assert.True(letter.GetProperty("available").GetBoolean());
        Assert.Equal("准予行政许可决定书", letter.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/cases/{licence}/decision-letter.pdf", Ct)).StatusCode);
        // A stranger is told nothing exists.
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.False((await GetJson(stranger, $"/api/cases/{licence}/decision-letter")).GetProperty("available").GetBoolean());
    }
}

public sealed class SqliteCertificateLimitAndLetterTests(SqliteApp app) : CertificateLimitAndLetterTests<SqliteApp>(app);

public sealed class PostgresCertificateLimitAndLetterTests(PostgresApp app) : CertificateLimitAndLetterTests<PostgresApp>(app);
