using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Analytics;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>好差评: the citizen's evaluation of a finished case, one per case, and the satisfaction figures over it (issue 7).</summary>
public abstract class EvaluationTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    /// <summary>An immediate window item whose required materials a clerk can take on paper, and its department.</summary>
    private async Task<(string Code, string Department, string[] Requirements)> ItemAsync(CaseKind kind)
    {
        (string, string, string[]) found = default;
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == kind && (i.Channels & Channels.Window) != 0 && i.Materials.Count > 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            found = (item.Code, item.DepartmentCode, [.. item.Materials.OrderBy(m => m.SortOrder).Select(m => m.Code)]);
        });
        return found;
    }

    private static Task<string> FileAsync(HttpClient clerk, string item, string[] requirements, string idNumber, string mobile) =>
        SubmitAsync(clerk, item, requirements, "陈美玲", idNumber, mobile);

    /// <summary>A citizen with <paramref name="count"/> immediate cases completed at the window.</summary>
    /// <param name="rateAfter">Time that passes between the completions and the citizen's login.</param>
    private async Task<(HttpClient Citizen, List<string> Numbers, string Department)> CompletedCasesAsync(int count, TimeSpan? rateAfter = null)
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, department, requirements) = await ItemAsync(CaseKind.Immediate);
        var (mobile, id) = (Citizens.NewMobile(), Citizens.NewIdNumber());
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var number = await FileAsync(clerk, item, requirements, id, mobile);
            await Json(await PostJson(clerk, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }));
            numbers.Add(number);
        }
        if (rateAfter is { } wait) App.Clock.Advance(wait);
        return (await Citizens.LoggedInAsync(App, mobile, id), numbers, department);
    }

    private static Task<HttpResponseMessage> Evaluate(HttpClient citizen, string number, object body) => PostJson(citizen, $"/api/me/cases/{number}/evaluation", body);

    private string Day => DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int N(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    [Fact]
    public async Task Scripted_ratings_give_the_hand_computed_rate_distribution_and_reasons_and_a_rebuild_agrees()
    {
        var completedOn = Day;
        // Rated the next day: counted on the evaluation's day, not the completion's. Nothing else in this class happens on a later day.
        var (citizen, numbers, department) = await CompletedCasesAsync(6, TimeSpan.FromDays(1));
        var ratedOn = Day;
        var analyst = await App.LoginAsync("analyst");
        var completionDayBefore = N(await GetJson(analyst, $"/api/stats/satisfaction?from={completedOn}&to={completedOn}"), "rated");
        var period = $"from={ratedOn}&to={ratedOn}";
        var empty = await GetJson(analyst, "/api/stats/satisfaction?" + period);
        Assert.Equal(0, N(empty, "rated"));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("satisfactionRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await GetJson(analyst, "/api/stats/overview?" + period)).GetProperty("satisfactionRate").ValueKind);

        object[] ratings =
        [
            new { level = 5 }, new { level = 5, comment = "窗口服务很好" }, new { level = 4, channel = "mobile" }, new { level = 3 },
            new { level = 2, reasons = new[] { "longWait", "poorAttitude" } },
            new { level = 1, reasons = new[] { "longWait", "other" }, comment = "取号后等了两个小时" },
        ];
        foreach (var (number, rating) in numbers.Zip(ratings))
            Assert.Equal(HttpStatusCode.Created, (await Evaluate(citizen, number, rating)).StatusCode);

        // By hand: 6 rated; 满意 = levels 4–5 = 3 → 0.5; 差评 = levels 1–2 = 2; reasons longWait 2, poorAttitude 1, other 1 (ties in list order).
        var s = await GetJson(analyst, "/api/stats/satisfaction?" + period);
        Assert.Equal(6, N(s, "rated"));
        Assert.Equal(3, N(s, "satisfied"));
        Assert.Equal(2, N(s, "dissatisfied"));
        Assert.Equal(0.5, s.GetProperty("satisfactionRate").GetDouble());
        Assert.Equal(["5:2", "4:1", "3:1", "2:1", "1:1"], s.GetProperty("levels").EnumerateArray().Select(l => $"{N(l, "level")}:{N(l, "count")}"));
        Assert.Equal("非常满意", s.GetProperty("levels")[0].GetProperty("name").GetString());
        Assert.Equal(["longWait:等候时间长:2", "poorAttitude:服务态度差:1", "other:其他:1"],
            s.GetProperty("badReasons").EnumerateArray().Select(r => $"{r.GetProperty("reason").GetString()}:{r.GetProperty("name").GetString()}:{N(r, "count")}"));
        Assert.Equal(0.5, (await GetJson(analyst, "/api/stats/overview?" + period)).GetProperty("satisfactionRate").GetDouble());
        // The same figures as a file: a row per level with its share, a row per bad reason, and the total with 满意率.
        var csv = await (await analyst.GetAsync("/api/stats/satisfaction/export?format=csv&" + period, Ct)).Content.ReadAsStringAsync(Ct);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("类别,项目,数量,占比(%)", lines[0]);
        Assert.Contains("评价等级,非常满意,2,33.33", lines);
        Assert.Contains("差评原因,等候时间长,2,", lines);
        Assert.Contains(lines, l => l.StartsWith("合计,", StringComparison.Ordinal) && l.EndsWith(",6,50", StringComparison.Ordinal));
        // The department filter: the same for the case's department, nothing for another.
        Assert.Equal(6, N(await GetJson(analyst, $"/api/stats/satisfaction?{period}&department={department}"), "rated"));
        var other = await GetJson(analyst, $"/api/stats/satisfaction?{period}&department=NOT-{department}");
        Assert.Equal(0, N(other, "rated"));
        Assert.Empty(other.GetProperty("badReasons").EnumerateArray());
        // The completion day gained none of these ratings.
        Assert.Equal(completionDayBefore, N(await GetJson(analyst, $"/api/stats/satisfaction?from={completedOn}&to={completedOn}"), "rated"));

        // Both views show the evaluation.
        var mine = await GetJson(citizen, $"/api/cases/{numbers[5]}");
        var evaluation = mine.GetProperty("evaluation");
        Assert.Equal(1, N(evaluation, "level"));
        Assert.Equal("online", evaluation.GetProperty("channel").GetString());
        Assert.Equal(["longWait", "other"], evaluation.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("取号后等了两个小时", evaluation.GetProperty("comment").GetString());
        var staffView = await GetJson(await App.LoginAsync("clerk"), $"/api/cases/{numbers[2]}");
        Assert.Equal("mobile", staffView.GetProperty("evaluation").GetProperty("channel").GetString());
        Assert.Equal("满意", staffView.GetProperty("evaluation").GetProperty("levelName").GetString());
        var audit = await GetJson(await App.LoginAsync("supervisor"), $"/api/cases/{numbers[4]}/audit");
        Assert.Contains("case.evaluate", audit.ToString(), StringComparison.Ordinal);

        // The evaluator is kept as a blind index only.
        await App.WithDbAsync(async db =>
        {
            var stored = await db.Evaluations.Where(e => numbers.Contains(e.CaseNumber)).ToListAsync(Ct);
            Assert.Equal(6, stored.Count);
            Assert.All(stored, e => Assert.Equal(32, e.EvaluatorIndex.Length));
        });

        // Rebuild from the cases and evaluations gives exactly the incremental counters, ratings included.
        List<string> incremental = [], rebuilt = [];
        await App.WithDbAsync(async db => incremental = await StatRows.ReadAsync(db));
        await App.WithDbAsync(async db => await CaseStatistics.RebuildAsync(db, Ct));
        await App.WithDbAsync(async db => rebuilt = await StatRows.ReadAsync(db));
        Assert.Contains(incremental, r => r.StartsWith(ratedOn, StringComparison.Ordinal) && r.EndsWith("|2|1|1|1|1", StringComparison.Ordinal));
        Assert.Equal(incremental, rebuilt);
    }

    [Fact]
    public async Task A_case_is_rated_once_and_only_when_finished()
    {
        var (citizen, numbers, _) = await CompletedCasesAsync(1);
        Assert.Equal(HttpStatusCode.Created, (await Evaluate(citizen, numbers[0], new { level = 5 })).StatusCode);
        var again = await ProblemAssert.IsProblem(await Evaluate(citizen, numbers[0], new { level = 1, reasons = new[] { "overdue" } }), HttpStatusCode.Conflict, "evaluation.already_evaluated");
        Assert.Contains("已评价", again.GetProperty("title").GetString(), StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(5, (await db.Evaluations.SingleAsync(e => e.CaseNumber == numbers[0], Ct)).Level));

        // A case still open cannot be rated yet.
        var clerk = await App.LoginAsync("clerk");
        var (item, _, requirements) = await ItemAsync(CaseKind.Promised);
        var (mobile, id) = (Citizens.NewMobile(), Citizens.NewIdNumber());
        var open = await FileAsync(clerk, item, requirements, id, mobile);
        var applicant = await Citizens.LoggedInAsync(App, mobile, id);
        await ProblemAssert.IsProblem(await Evaluate(applicant, open, new { level = 5 }), HttpStatusCode.Conflict, "evaluation.case_not_finished");
        // 不予受理 is an outcome the applicant may rate.
        await Json(await PostJson(clerk, $"/api/cases/{open}/refuse", new { reason = "不属于本部门职责范围" }));
        Assert.Equal(HttpStatusCode.Created, (await Evaluate(applicant, open, new { level = 2, reasons = new[] { "guideUnclear" } })).StatusCode);
    }

    [Fact]
    public async Task Someone_elses_case_is_not_found_and_staff_cannot_use_the_citizen_endpoint()
    {
        var (_, numbers, _) = await CompletedCasesAsync(1);
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber(), "周八");
        await ProblemAssert.IsProblem(await Evaluate(stranger, numbers[0], new { level = 1, reasons = new[] { "other" }, comment = "恶意差评" }), HttpStatusCode.NotFound, "case.not_found");
        await ProblemAssert.IsProblem(await Evaluate(stranger, "350505-2026-999999", new { level = 5 }), HttpStatusCode.NotFound, "case.not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await Evaluate(await App.LoginAsync("clerk"), numbers[0], new { level = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Evaluate(App.CreateClient(), numbers[0], new { level = 5 })).StatusCode);
        await App.WithDbAsync(async db => Assert.False(await db.Evaluations.AnyAsync(e => e.CaseNumber == numbers[0], Ct)));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_a_bad_rating_needs_a_reason()
    {
        var (citizen, numbers, _) = await CompletedCasesAsync(1);
        var number = numbers[0];
        var noReason = await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 2 }), "reasons");
        Assert.Contains("原因", noReason.GetProperty("errors").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 1, reasons = Array.Empty<string>() }), "reasons");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 0 }), "level");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 6 }), "level");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { }), "level");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 1, reasons = new[] { "tooExpensive" } }), "reasons");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 5, reasons = new[] { "longWait" } }), "reasons");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 1, reasons = new[] { "other" } }), "comment");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 5, comment = new string('好', 501) }), "comment");
        await ProblemAssert.IsValidation(await Evaluate(citizen, number, new { level = 5, channel = "sms" }), "channel");
        await App.WithDbAsync(async db => Assert.False(await db.Evaluations.AnyAsync(e => e.CaseNumber == number, Ct)));
        Assert.Equal(HttpStatusCode.Created, (await Evaluate(citizen, number, new { level = 2, reasons = new[] { "multipleVisits" } })).StatusCode);
    }
}

public sealed class SqliteEvaluationTests(SqliteApp app) : EvaluationTests<SqliteApp>(app);

public sealed class PostgresEvaluationTests(PostgresApp app) : EvaluationTests<PostgresApp>(app);

/// <summary>The daily counters and their day/month roll-up as comparable text, all-zero rows left out (a rebuild does not write them).</summary>
internal static class StatRows
{
    public static async Task<List<string>> ReadAsync(Tongban.Infrastructure.Data.TongbanDb db) =>
        (await db.DailyCaseStats.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken))
        .Select(r => $"{r.Day:yyyy-MM-dd}|{r.DepartmentCode}|{r.ServicePointCode}|{r.ItemCode}|{r.Channel}|{r.DeskCode}|{r.Submitted}|{r.Accepted}|{r.NotAccepted}|{r.Completed}|{r.OnTime}|{r.Overdue}|{r.Withdrawn}|{r.Corrections}|{r.MaterialsReused}|{r.CertificatesIssued}|{r.CertificatesUsed}|{r.Rated5}|{r.Rated4}|{r.Rated3}|{r.Rated2}|{r.Rated1}")
        .Concat((await db.PeriodCaseStats.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken))
            .Select(r => $"{r.Grain}:{r.PeriodStart:yyyy-MM-dd}|{r.DepartmentCode}|{r.Channel}|{r.DeskCode}|{r.VisitsClass}|{r.Submitted}|{r.Accepted}|{r.NotAccepted}|{r.Completed}|{r.OnTime}|{r.Overdue}|{r.Withdrawn}|{r.Corrections}|{r.MaterialsReused}|{r.CertificatesIssued}|{r.CertificatesUsed}|{r.Rated5}|{r.Rated4}|{r.Rated3}|{r.Rated2}|{r.Rated1}"))
        .Where(r => !r.EndsWith("|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
