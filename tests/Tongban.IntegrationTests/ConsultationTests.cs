using System.Net;
using System.Text.Json;
using static Tongban.IntegrationTests.InteractionFixtures;

namespace Tongban.IntegrationTests;

/// <summary>
/// 网上咨询: anonymous askers prove their mobile with an SMS code; the answer is due in working days (the national-day
/// holiday does not count); the department alone sees and answers its questions; the answer goes out by SMS and, when
/// published, into the item's FAQ; an open question past its date is on the supervision board.
/// </summary>
public abstract class ConsultationTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task A_question_asked_before_national_day_is_due_after_it_is_answered_by_sms_published_and_leaves_the_board()
    {
        var (department, item, _) = await DepartmentsAsync(App);
        // Wednesday 30 September 2026: 1–7 October are holidays, so two working days end on Friday 9 October.
        MoveTo(App, Beijing(2026, 9, 30, 10));
        var anonymous = Anonymous(App);
        var mobile = Citizens.NewMobile();
        await ProblemAssert.IsValidation(await PostJson(anonymous, "/api/consultations", new { itemCode = item, question = "可以网上办吗？", mobile }), "code");
        await ProblemAssert.IsValidation(await PostJson(anonymous, "/api/consultations", new { itemCode = item, question = "可以网上办吗？" }), "mobile");
        await ProblemAssert.IsValidation(await Citizens.RequestCodeAsync(anonymous, mobile, "grumble"), "purpose");
        var code = await CodeForAsync(App, mobile);
        await ProblemAssert.IsProblem(await PostJson(anonymous, "/api/consultations", new { itemCode = item, question = "可以网上办吗？", mobile, code = code == "000000" ? "111111" : "000000" }),
            HttpStatusCode.Unauthorized, "auth.invalid_code");
        var response = await PostJson(anonymous, "/api/consultations", new { itemCode = item, question = "这个事项可以全程网上办理吗？需要到现场吗？", mobile, code });
        var number = await CreatedNumberAsync(response);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("2026-10-09", created.GetProperty("dueDate").GetString());
        // The code is spent.
        await ProblemAssert.IsProblem(await PostJson(anonymous, "/api/consultations", new { itemCode = item, question = "再问一次", mobile, code }),
            HttpStatusCode.Unauthorized, "auth.invalid_code");

        var reviewer = await App.LoginAsync("reviewer");
        var other = await App.LoginAsync(OtherReviewer);
        var supervisor = await App.LoginAsync("supervisor");
        Assert.Contains(number, await NumbersAsync(reviewer, "/api/consultations?status=open"));
        Assert.Contains(number, await NumbersAsync(supervisor, "/api/consultations?status=open"));
        Assert.DoesNotContain(number, await NumbersAsync(other, "/api/consultations"));
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/consultations/{number}", Ct), HttpStatusCode.NotFound, "consultation.not_found");
        await ProblemAssert.IsProblem(await PostJson(other, $"/api/consultations/{number}/answer", new { answer = "不是我们的" }), HttpStatusCode.NotFound, "consultation.not_found");
        var detail = await GetJson(reviewer, $"/api/consultations/{number}");
        Assert.Equal(department, detail.GetProperty("departmentCode").GetString());
        Assert.DoesNotContain(mobile, detail.GetRawText(), StringComparison.Ordinal);

        // Late on the due date: not yet overdue. The next working day (Saturday 10 October is a 调休 working day): overdue.
        MoveTo(App, Beijing(2026, 10, 9, 22));
        // Ten days on, the morning's logins have expired: log in again.
        (reviewer, other, supervisor) = (await App.LoginAsync("reviewer"), await App.LoginAsync(OtherReviewer), await App.LoginAsync("supervisor"));
        Assert.DoesNotContain(number, await NumbersAsync(supervisor, "/api/supervision/overdue-work"));
        MoveTo(App, Beijing(2026, 10, 10, 9));
        (reviewer, other, supervisor) = (await App.LoginAsync("reviewer"), await App.LoginAsync(OtherReviewer), await App.LoginAsync("supervisor"));
        Assert.Contains(number, await NumbersAsync(supervisor, "/api/supervision/overdue-work"));
        Assert.Contains(number, await NumbersAsync(reviewer, "/api/supervision/overdue-work"));
        Assert.DoesNotContain(number, await NumbersAsync(other, "/api/supervision/overdue-work"));
        Assert.Contains(number, await NumbersAsync(reviewer, "/api/consultations?status=overdue"));

        // The supervisor sees but does not answer; the department does, once.
        await ProblemAssert.IsProblem(await PostJson(supervisor, $"/api/consultations/{number}/answer", new { answer = "监察代答" }),
            HttpStatusCode.Forbidden, "consultation.not_your_department");
        await ProblemAssert.IsValidation(await PostJson(reviewer, $"/api/consultations/{number}/answer", new { answer = " " }), "answer");
        const string answer = "可以。本事项支持全程网上办理，提交后一般 1 个工作日内办结，无需到现场。";
        var answered = await PostJson(reviewer, $"/api/consultations/{number}/answer", new { answer, publish = true });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/consultations/{number}/answer", new { answer = "再答一次" }),
            HttpStatusCode.Conflict, "consultation.already_answered");

        var sms = Assert.Single(await MessagesToAsync(App, mobile), m => m.Event == "consultation.answered");
        Assert.Contains(number, sms.Text, StringComparison.Ordinal);
        Assert.Contains("全程网上办理", sms.Text, StringComparison.Ordinal);
        var faq = await GetJson(Anonymous(App), $"/api/public/faq?item={item}");
        var entry = Assert.Single(faq.GetProperty("items").EnumerateArray(), e => e.GetProperty("number").GetString() == number);
        Assert.Equal(answer, entry.GetProperty("answer").GetString());
        Assert.DoesNotContain(mobile[^4..] + "\"", faq.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, (await GetJson(Anonymous(App), $"/api/public/faq?item={item}&q=现场")).GetProperty("items").EnumerateArray()
            .Count(e => e.GetProperty("number").GetString() == number));
        Assert.DoesNotContain(number, await NumbersAsync(supervisor, "/api/supervision/overdue-work"));
    }

    [Fact]
    public async Task A_logged_in_citizen_asks_a_department_sees_it_under_their_own_and_an_unpublished_answer_stays_out_of_the_faq()
    {
        var (department, _, other) = await DepartmentsAsync(App);
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, Citizens.NewIdNumber());
        var number = await CreatedNumberAsync(await PostJson(citizen, "/api/consultations", new { departmentCode = department, question = "营业执照丢了怎么补办？" }));
        await ProblemAssert.IsValidation(await PostJson(citizen, "/api/consultations", new { question = "没有部门" }), "departmentCode");
        await ProblemAssert.IsValidation(await PostJson(citizen, "/api/consultations", new { departmentCode = "no-such", question = "?" }), "departmentCode");
        Assert.Contains(number, await NumbersAsync(citizen, "/api/me/consultations"));
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.DoesNotContain(number, await NumbersAsync(stranger, "/api/me/consultations"));
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/api/consultations/{number}", Ct), HttpStatusCode.NotFound, "consultation.not_found");

        var reviewer = await App.LoginAsync("reviewer");
        Assert.Equal(HttpStatusCode.OK, (await PostJson(reviewer, $"/api/consultations/{number}/answer", new { answer = "请携带身份证到窗口申请补领。" })).StatusCode);
        var mine = await GetJson(citizen, $"/api/consultations/{number}");
        Assert.Equal("answered", mine.GetProperty("status").GetString());
        Assert.Equal("请携带身份证到窗口申请补领。", mine.GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("answeredByName").ValueKind);
        Assert.Contains(await MessagesToAsync(App, mobile), m => m.Event == "consultation.answered");
        Assert.DoesNotContain(number, await NumbersAsync(Anonymous(App), $"/api/public/faq?department={department}"));
        Assert.NotEqual(department, other);
    }
}

public sealed class SqliteConsultationTests(SqliteApp app) : ConsultationTests<SqliteApp>(app);

public sealed class PostgresConsultationTests(PostgresApp app) : ConsultationTests<PostgresApp>(app);
