using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>/api/admin/sms-templates: the built-in texts are version 1, admins save checked and versioned edits with a UCS-2 length count, and new stage messages use the newest version.</summary>
public abstract class SmsTemplateTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static readonly string[] Required =
    [
        "case.submitted", "case.correctionRequested", "case.accepted", "case.notAccepted", "case.suspended", "case.resumed", "case.extended",
        "case.approved", "case.rejected", "case.completed", "case.delivered", "case.supplementReminder", "auth.otp", "consultation.otp", "complaint.otp", "library.opened",
    ];

    private static async Task<HttpResponseMessage> Put(HttpClient client, string code, string body) =>
        await client.PutAsJsonAsync($"/api/admin/sms-templates/{code}", new { body }, Ct);

    [Fact]
    public async Task Every_event_has_a_zh_CN_template_counted_as_the_gateway_counts_and_only_admins_see_them()
    {
        await ProblemAssert.IsProblem(await (await App.LoginAsync("clerk")).GetAsync("/api/admin/sms-templates", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        var admin = await App.LoginAsync("admin");
        var list = await GetJson(admin, "/api/admin/sms-templates");
        var items = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.All(Required, code => Assert.Contains(code, items.Keys));
        foreach (var item in items.Values)
        {
            var sample = item.GetProperty("sample").GetString()!;
            var characters = item.GetProperty("characters").GetInt32();
            Assert.Equal(sample.Length, characters);
            Assert.Equal(characters <= 70 ? 1 : (characters + 66) / 67, item.GetProperty("parts").GetInt32());
            Assert.StartsWith("【泉港政务】", sample, StringComparison.Ordinal);
            if (item.GetProperty("stage").GetBoolean()) Assert.Contains("{hotline}", item.GetProperty("body").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(1, items["case.accepted"].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_draft_is_previewed_with_its_length_and_problems_and_nothing_is_saved()
    {
        var admin = await App.LoginAsync("admin");
        var body = "已收到您的“{item}”申请，办件编号{caseNumber}，当前状态{status}，下一步：{nextStep}。咨询电话{hotline}，地址{servicePointAddress}。";
        var preview = await Json(await admin.PostAsJsonAsync("/api/admin/sms-templates/case.extended/preview", new { body }, Ct));
        var sample = preview.GetProperty("sample").GetString()!;
        Assert.Equal(sample.Length, preview.GetProperty("characters").GetInt32());
        Assert.Equal(sample.Length <= 70 ? 1 : (sample.Length + 66) / 67, preview.GetProperty("parts").GetInt32());
        Assert.Equal(0, preview.GetProperty("problems").GetArrayLength());
        // What saving would refuse is said at once (no hotline), and nothing is stored.
        var bad = await Json(await admin.PostAsJsonAsync("/api/admin/sms-templates/case.extended/preview", new { body = "您的申请{caseNumber}已收到。" }, Ct));
        Assert.NotEqual(0, bad.GetProperty("problems").GetArrayLength());
        Assert.Equal(1, (await GetJson(admin, "/api/admin/sms-templates/case.extended")).GetProperty("versions").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.LoginAsync("clerk")).PostAsJsonAsync("/api/admin/sms-templates/case.extended/preview", new { body }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_edit_is_checked_saved_as_a_new_version_and_used_by_the_next_stage_message()
    {
        var admin = await App.LoginAsync("admin");
        await ProblemAssert.IsValidation(await Put(admin, "case.submitted", "您的申请{caseNumber}已收到。"), "body"); // no hotline
        await ProblemAssert.IsValidation(await Put(admin, "case.submitted", "办件{caseNumber}已收到{whatever}。咨询电话{hotline}。"), "body");
        await ProblemAssert.IsValidation(await Put(admin, "case.submitted", "【别的签名】办件{caseNumber}已收到。咨询电话{hotline}。"), "body");
        await ProblemAssert.IsProblem(await Put(admin, "case.nonsense", "x"), HttpStatusCode.NotFound, "sms.template_not_found");
        // The first SMS must carry the query code, and no other may.
        await ProblemAssert.IsValidation(await Put(admin, "case.submitted", "办件{caseNumber}已收到。咨询电话{hotline}。"), "body");
        await ProblemAssert.IsValidation(await Put(admin, "case.accepted", "办件{caseNumber}已受理，查询码{queryCode}。咨询电话{hotline}。"), "body");

        var body = "已收到您的“{item}”申请，办件编号{caseNumber}，查询码{queryCode}，当前状态{status}，下一步：{nextStep}。咨询电话{hotline}，地址{servicePointAddress}。";
        var saved = await Json(await Put(admin, "case.submitted", body));
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
        var sample = saved.GetProperty("sample").GetString()!;
        Assert.DoesNotContain("{", sample, StringComparison.Ordinal);
        Assert.Equal(sample.Length, saved.GetProperty("characters").GetInt32());
        Assert.Equal(2, saved.GetProperty("parts").GetInt32()); // over 70 characters: two parts of up to 67

        var detail = await GetJson(admin, "/api/admin/sms-templates/case.submitted");
        Assert.Equal([1, 2], detail.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("我们将尽快预审", detail.GetProperty("versions")[0].GetProperty("body").GetString(), StringComparison.Ordinal);

        var mobile = ScriptedSmsApp.NewMobile();
        var number = await Scenario.SubmitImmediateAsync(App, await App.LoginAsync("clerk"), mobile);
        string text = "";
        await App.WithDbAsync(async db => text = await db.OutboxMessages.Where(m => m.CaseNumber == number).Select(m => m.Text).SingleAsync(Ct));
        Assert.StartsWith($"【泉港政务】已收到您的“", text, StringComparison.Ordinal);
        Assert.Contains($"办件编号{number}，查询码{Tongban.Modules.Cases.CaseQueryCode.For(number)}，当前状态已提交，下一步：等待预审。咨询电话", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);

        // Back to the built-in wording, as version 3; the history keeps all three.
        var builtIn = detail.GetProperty("versions")[0].GetProperty("body").GetString()!;
        Assert.Equal(3, (await Json(await Put(admin, "case.submitted", builtIn))).GetProperty("version").GetInt32());
        Assert.Equal(3, (await GetJson(admin, "/api/admin/sms-templates/case.submitted")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Login_codes_use_their_template_too_and_it_must_keep_the_code()
    {
        var admin = await App.LoginAsync("admin");
        var builtIn = (await GetJson(admin, "/api/admin/sms-templates/auth.otp")).GetProperty("current").GetProperty("body").GetString()!;
        var before = Citizens.NewMobile();
        await Citizens.SendCodeAsync(App.CreateClient(), before);
        var code = await Citizens.LastCodeAsync(App, before);
        // Version 1 is the wording the login flow always sent.
        Assert.Equal("【泉港政务】" + builtIn.Replace("{code}", code, StringComparison.Ordinal).Replace("{minutes}", "5", StringComparison.Ordinal), await OtpTextAsync(before));

        await ProblemAssert.IsValidation(await Put(admin, "auth.otp", "请查收验证码。"), "body");
        Assert.Equal(2, (await Json(await Put(admin, "auth.otp", "验证码{code}，{minutes}分钟内有效，切勿转告他人。"))).GetProperty("version").GetInt32());
        var after = Citizens.NewMobile();
        await Citizens.SendCodeAsync(App.CreateClient(), after);
        Assert.Matches(@"^【泉港政务】验证码\d{6}，\d+分钟内有效，切勿转告他人。$", await OtpTextAsync(after));
    }

    private async Task<string> OtpTextAsync(string mobile)
    {
        var text = "";
        var index = Tongban.Infrastructure.Security.PersonalData.BlindIndex(mobile);
        await App.WithDbAsync(async db => text = await db.OutboxMessages.Where(m => m.RecipientIndex == index && m.Event == "auth.otp").Select(m => m.Text).SingleAsync(Ct));
        return text;
    }
}

public sealed class SqliteSmsTemplateTests(SqliteApp app) : SmsTemplateTests<SqliteApp>(app);

public sealed class PostgresSmsTemplateTests(PostgresApp app) : SmsTemplateTests<PostgresApp>(app);
