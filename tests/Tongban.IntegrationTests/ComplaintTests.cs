using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.InteractionFixtures;

namespace Tongban.IntegrationTests;

/// <summary>
/// 投诉建议 · 办件反馈: submitted → assigned by a supervisor → replied by the department (the submitter told by SMS with a
/// link to say whether it resolved it) → closed by the supervisor; every step on the complaint's audit stream; a department
/// sees only what is assigned to it; an assigned complaint past its reply date is on the supervision board.
/// </summary>
public abstract partial class ComplaintTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [GeneratedRegex(@"/feedback/(?<number>[A-Z0-9]+)\?t=(?<token>[A-Z0-9]+)")]
    private static partial Regex FeedbackLink();

    private async Task<List<string>> AuditActionsAsync(string number)
    {
        List<string> actions = [];
        await App.WithDbAsync(async db => actions = await db.AuditEntries.Where(e => e.Stream == "complaint:" + number).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct));
        return actions;
    }

    [Fact]
    public async Task A_complaint_is_assigned_replied_rated_by_the_SMS_link_and_closed_each_step_audited_and_scoped()
    {
        var (department, _, _) = await DepartmentsAsync(App);
        var anonymous = Anonymous(App);
        var mobile = Citizens.NewMobile();
        await ProblemAssert.IsValidation(await PostJson(anonymous, "/api/complaints", new { kind = "grumble", text = "x", mobile, code = "123456" }), "kind");
        var code = await CodeForAsync(App, mobile, "complaint");
        var number = await CreatedNumberAsync(await PostJson(anonymous, "/api/complaints",
            new { kind = "complaint", text = "中午窗口没有人值班，等了一个小时。", mobile, code }));

        var supervisor = await App.LoginAsync("supervisor");
        var reviewer = await App.LoginAsync("reviewer");
        var other = await App.LoginAsync(OtherReviewer);
        Assert.Contains(number, await NumbersAsync(supervisor, "/api/complaints?status=submitted"));
        Assert.DoesNotContain(number, await NumbersAsync(reviewer, "/api/complaints"));

        // Only a supervisor assigns and closes.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJson(reviewer, $"/api/complaints/{number}/assign", new { departmentCode = department })).StatusCode);
        await ProblemAssert.IsValidation(await PostJson(supervisor, $"/api/complaints/{number}/assign", new { departmentCode = "no-such" }), "departmentCode");
        var assigned = await Json(await PostJson(supervisor, $"/api/complaints/{number}/assign", new { departmentCode = department }));
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        var due = DateOnly.Parse(assigned.GetProperty("replyDueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(due > DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime.AddDays(4)), $"five working days: {due}");

        Assert.Contains(number, await NumbersAsync(reviewer, "/api/complaints?status=assigned"));
        Assert.DoesNotContain(number, await NumbersAsync(other, "/api/complaints"));
        await ProblemAssert.IsProblem(await PostJson(other, $"/api/complaints/{number}/reply", new { reply = "不是我们" }), HttpStatusCode.NotFound, "complaint.not_found");
        await ProblemAssert.IsProblem(await PostJson(supervisor, $"/api/complaints/{number}/reply", new { reply = "监察代答" }),
            HttpStatusCode.Forbidden, "complaint.not_your_department");
        await ProblemAssert.IsProblem(await PostJson(anonymous, $"/api/complaints/{number}/satisfaction", new { resolved = true, token = "WRONGTOKEN22" }),
            HttpStatusCode.NotFound, "complaint.not_found");

        var replied = await PostJson(reviewer, $"/api/complaints/{number}/reply", new { reply = "经核实，已安排午间轮岗值班，感谢监督。" });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/complaints/{number}/reply", new { reply = "再答" }), HttpStatusCode.Conflict, "complaint.not_awaiting_reply");
        var sms = Assert.Single(await MessagesToAsync(App, mobile), m => m.Event == "complaint.replied");
        Assert.Contains("午间轮岗", sms.Text, StringComparison.Ordinal);
        var link = FeedbackLink().Match(sms.Text);
        Assert.True(link.Success, sms.Text);
        Assert.Equal(number, link.Groups["number"].Value);
        Assert.Equal(HttpStatusCode.NoContent,
            (await PostJson(anonymous, $"/api/complaints/{number}/satisfaction", new { resolved = true, token = link.Groups["token"].Value })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostJson(reviewer, $"/api/complaints/{number}/close", new { })).StatusCode);
        var closed = await Json(await PostJson(supervisor, $"/api/complaints/{number}/close", new { }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.True(closed.GetProperty("resolved").GetBoolean());
        await ProblemAssert.IsProblem(await PostJson(supervisor, $"/api/complaints/{number}/close", new { }), HttpStatusCode.Conflict, "complaint.closed");

        Assert.Equal(new[] { "complaint.file", "complaint.assign", "complaint.reply", "complaint.satisfaction", "complaint.close" }, await AuditActionsAsync(number));
    }

    [Fact]
    public async Task Case_feedback_names_the_citizens_own_case_and_its_department_and_an_unanswered_assignment_goes_on_the_board()
    {
        (string Item, string Requirement, string Department) found = default;
        await App.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised).OrderBy(i => i.Id).Take(200).ToListAsync(Ct);
            var item = items.First(i => i.Channels.HasFlag(Channels.Window) && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card"));
            found = (item.Code, item.Materials.First(m => m.MaterialTypeCode == "resident-id-card").Code, item.DepartmentCode);
        });
        var clerk = await App.LoginAsync("clerk");
        var idNumber = Citizens.NewIdNumber();
        var fileId = await Citizens.UploadAsync(clerk, Citizens.Png(), "身份证.png");
        var filed = await PostJson(clerk, "/api/cases", new
        {
            itemCode = found.Item, channel = "window", applicant = new { kind = "person", name = "陈美玲", idNumber, mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = found.Requirement, fileId } },
        }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var caseNumber = (await Json(filed)).GetProperty("caseNumber").GetString()!;

        var citizenMobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, citizenMobile, idNumber);
        var number = await CreatedNumberAsync(await PostJson(citizen, "/api/complaints", new { kind = "praise", caseNumber, text = "窗口服务耐心细致。" }));
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        await ProblemAssert.IsValidation(await PostJson(stranger, "/api/complaints", new { kind = "complaint", caseNumber, text = "不是我的办件" }), "caseNumber");
        Assert.Contains(number, await NumbersAsync(citizen, "/api/me/complaints"));
        Assert.DoesNotContain(number, await NumbersAsync(stranger, "/api/me/complaints"));

        var supervisor = await App.LoginAsync("supervisor");
        var mine = await GetJson(supervisor, $"/api/complaints/{number}");
        Assert.Equal(found.Department, mine.GetProperty("departmentCode").GetString());
        Assert.Equal(caseNumber, mine.GetProperty("caseNumber").GetString());
        Assert.Equal("case", mine.GetProperty("channel").GetString());
        // Closing without a reply needs a reason.
        await ProblemAssert.IsValidation(await PostJson(supervisor, $"/api/complaints/{number}/close", new { }), "note");

        var assigned = await Json(await PostJson(supervisor, $"/api/complaints/{number}/assign", new { departmentCode = found.Department }));
        var due = DateOnly.Parse(assigned.GetProperty("replyDueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(number, await NumbersAsync(supervisor, "/api/supervision/overdue-work"));
        MoveTo(App, new DateTimeOffset(due.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
        // Days later the logins have expired: log in again.
        supervisor = await App.LoginAsync("supervisor");
        citizen = await Citizens.LoggedInAsync(App, citizenMobile, idNumber);
        Assert.Contains(number, await NumbersAsync(supervisor, "/api/supervision/overdue-work"));
        Assert.Contains(number, await NumbersAsync(supervisor, "/api/complaints?status=overdue"));
        Assert.Equal(JsonValueKind.True, (await GetJson(citizen, $"/api/complaints/{number}")).GetProperty("overdue").ValueKind);
    }
}

public sealed class SqliteComplaintTests(SqliteApp app) : ComplaintTests<SqliteApp>(app);

public sealed class PostgresComplaintTests(PostgresApp app) : ComplaintTests<PostgresApp>(app);
