using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

public abstract partial class CaseSubmissionTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<(string Code, string[] Requirements)> PersonItemAsync()
    {
        (string, string[]) result = default;
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && (i.Channels & Channels.Window) != 0 && i.DepartmentCode != null)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            result = (item.Code, item.Materials.Select(m => m.Code).ToArray());
        });
        return result;
    }

    private async Task<string> EnterpriseItemAsync()
    {
        string code = "";
        await App.WithDbAsync(async db => code = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.ForEnterprises && (i.Channels & Channels.Window) != 0)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return code;
    }

    private static object PersonCase(string itemCode, string? requirement = null, string idNumber = TestData.ValidIdNumber, string mobile = TestData.ValidMobile) => new
    {
        itemCode,
        channel = "window",
        applicant = new { kind = "person", name = "林小梅", idNumber, mobile },
        form = new { remark = "测试" },
        materials = requirement is null ? Array.Empty<object>() : [new { requirementCode = requirement }],
    };

    [GeneratedRegex(@"^350505-\d{4}-\d{6}$")]
    private static partial Regex CaseNumberPattern();

    [Fact]
    public async Task A_clerk_files_a_case_for_a_person_and_gets_a_readable_number_with_the_applicant_masked()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, requirements) = await PersonItemAsync();
        var response = await PostJson(clerk, "/api/cases", PersonCase(item, requirements[0]), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(TestData.ValidIdNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.ValidMobile, text, StringComparison.Ordinal);
        Assert.DoesNotContain("林小梅", text, StringComparison.Ordinal);
        var body = await Json(response);
        var number = body.GetProperty("caseNumber").GetString()!;
        Assert.Matches(CaseNumberPattern(), number);
        Assert.StartsWith("350505-2026-", number, StringComparison.Ordinal);
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        Assert.Equal("window", body.GetProperty("channel").GetString());
        Assert.Equal("350505-C", body.GetProperty("servicePointCode").GetString());
        Assert.Equal("泉港区行政服务中心", body.GetProperty("servicePointName").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("departmentName").GetString()));
        Assert.Equal("110105********002X", body.GetProperty("applicant").GetProperty("idNumber").GetString());
        Assert.Equal("林**", body.GetProperty("applicant").GetProperty("name").GetString());
        Assert.Single(body.GetProperty("materials").EnumerateArray());
        Assert.Single(body.GetProperty("steps").EnumerateArray());
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/cases/{number}");

        var fetched = await GetJson(clerk, $"/api/cases/{number}");
        Assert.Equal(number, fetched.GetProperty("caseNumber").GetString());
        var list = await GetJson(clerk, "/api/cases?mine=true&pageSize=100");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("caseNumber").GetString() == number);
    }

    [Fact]
    public async Task The_answer_to_a_submission_and_to_a_step_is_the_case_exactly_as_it_is_read_afterwards()
    {
        // Both answers are built from the case just saved, not read back (CaseView.BuildAsync). A clock between
        // stored units (123.4567 ms past the second) shows whether the answer's times are the ones the database keeps.
        App.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var clerk = await App.LoginAsync("clerk");
        var (item, requirements) = await PersonItemAsync();
        var submitted = await PostJson(clerk, "/api/cases", PersonCase(item, requirements[0]), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var answer = await Json(submitted);
        var number = answer.GetProperty("caseNumber").GetString()!;
        Assert.Equal((await GetJson(clerk, $"/api/cases/{number}")).GetRawText(), answer.GetRawText());

        App.Clock.Advance(TimeSpan.FromTicks(7_654_321));
        var refused = await PostJson(clerk, $"/api/cases/{number}/refuse", new { reason = "不属于本部门受理范围" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusal = await Json(refused);
        Assert.Equal("notAccepted", refusal.GetProperty("status").GetString());
        Assert.Equal(2, refusal.GetProperty("steps").GetArrayLength());
        Assert.Equal((await GetJson(clerk, $"/api/cases/{number}")).GetRawText(), refusal.GetRawText());
    }

    [Fact]
    public async Task An_enterprise_case_needs_a_valid_credit_code_and_a_contact()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await EnterpriseItemAsync();
        var ok = await PostJson(clerk, "/api/cases", new
        {
            itemCode = item, channel = "window",
            applicant = new { kind = "enterprise", name = "泉港石化测试有限公司", creditCode = TestData.ValidCreditCode, mobile = TestData.ValidMobile, contactName = "王经办" },
        }, Guid.NewGuid().ToString());
        var body = await Json(ok);
        Assert.Equal(TestData.ValidCreditCode, body.GetProperty("applicant").GetProperty("idNumber").GetString());

        var bad = await PostJson(clerk, "/api/cases", new
        {
            itemCode = item, channel = "window",
            applicant = new { kind = "enterprise", name = "某公司", creditCode = "91110000600037341A", mobile = TestData.ValidMobile },
        }, Guid.NewGuid().ToString());
        var problem = await ProblemAssert.IsValidation(bad, "applicant.creditCode", "applicant.contactName");
        Assert.Contains("校验", problem.GetProperty("errors").GetProperty("applicant.creditCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_and_body_return_the_same_case_and_another_body_is_refused()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, _) = await PersonItemAsync();
        var key = Guid.NewGuid().ToString();
        var first = await Json(await PostJson(clerk, "/api/cases", PersonCase(item), key));
        var again = await PostJson(clerk, "/api/cases", PersonCase(item), key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.GetProperty("caseNumber").GetString(), (await Json(again)).GetProperty("caseNumber").GetString());
        var other = await PostJson(clerk, "/api/cases", PersonCase(item, idNumber: TestData.AnotherValidIdNumber), key);
        await ProblemAssert.IsProblem(other, HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", PersonCase(item)), "Idempotency-Key");
    }

    [Fact]
    public async Task A_double_click_sending_the_same_request_five_times_at_once_files_one_case()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, _) = await PersonItemAsync();
        var key = Guid.NewGuid().ToString();
        var before = 0;
        await App.WithDbAsync(async db => before = await db.Cases.CountAsync(Ct));
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostJson(clerk, "/api/cases", PersonCase(item), key)));
        var numbers = new HashSet<string>();
        foreach (var r in responses) numbers.Add((await Json(r)).GetProperty("caseNumber").GetString()!);
        Assert.Single(numbers);
        await App.WithDbAsync(async db => Assert.Equal(before + 1, await db.Cases.CountAsync(Ct)));
    }

    [Fact]
    public async Task Parallel_submissions_get_distinct_consecutive_numbers()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, _) = await PersonItemAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostJson(clerk, "/api/cases", PersonCase(item), Guid.NewGuid().ToString())));
        var numbers = new List<string>();
        foreach (var r in responses) numbers.Add((await Json(r)).GetProperty("caseNumber").GetString()!);
        Assert.Equal(8, numbers.Distinct().Count());
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_every_field_and_nothing_is_filed()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, _) = await PersonItemAsync();
        var before = 0;
        await App.WithDbAsync(async db => before = await db.Cases.CountAsync(Ct));
        var badId = await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", PersonCase(item, idNumber: TestData.IdWithBadChecksum), Guid.NewGuid().ToString()), "applicant.idNumber");
        Assert.Contains("校验", badId.GetProperty("errors").GetProperty("applicant.idNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("checksum", badId.GetProperty("rules").GetProperty("applicant.idNumber").GetString());
        await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", PersonCase(item, mobile: "12345"), Guid.NewGuid().ToString()), "applicant.mobile");
        await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", PersonCase("NO-SUCH-ITEM"), Guid.NewGuid().ToString()), "itemCode");
        await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", PersonCase(item, requirement: "M99"), Guid.NewGuid().ToString()), "materials[0].requirementCode");
        await ProblemAssert.IsValidation(await PostJson(clerk, "/api/cases", new { itemCode = item, channel = "fax" }, Guid.NewGuid().ToString()), "channel", "applicant");
        await App.WithDbAsync(async db => Assert.Equal(before, await db.Cases.CountAsync(Ct)));
    }

    [Fact]
    public async Task Only_clerks_file_cases_and_staff_see_only_cases_in_their_scope()
    {
        var clerk = await App.LoginAsync("clerk");
        var (item, _) = await PersonItemAsync();
        var number = (await Json(await PostJson(clerk, "/api/cases", PersonCase(item), Guid.NewGuid().ToString()))).GetProperty("caseNumber").GetString();

        var reviewer = await App.LoginAsync("reviewer");
        await ProblemAssert.IsProblem(await PostJson(reviewer, "/api/cases", PersonCase(item), Guid.NewGuid().ToString()), HttpStatusCode.Forbidden, "auth.forbidden");

        // The reviewer's department handles it only if the item is theirs.
        string? reviewerDepartment = null, itemDepartment = null;
        await App.WithDbAsync(async db =>
        {
            reviewerDepartment = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            itemDepartment = await db.ItemVersions.Where(i => i.Code == item).Select(i => i.DepartmentCode).FirstAsync(Ct);
        });
        var seen = await reviewer.GetAsync($"/api/cases/{number}", Ct);
        if (reviewerDepartment == itemDepartment) Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        else await ProblemAssert.IsProblem(seen, HttpStatusCode.NotFound, "case.not_found");

        // Center-wide: the supervisor sees it; the analyst sees figures, not cases (ADR 0011).
        var supervisor = await App.LoginAsync("supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/cases/{number}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.LoginAsync("analyst")).GetAsync($"/api/cases/{number}", Ct)).StatusCode);
        await ProblemAssert.IsProblem(await clerk.GetAsync("/api/cases/350505-2026-999999", Ct), HttpStatusCode.NotFound, "case.not_found");
        await ProblemAssert.IsValidation(await clerk.GetAsync("/api/cases?status=lost", Ct), "status");
    }
}

public sealed class SqliteCaseSubmissionTests(SqliteApp app) : CaseSubmissionTests<SqliteApp>(app);

public sealed class PostgresCaseSubmissionTests(PostgresApp app) : CaseSubmissionTests<PostgresApp>(app);
