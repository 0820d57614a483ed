using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Interaction;
using static Tongban.IntegrationTests.InteractionFixtures;

namespace Tongban.IntegrationTests;

/// <summary>
/// 限时答复 warned like a case's deadline (InteractionWatcher): a question due today texts the department (黄灯), past its
/// date texts it again (红灯) and, still unanswered after the escalation time, the center's supervisors; only in office
/// hours, once per stage; an answered question or a replied complaint is left alone. The clock is the fake one.
/// </summary>
public abstract class InteractionDeadlineTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task An_unanswered_question_is_warned_yellow_then_red_then_escalated_and_answered_work_is_left_alone()
    {
        var (department, item, _) = await DepartmentsAsync(App);
        var watcher = App.Services.GetRequiredService<InteractionWatcher>();
        string reviewerMobile = "", supervisorMobile = "";
        await App.WithDbAsync(async db =>
        {
            reviewerMobile = (await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.Mobile).FirstAsync(Ct))!;
            var center = await db.StaffUsers.Where(u => u.IsActive && u.DepartmentCode == null && u.ServicePointCode == null && u.Mobile != null).ToListAsync(Ct);
            supervisorMobile = center.First(u => u.Roles.Contains(StaffRoles.Supervisor)).Mobile!;
        });
        async Task<List<string>> Alerts(string mobile, string number) =>
            [.. (await MessagesToAsync(App, mobile)).Where(m => m.Event == InteractionWatcher.SmsEvent && m.Text.Contains(number, StringComparison.Ordinal)).Select(m => m.Text)];

        // Wednesday 30 September 2026, 10:00: two working days end on Friday 9 October (1–7 October are holidays).
        MoveTo(App, Beijing(2026, 9, 30, 10));
        var anonymous = Anonymous(App);
        var mobile = Citizens.NewMobile();
        var late = await CreatedNumberAsync(await PostJson(anonymous, "/api/consultations",
            new { itemCode = item, question = "需要本人到场吗？", mobile, code = await CodeForAsync(App, mobile) }));
        var answered = await CreatedNumberAsync(await PostJson(anonymous, "/api/consultations",
            new { itemCode = item, question = "周末可以办理吗？", mobile, code = await CodeForAsync(App, mobile) }));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PostJson(await App.LoginAsync("reviewer"), $"/api/consultations/{answered}/answer", new { answer = "周末不办理。" })).StatusCode);
        var complaintMobile = Citizens.NewMobile();
        var complaint = await CreatedNumberAsync(await PostJson(anonymous, "/api/complaints",
            new { kind = "complaint", text = "窗口午间无人。", mobile = complaintMobile, code = await CodeForAsync(App, complaintMobile, "complaint") }));
        var supervisor = await App.LoginAsync("supervisor");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PostJson(supervisor, $"/api/complaints/{complaint}/assign", new { departmentCode = department })).StatusCode);

        // Only due rows are read: after the first look the question waits for the morning of its last day, the answered one for nothing.
        await watcher.TickAsync(Ct);
        await App.WithDbAsync(async db =>
        {
            var next = await db.Set<Consultation>().Where(c => c.Number == late || c.Number == answered).ToDictionaryAsync(c => c.Number, c => c.NextCheckAt, Ct);
            Assert.Equal(new DateOnly(2026, 10, 9), DateOnly.FromDateTime(next[late]!.Value.ToOffset(TimeSpan.FromHours(8)).DateTime));
            Assert.Null(next[answered]);
        });
        Assert.Empty(await Alerts(reviewerMobile, late));

        // The last day before office hours: nothing; at 9:00 the department's reviewer is told, once.
        MoveTo(App, Beijing(2026, 10, 9, 7));
        await watcher.TickAsync(Ct);
        Assert.Empty(await Alerts(reviewerMobile, late));
        MoveTo(App, Beijing(2026, 10, 9, 9));
        Assert.True((await watcher.TickAsync(Ct)).Warned >= 1);
        await watcher.TickAsync(Ct);
        var yellow = Assert.Single(await Alerts(reviewerMobile, late));
        Assert.Contains("黄灯预警", yellow, StringComparison.Ordinal);
        Assert.Contains("今日（10月9日）到期", yellow, StringComparison.Ordinal);

        // The next working day (Saturday 10 October is a 调休 working day): red, to the department.
        MoveTo(App, Beijing(2026, 10, 10, 9));
        await watcher.TickAsync(Ct);
        var texts = await Alerts(reviewerMobile, late);
        Assert.Equal(2, texts.Count);
        Assert.Contains("红灯超期", texts[1], StringComparison.Ordinal);
        Assert.Empty(await Alerts(supervisorMobile, late));

        // Still unanswered four working hours after the red text: the supervisors hear of it, once.
        MoveTo(App, Beijing(2026, 10, 10, 11));
        await watcher.TickAsync(Ct);
        Assert.Empty(await Alerts(supervisorMobile, late));
        MoveTo(App, Beijing(2026, 10, 10, 17));
        Assert.True((await watcher.TickAsync(Ct)).Escalated >= 1);
        await watcher.TickAsync(Ct);
        var escalation = Assert.Single(await Alerts(supervisorMobile, late));
        Assert.Contains("督办提醒", escalation, StringComparison.Ordinal);
        Assert.Equal(2, (await Alerts(reviewerMobile, late)).Count);

        // The complaint (due Tuesday 13 October) is replied to on time: no warning ever; the answered question never had one.
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await PostJson(await App.LoginAsync("reviewer"), $"/api/complaints/{complaint}/reply", new { reply = "已安排午间轮岗。" })).StatusCode);
        MoveTo(App, Beijing(2026, 10, 13, 9));
        await watcher.TickAsync(Ct);
        MoveTo(App, Beijing(2026, 10, 14, 17));
        await watcher.TickAsync(Ct);
        Assert.Empty(await Alerts(reviewerMobile, complaint));
        Assert.Empty(await Alerts(reviewerMobile, answered));
        Assert.Empty(await Alerts(supervisorMobile, complaint));

        // A complaint assigned and never replied to: its last day passed unwatched (no tick on it), so the red text comes
        // straight away and the yellow one is not sent late.
        MoveTo(App, Beijing(2026, 11, 2, 10)); // Monday: five working days end on Monday 9 November
        var number = await CreatedNumberAsync(await PostJson(Anonymous(App), "/api/complaints",
            new { kind = "suggestion", text = "建议增加自助打印机。", mobile = complaintMobile, code = await CodeForAsync(App, complaintMobile, "complaint") }));
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await PostJson(await App.LoginAsync("supervisor"), $"/api/complaints/{number}/assign", new { departmentCode = department })).StatusCode);
        MoveTo(App, Beijing(2026, 11, 10, 9));
        await watcher.TickAsync(Ct);
        var red = Assert.Single(await Alerts(reviewerMobile, number));
        Assert.Contains("红灯超期", red, StringComparison.Ordinal);
        Assert.Contains("建议" + number, red, StringComparison.Ordinal);
    }
}

public sealed class SqliteInteractionDeadlineTests(SqliteApp app) : InteractionDeadlineTests<SqliteApp>(app);

public sealed class PostgresInteractionDeadlineTests(PostgresApp app) : InteractionDeadlineTests<PostgresApp>(app);
