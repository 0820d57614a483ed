using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Notifications;

namespace Tongban.IntegrationTests;

/// <summary>
/// The dispatcher's rules against the real database with a scripted gateway: backoff to permanent failure,
/// quiet hours, the hourly per-number limit, dedupe, opt-out, delivery reports and SMS ratings.
/// Time moves only on the fake clock.
/// </summary>
public abstract class SmsRulesTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : ScriptedSmsApp
{
    private Task Dispatch() => App.Dispatcher.DispatchAllDueAsync(Ct);

    [Fact]
    public async Task A_failing_gateway_is_retried_with_exponential_backoff_for_about_24_hours_then_the_case_shows_a_permanent_failure()
    {
        App.AdvanceToBeijing(9);
        var mobile = ScriptedSmsApp.NewMobile();
        var clerk = await App.LoginAsync("clerk");
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile);
        App.Gateway.Fail = r => r.Mobile == mobile ? new HttpRequestException("connection refused") : null;
        long id = 0;
        await App.WithDbAsync(async db => id = await db.OutboxMessages.Where(m => m.CaseNumber == number).Select(m => m.Id).SingleAsync(Ct));
        var first = App.Clock.GetUtcNow();
        for (var round = 0; round < 60; round++)
        {
            await Dispatch();
            var m = await App.MessageAsync(id);
            if (m.Status == MessageStatus.PermanentFailure) break;
            Assert.Equal(MessageStatus.TemporaryFailure, m.Status);
            if (m.NextAttemptAt > App.Clock.GetUtcNow()) App.Clock.SetUtcNow(m.NextAttemptAt);
        }
        var tries = App.Gateway.Tries.Where(t => t.Request.MessageId == id).Select(t => t.At).ToList();
        Assert.Equal(SmsRules.DefaultMaxAttempts, tries.Count);
        var gaps = tries.Zip(tries.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        // The first retries fall in office hours: exactly Open Notificaties' 25 s × 4^n.
        Assert.Equal([25, 100, 400, 1600, 6400], gaps.Take(5));
        Assert.All(gaps.Skip(5), g => Assert.True(g >= 25_600, $"gap {g}"));
        Assert.InRange((tries[^1] - first).TotalHours, 23, 36); // quiet hours may push it past a night
        var final = await App.MessageAsync(id);
        Assert.Equal(MessageStatus.PermanentFailure, final.Status);
        Assert.Equal(SmsRules.DefaultMaxAttempts, final.Attempts);

        // The case view shows it: status, tries, the reason.
        var staff = await App.LoginAsync("clerk");
        var shown = Assert.Single((await Scenario.NotificationsAsync(staff, number)).EnumerateArray());
        Assert.Equal("permanentFailure", shown.GetProperty("status").GetString());
        Assert.Equal(SmsRules.DefaultMaxAttempts, shown.GetProperty("attempts").GetInt32());
        Assert.Contains("connection refused", shown.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        App.Gateway.Fail = null;
    }

    [Fact]
    public async Task A_gateway_refusal_is_final_at_once()
    {
        App.AdvanceToBeijing(10);
        var mobile = ScriptedSmsApp.NewMobile();
        var id = await App.QueueAsync(mobile, "case.accepted", "办件R1已受理。");
        App.Gateway.Fail = r => r.MessageId == id ? new SmsRejectedException("Kannel 400: bad number") : null;
        await Dispatch();
        var m = await App.MessageAsync(id);
        Assert.Equal(MessageStatus.PermanentFailure, m.Status);
        Assert.Equal(1, m.Attempts);
        App.Gateway.Fail = null;
    }

    [Fact]
    public async Task Stage_messages_wait_through_quiet_hours_but_login_codes_go_at_once()
    {
        App.AdvanceToBeijing(22, 15);
        var mobile = ScriptedSmsApp.NewMobile();
        var stage = await App.QueueAsync(mobile, "case.accepted", "办件Q1已受理，咨询电话12345。");
        var otp = await App.QueueAsync(mobile, "auth.otp", "验证码 482913，5分钟内有效。");
        await Dispatch();
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(otp)).Status);
        var waiting = await App.MessageAsync(stage);
        Assert.Equal(MessageStatus.Created, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        var eight = waiting.NextAttemptAt.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal((8, 0), (eight.Hour, eight.Minute));
        Assert.Equal(1, App.Gateway.SentTo(mobile));

        App.AdvanceToBeijing(7, 59);
        await Dispatch();
        Assert.Equal(MessageStatus.Created, (await App.MessageAsync(stage)).Status);
        App.AdvanceToBeijing(8);
        await Dispatch();
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(stage)).Status);
        Assert.Equal(2, App.Gateway.SentTo(mobile));
    }

    [Fact]
    public async Task At_most_N_messages_per_number_per_hour_the_rest_wait_and_urgent_ones_do_not()
    {
        App.AdvanceToBeijing(11);
        var mobile = ScriptedSmsApp.NewMobile();
        var ids = new List<long>();
        for (var i = 0; i < ScriptedSmsApp.HourlyLimit + 2; i++) ids.Add(await App.QueueAsync(mobile, "case.inReview", $"办件H{i}已进入审核环节。"));
        var otp = await App.QueueAsync(mobile, "auth.otp", "验证码 100200。");
        await Dispatch();
        Assert.Equal(ScriptedSmsApp.HourlyLimit + 1, App.Gateway.SentTo(mobile));
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(otp)).Status);
        var statuses = new List<MessageStatus>();
        foreach (var id in ids) statuses.Add((await App.MessageAsync(id)).Status);
        Assert.Equal(ScriptedSmsApp.HourlyLimit, statuses.Count(s => s == MessageStatus.Sent));
        Assert.Equal(2, statuses.Count(s => s == MessageStatus.Created));

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await Dispatch();
        Assert.Equal(ScriptedSmsApp.HourlyLimit + 1, App.Gateway.SentTo(mobile));
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        await Dispatch();
        Assert.Equal(ScriptedSmsApp.HourlyLimit + 3, App.Gateway.SentTo(mobile));
    }

    [Fact]
    public async Task The_same_text_to_the_same_number_goes_once()
    {
        App.AdvanceToBeijing(14);
        var mobile = ScriptedSmsApp.NewMobile();
        var a = await App.QueueAsync(mobile, "case.accepted", "办件D1已受理。");
        var b = await App.QueueAsync(mobile, "case.accepted", "办件D1已受理。");
        var other = await App.QueueAsync(ScriptedSmsApp.NewMobile(), "case.accepted", "办件D1已受理。");
        await Dispatch();
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(a)).Status);
        Assert.Equal(MessageStatus.Suppressed, (await App.MessageAsync(b)).Status);
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(other)).Status);
        Assert.Equal(1, App.Gateway.SentTo(mobile));
    }

    private async Task<HttpResponseMessage> Inbound(string from, string text, string token = ScriptedSmsApp.InboundToken) =>
        await App.CreateClient().GetAsync($"/api/sms/kannel/inbound?token={Uri.EscapeDataString(token)}&from={Uri.EscapeDataString(from)}&text={Uri.EscapeDataString(text)}", Ct);

    [Fact]
    public async Task TD_opts_a_number_out_of_optional_messages_but_never_of_stage_messages()
    {
        App.AdvanceToBeijing(15);
        var mobile = ScriptedSmsApp.NewMobile();
        await ProblemAssert.IsProblem(await Inbound(mobile, "TD", token: "wrong"), HttpStatusCode.NotFound, "not_found");
        var reply = await Inbound("+86" + mobile, "td");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("已退订", await reply.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var optional = await App.QueueAsync(mobile, "library.opened", "您的材料库于今日被窗口调阅。");
        var stage = await App.QueueAsync(mobile, "case.accepted", "办件T1已受理。");
        var elsewhere = await App.QueueAsync(ScriptedSmsApp.NewMobile(), "library.opened", "您的材料库于今日被窗口调阅。");
        await Dispatch();
        Assert.Equal(MessageStatus.Suppressed, (await App.MessageAsync(optional)).Status);
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(stage)).Status);
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(elsewhere)).Status);
        // A second TD changes nothing and still answers.
        Assert.Equal(HttpStatusCode.OK, (await Inbound(mobile, "TD")).StatusCode);
    }

    [Fact]
    public async Task Delivery_reports_need_the_message_token_and_set_delivered_or_permanent_failure()
    {
        App.AdvanceToBeijing(16);
        var ok = await App.QueueAsync(ScriptedSmsApp.NewMobile(), "case.approved", "办件R2审批通过。");
        var bad = await App.QueueAsync(ScriptedSmsApp.NewMobile(), "case.approved", "办件R3审批通过。");
        await Dispatch();
        var client = App.CreateClient();
        var okToken = (await App.MessageAsync(ok)).CallbackToken;
        var badToken = (await App.MessageAsync(bad)).CallbackToken;
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/sms/kannel/dlr/{ok}/{badToken}?status=1", Ct), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(ok)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sms/kannel/dlr/{ok}/{okToken}?status=8", Ct)).StatusCode);
        Assert.Equal(MessageStatus.Sent, (await App.MessageAsync(ok)).Status); // accepted by the SMSC: not final
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sms/kannel/dlr/{ok}/{okToken}?status=1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sms/kannel/dlr/{bad}/{badToken}?status=2", Ct)).StatusCode);
        var delivered = await App.MessageAsync(ok);
        Assert.Equal(MessageStatus.Delivered, delivered.Status);
        Assert.NotNull(delivered.CompletedAt);
        Assert.Equal(MessageStatus.PermanentFailure, (await App.MessageAsync(bad)).Status);
        // A late failure report does not undo a delivery.
        await client.GetAsync($"/api/sms/kannel/dlr/{ok}/{okToken}?status=2", Ct);
        Assert.Equal(MessageStatus.Delivered, (await App.MessageAsync(ok)).Status);
        // The JSON gateway's receipt works the same way.
        var viaHttp = await App.QueueAsync(ScriptedSmsApp.NewMobile(), "case.approved", "办件R4审批通过。");
        await Dispatch();
        var token = (await App.MessageAsync(viaHttp)).CallbackToken;
        Assert.Equal(HttpStatusCode.OK, (await PostJson(client, $"/api/sms/receipts/{viaHttp}/{token}", new { status = "delivered" })).StatusCode);
        Assert.Equal(MessageStatus.Delivered, (await App.MessageAsync(viaHttp)).Status);
    }

    [Fact]
    public async Task A_digit_replied_to_a_completion_SMS_rates_that_case()
    {
        App.AdvanceToBeijing(9, 30);
        var mobile = ScriptedSmsApp.NewMobile();
        var clerk = await App.LoginAsync("clerk");
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile);
        await Scenario.CompleteForPickupAsync(clerk, number);
        await Dispatch();

        var reply = await (await Inbound(mobile, " 5 ")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("感谢", reply, StringComparison.Ordinal);
        Assert.Contains(number, reply, StringComparison.Ordinal);
        await Inbound(mobile, "4"); // a second reply corrects the first
        await App.WithDbAsync(async db =>
        {
            var rating = await db.Evaluations.SingleAsync(r => r.CaseNumber == number, Ct);
            Assert.Equal(4, rating.Level);
            Assert.Equal(Tongban.Modules.Evaluation.EvaluationChannel.Sms, rating.Channel);
        });
        // No completion message to that number: no rating, no reply.
        var stranger = ScriptedSmsApp.NewMobile();
        Assert.Equal("", await (await Inbound(stranger, "5")).Content.ReadAsStringAsync(Ct));
        Assert.Equal("", await (await Inbound(mobile, "hello")).Content.ReadAsStringAsync(Ct));
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Evaluations.CountAsync(r => r.CaseNumber == number, Ct)));
    }

    [Fact]
    public async Task An_SMS_rating_is_an_evaluation_counted_in_the_satisfaction_figures_and_one_evaluation_per_case_holds_across_channels()
    {
        App.AdvanceToBeijing(10);
        var analyst = await App.LoginAsync("analyst");
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        async Task<int[]> Levels()
        {
            var s = await GetJson(analyst, $"/api/stats/satisfaction?from={today}&to={today}");
            return [.. s.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("count").GetInt32())];
        }
        var before = await Levels();
        var clerk = await App.LoginAsync("clerk");
        var mobile = ScriptedSmsApp.NewMobile();
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile);
        await Scenario.CompleteForPickupAsync(clerk, number);
        await Dispatch();

        await Inbound(mobile, "2");
        var bad = await Levels();
        Assert.Equal(before[3] + 1, bad[3]); // levels are listed 5 first: index 3 is 不满意
        // The corrected reply moves the count from 不满意 to 非常满意.
        await Inbound(mobile, "5");
        var corrected = await Levels();
        Assert.Equal(before[3], corrected[3]);
        Assert.Equal(before[0] + 1, corrected[0]);
        var view = await GetJson(clerk, $"/api/cases/{number}");
        Assert.Equal("sms", view.GetProperty("evaluation").GetProperty("channel").GetString());
        Assert.Equal(5, view.GetProperty("evaluation").GetProperty("level").GetInt32());
        List<string> incremental = [], rebuilt = [];
        await App.WithDbAsync(async db => incremental = await StatRows.ReadAsync(db));
        await App.WithDbAsync(async db => await Tongban.Modules.Analytics.CaseStatistics.RebuildAsync(db, Ct));
        await App.WithDbAsync(async db => rebuilt = await StatRows.ReadAsync(db));
        Assert.Equal(incremental, rebuilt);

        // Rated on the portal first: a later SMS digit is refused (一事一评) and changes nothing.
        var (otherMobile, id) = (ScriptedSmsApp.NewMobile(), Citizens.NewIdNumber());
        var second = await Scenario.SubmitImmediateAsync(App, clerk, otherMobile, id);
        await Scenario.CompleteForPickupAsync(clerk, second);
        await Dispatch();
        var citizen = await Citizens.LoggedInAsync(App, otherMobile, id);
        Assert.Equal(HttpStatusCode.Created, (await PostJson(citizen, $"/api/me/cases/{second}/evaluation", new { level = 4 })).StatusCode);
        var reply = await (await Inbound(otherMobile, "1")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("已评价", reply, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var e = await db.Evaluations.SingleAsync(x => x.CaseNumber == second, Ct);
            Assert.Equal((4, Tongban.Modules.Evaluation.EvaluationChannel.Online), (e.Level, e.Channel));
        });
    }

    [Fact]
    public async Task Admins_list_failed_messages_with_masked_numbers_and_resend_one()
    {
        App.AdvanceToBeijing(10, 30);
        var mobile = ScriptedSmsApp.NewMobile();
        var id = await App.QueueAsync(mobile, "case.accepted", "办件F1已受理。");
        App.Gateway.Fail = r => r.MessageId == id ? new SmsRejectedException("Kannel 400: number barred") : null;
        await Dispatch();
        App.Gateway.Fail = null;
        var admin = await App.LoginAsync("admin");
        await ProblemAssert.IsProblem(await (await App.LoginAsync("clerk")).GetAsync("/api/admin/sms/failed", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        var failed = await GetJson(admin, "/api/admin/sms/failed?pageSize=100");
        var row = Assert.Single(failed.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(mobile[..3] + "****" + mobile[7..], row.GetProperty("mobile").GetString());
        Assert.Contains("number barred", row.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var resent = await Json(await PostJson(admin, $"/api/admin/sms/{id}/resend", new { }));
        Assert.Equal(0, resent.GetProperty("attempts").GetInt32());
        Assert.Equal(MessageStatus.Created, (await App.MessageAsync(id)).Status);
        await ProblemAssert.IsProblem(await PostJson(admin, $"/api/admin/sms/{id}/resend", new { }), HttpStatusCode.Conflict, "sms.not_failed");
        await Dispatch();
        var m = await App.MessageAsync(id);
        Assert.Equal(MessageStatus.Sent, m.Status);
        Assert.Equal(1, m.Attempts);
        failed = await GetJson(admin, "/api/admin/sms/failed?pageSize=100");
        Assert.DoesNotContain(failed.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
    }
}

public sealed class SqliteSmsRulesTests(SqliteScriptedSmsApp app) : SmsRulesTests<SqliteScriptedSmsApp>(app);

public sealed class PostgresSmsRulesTests(PostgresScriptedSmsApp app) : SmsRulesTests<PostgresScriptedSmsApp>(app);
