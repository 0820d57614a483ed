using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>
/// 办件查询 without login: the query code from the receipt and the first SMS opens status and steps, never names or
/// opinions; an unknown number and a wrong code answer alike; wrong codes are limited per case number and per address.
/// </summary>
public abstract class CaseQueryTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string ApplicantName = "林阿婆";

    private async Task<string> FiledCaseAsync()
    {
        (string Item, string Requirement)? found = null;
        await App.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised)
                .OrderBy(i => i.Id).Take(200).ToListAsync(Ct);
            var item = items.First(i => i.Channels.HasFlag(Channels.Window) && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card"));
            found = (item.Code, item.Materials.First(m => m.MaterialTypeCode == "resident-id-card").Code);
        });
        var clerk = await App.LoginAsync("clerk");
        var fileId = await Citizens.UploadAsync(clerk, Citizens.Png(), "身份证.png");
        var response = await PostJson(clerk, "/api/cases", new
        {
            itemCode = found!.Value.Item, channel = "window",
            applicant = new { kind = "person", name = ApplicantName, idNumber = Citizens.NewIdNumber(), mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = found.Value.Requirement, fileId } },
        }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("caseNumber").GetString()!;
    }

    private Task<HttpResponseMessage> QueryAsync(string number, string code, string ip = "203.0.113.50")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{Uri.EscapeDataString(number)}?queryCode={Uri.EscapeDataString(code)}");
        request.Headers.Add(TestRemoteIp.Header, ip);
        return App.CreateClient().SendAsync(request, Ct);
    }

    private static string WrongCode(string right) => right[..5] + (right[5] == 'A' ? 'B' : 'A');

    private async Task<string> SubmittedSmsAsync(string number)
    {
        string text = "";
        await App.WithDbAsync(async db => text = await db.OutboxMessages.Where(m => m.CaseNumber == number && m.Event == "case.submitted").Select(m => m.Text).SingleAsync(Ct));
        return text;
    }

    [Fact]
    public async Task The_code_in_the_first_SMS_opens_the_steps_without_names_or_opinions_and_in_any_case()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        var number = await FiledCaseAsync();
        var code = CaseQueryCode.For(number);
        Assert.Equal(6, code.Length);
        Assert.All(code, ch => Assert.Contains(ch, CaseQueryCode.Alphabet));
        Assert.Contains($"查询码{code}", await SubmittedSmsAsync(number), StringComparison.Ordinal);

        // Typed in lower case with a space, as read off paper.
        var response = await QueryAsync(number, code[..3].ToLowerInvariant() + " " + code[3..]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(number, body.GetProperty("caseNumber").GetString());
        Assert.Equal("Submitted", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("resultReady").GetBoolean());
        var step = Assert.Single(body.GetProperty("steps").EnumerateArray());
        Assert.Equal("收件", step.GetProperty("name").GetString());
        Assert.True(step.TryGetProperty("endedAt", out _));
        // Nothing of the person, the handler or an opinion.
        string handler = "";
        await App.WithDbAsync(async db => handler = await db.CaseSteps.Where(s => s.Name == "收件" && db.Cases.Any(c => c.Id == s.CaseId && c.Number == number)).Select(s => s.HandlerName).SingleAsync(Ct));
        Assert.DoesNotContain(ApplicantName, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("窗口办理收件", raw, StringComparison.Ordinal); // the 收件 step's opinion
        Assert.DoesNotContain(handler, raw, StringComparison.Ordinal);
        foreach (var name in new[] { "applicant", "opinion", "handler", "mobile", "idNumber" })
            Assert.DoesNotContain(name, raw, StringComparison.OrdinalIgnoreCase);

        // Each case has its own code.
        var other = await FiledCaseAsync();
        Assert.NotEqual(code, CaseQueryCode.For(other));
        Assert.Equal(HttpStatusCode.NotFound, (await QueryAsync(other, code)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_number_and_a_wrong_code_are_indistinguishable()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        var number = await FiledCaseAsync();
        var wrong = await QueryAsync(number, WrongCode(CaseQueryCode.For(number)), "203.0.113.60");
        var unknownNumber = number[..^6] + "999999";
        var unknown = await QueryAsync(unknownNumber, CaseQueryCode.For(unknownNumber), "203.0.113.61");
        var a = await ProblemAssert.IsProblem(wrong, HttpStatusCode.NotFound, "case.query_not_found");
        var b = await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound, "case.query_not_found");
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        await ProblemAssert.IsValidation(await QueryAsync(number, ""), "queryCode");
    }

    [Fact]
    public async Task Five_wrong_codes_lock_a_case_number_for_an_hour_even_for_the_right_code_and_from_another_address()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        var number = await FiledCaseAsync();
        var code = CaseQueryCode.For(number);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await QueryAsync(number, WrongCode(code), $"198.51.100.{i + 1}")).StatusCode);
        var locked = await QueryAsync(number, code, "198.51.100.99");
        var problem = await ProblemAssert.IsProblem(locked, HttpStatusCode.TooManyRequests, "case.query_too_many");
        Assert.Contains("一小时", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(locked.Headers.RetryAfter);
        // An unknown number is limited just the same, so the limit tells nothing either.
        var unknownNumber = number[..^6] + "999998";
        for (var i = 0; i < 5; i++) await QueryAsync(unknownNumber, "ABCDEF", $"198.51.100.{i + 10}");
        await ProblemAssert.IsProblem(await QueryAsync(unknownNumber, "ABCDEF", "198.51.100.98"), HttpStatusCode.TooManyRequests, "case.query_too_many");

        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync(number, code, "198.51.100.99")).StatusCode);
    }

    [Fact]
    public async Task Twenty_wrong_codes_from_one_address_stop_it_for_an_hour_while_others_go_on()
    {
        App.Clock.Advance(TimeSpan.FromHours(2));
        var number = await FiledCaseAsync();
        var code = CaseQueryCode.For(number);
        // Spread over many numbers so no one number reaches its own limit.
        for (var i = 0; i < 20; i++)
        {
            var guess = $"{number[..^6]}{800000 + i:D6}";
            Assert.Equal(HttpStatusCode.NotFound, (await QueryAsync(guess, "ABCDEF", "192.0.2.77")).StatusCode);
        }
        await ProblemAssert.IsProblem(await QueryAsync(number, code, "192.0.2.77"), HttpStatusCode.TooManyRequests, "case.query_too_many");
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync(number, code, "192.0.2.78")).StatusCode);
        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync(number, code, "192.0.2.77")).StatusCode);
    }

    [Fact]
    public async Task A_first_SMS_text_saved_before_query_codes_existed_still_carries_the_code()
    {
        // As a database upgraded from before: an admin's saved version of the first SMS without {queryCode}.
        await App.WithDbAsync(async db =>
        {
            var version = await db.SmsTemplates.Where(t => t.Code == "case.submitted").Select(t => (int?)t.Version).MaxAsync(Ct) ?? 1;
            db.SmsTemplates.Add(new Tongban.Modules.Notifications.SmsTemplate
            {
                Code = "case.submitted", Version = version + 1, Body = "办件{caseNumber}已收到。咨询电话{hotline}。", CreatedAt = App.Clock.GetUtcNow(), CreatedBy = "test",
            });
            await db.SaveChangesAsync(Ct);
            Tongban.Modules.Notifications.SavedSmsTemplates.Invalidate(db);
        });
        var number = await FiledCaseAsync();
        var text = await SubmittedSmsAsync(number);
        Assert.Contains($"办件{number}已收到。", text, StringComparison.Ordinal);
        Assert.EndsWith($"查询码{CaseQueryCode.For(number)}。", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receipt_prints_the_code_and_its_QR_link_carries_it()
    {
        var number = await FiledCaseAsync();
        var clerk = await App.LoginAsync("clerk");
        var pdf = await (await clerk.GetAsync($"/api/cases/{number}/receipt.pdf", Ct)).Content.ReadAsByteArrayAsync(Ct);
        var text = CaseReceiptTests<TApp>.Poppler("pdftotext", pdf, "-enc", "UTF-8");
        Assert.Contains("查询码", text, StringComparison.Ordinal);
        Assert.Contains(CaseQueryCode.For(number), text, StringComparison.Ordinal);
    }
}

public sealed class SqliteCaseQueryTests(SqliteApp app) : CaseQueryTests<SqliteApp>(app);

public sealed class PostgresCaseQueryTests(PostgresApp app) : CaseQueryTests<PostgresApp>(app);
