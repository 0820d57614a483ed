using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>The case process 受理 → 审核 → 办结 over HTTP: every transition, every role, every bad input.</summary>
public abstract class CaseProcessTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private sealed record DemoItem(string Code, string[] Required, string[] Tolerable);

    /// <summary>A 行政许可 item of the reviewer's department with 审核 and 审批 steps and a 容缺 material.</summary>
    private async Task<DemoItem> LicensingItemAsync(bool withTolerance = true)
    {
        DemoItem? found = null;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var items = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.ForPersons && i.ToleranceAllowed == withTolerance)
                .OrderBy(i => i.Id).Take(50).ToListAsync(Ct);
            var item = items.First(i => !withTolerance || i.Materials.Any(m => m.Necessity == Necessity.Tolerable));
            found = new DemoItem(item.Code,
                [.. item.Materials.Where(m => m.Necessity == Necessity.Required).Select(m => m.Code)],
                [.. item.Materials.Where(m => m.Necessity == Necessity.Tolerable).Select(m => m.Code)]);
        });
        return found!;
    }

    private async Task<string> DueDate(string start, int days) =>
        (await GetJson(App.CreateClient(), $"/api/calendar/due-date?start={start}&days={days}")).GetProperty("dueDate").GetString()!;

    private static string Status(JsonElement c) => c.GetProperty("status").GetString()!;

    [Fact]
    public async Task A_licence_goes_through_correction_acceptance_review_approval_completion_and_pickup()
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));

        // 一次性告知: one notice, the applicant supplements, then pre-review passes.
        var corrected = await Act(clerk, number, "pre-review", new { result = "correct", corrections = new[] { new { requirementCode = item.Required[0], reason = "身份证复印件不清晰" } } });
        Assert.Equal("correctionRequested", Status(corrected));
        var notice = Assert.Single(corrected.GetProperty("correctionNotices").EnumerateArray());
        Assert.Equal("身份证复印件不清晰", notice.GetProperty("items")[0].GetProperty("reason").GetString());
        var pdf = await clerk.GetAsync($"/api/cases/{number}/correction-notices/1/pdf", Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync(Ct))[..4]), StringComparison.Ordinal);
        await ProblemAssert.IsProblem(await clerk.GetAsync($"/api/cases/{number}/correction-notices/2/pdf", Ct), HttpStatusCode.NotFound, "case.notice_not_found");
        await ProblemAssert.IsProblem(await clerk.GetAsync($"/api/cases/{number}/acceptance-notice/pdf", Ct), HttpStatusCode.NotFound, "case.not_accepted");
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{number}/supplement", new { materials = new[] { new { requirementCode = item.Required[0], fileId = Guid.NewGuid() } } }), "materials[0].fileId");
        Assert.Equal("submitted", Status(await Act(clerk, number, "supplement", new { materials = new[] { new { requirementCode = item.Required[0] } } })));
        Assert.Equal("preReviewing", Status(await Act(clerk, number, "pre-review", new { result = "pass" })));

        var accepted = await Act(clerk, number, "accept", new { });
        Assert.Equal("accepted", Status(accepted));
        Assert.StartsWith("SL", accepted.GetProperty("acceptanceNumber").GetString(), StringComparison.Ordinal);
        var acceptedOn = accepted.GetProperty("clockEvents")[0].GetProperty("date").GetString()!;
        Assert.Equal(await DueDate(acceptedOn, 10), accepted.GetProperty("promisedDueDate").GetString());
        Assert.Equal(await DueDate(acceptedOn, 20), accepted.GetProperty("legalDueDate").GetString());
        Assert.Equal(10, accepted.GetProperty("remainingWorkingDays").GetInt32());
        Assert.Equal("review", accepted.GetProperty("currentStep").GetString());
        var acceptancePdf = await clerk.GetAsync($"/api/cases/{number}/acceptance-notice/pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, acceptancePdf.StatusCode);
        Assert.Equal("application/pdf", acceptancePdf.Content.Headers.ContentType?.MediaType);

        // 审核 then 审批: the approval step needs an approver.
        var reviewed = await Act(reviewer, number, "review", new { decision = "approve", opinion = "材料真实齐全，同意" });
        Assert.Equal("inReview", Status(reviewed));
        Assert.Equal("approve", reviewed.GetProperty("currentStep").GetString());
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/cases/{number}/review", new { decision = "approve", opinion = "同意" }), HttpStatusCode.Forbidden, "case.forbidden");
        Assert.Equal("approved", Status(await Act(approver, number, "review", new { decision = "approve", opinion = "准予许可" })));

        // 办结 back at the receiving point, handed over with the pickup code.
        var completed = await Act(approver, number, "complete", new { delivery = new { method = "pickup" }, documentNumber = "泉港审批许〔2026〕1号" });
        Assert.Equal("completed", Status(completed));
        var result = completed.GetProperty("result");
        Assert.Equal("approve", result.GetProperty("decision").GetString());
        var pickupCode = result.GetProperty("pickupCode").GetString()!;
        Assert.Matches("^[0-9]{6}$", pickupCode);
        var wrong = pickupCode == "000000" ? "111111" : "000000";
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/deliver", new { pickupCode = wrong }), HttpStatusCode.Conflict, "case.pickup_code_mismatch");
        var delivered = await Act(clerk, number, "deliver", new { pickupCode });
        Assert.Equal("delivered", Status(delivered));

        var steps = delivered.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("action").GetString())).ToList();
        Assert.Equal([("收件", "pass"), ("预审", "return"), ("补正", "pass"), ("预审", "pass"), ("受理", "pass"), ("审核", "pass"), ("审批", "pass"), ("办结", "pass"), ("送达", "pass")], steps);
        Assert.All(delivered.GetProperty("steps").EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("handler").GetString())));
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("remainingWorkingDays").ValueKind);

        // 人过留迹、事过留痕: every action is in the case's audit trail, and the chain verifies.
        var audit = await GetJson(clerk, $"/api/cases/{number}/audit");
        var actions = audit.EnumerateArray().Where(e => e.GetProperty("stream").GetString() == $"case:{number}").Select(e => e.GetProperty("action").GetString()).ToList();
        // Completing the approved licence sealed its e-certificate and its 准予许可决定书: one seal.sign each (issue 19).
        Assert.Equal(["case.submit", "case.pre_review", "case.supplement", "case.pre_review", "case.accept", "case.review", "case.review", "case.complete",
            "seal.sign", "seal.sign", "case.deliver"], actions);
        var supervisor = await App.LoginAsync("supervisor");
        Assert.True((await GetJson(supervisor, "/api/audit/verify")).GetProperty("ok").GetBoolean());

        // 锁定短信环节: every stage queued its SMS with the hotline, in the same transaction as the stage.
        var texts = delivered.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("text").GetString()!).ToList();
        Assert.Equal(9, texts.Count); // submitted, correction, supplemented, pre-review passed, accepted, in review, approved, completed, delivered
        Assert.All(texts, t => Assert.Contains("咨询电话", t, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("需补正材料", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("取件码" + pickupCode, StringComparison.Ordinal));
        Assert.All(delivered.GetProperty("notifications").EnumerateArray(), n => Assert.Equal("created", n.GetProperty("status").GetString()));
        var dispatcher = App.Services.GetRequiredService<Tongban.Modules.Notifications.OutboxDispatcher>();
        for (var round = 0; round < 20 && await dispatcher.DispatchDueAsync(Ct) > 0; round++) { } // batches of 50 until the outbox is empty
        var sms = await GetJson(App.CreateClient(), $"/api/dev/sms?mobile={TestData.ValidMobile}");
        var forCase = sms.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("caseNumber").GetString() == number).ToList();
        Assert.Equal(9, forCase.Count);
        Assert.All(forCase, i => Assert.Equal("sent", i.GetProperty("status").GetString()));
        Assert.Equal("case.delivered", forCase[0].GetProperty("event").GetString()); // newest first
    }

    [Fact]
    public async Task The_whole_case_is_read_with_the_same_few_queries_however_long_its_history()
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var item = await LicensingItemAsync();
        var fresh = await SubmitAsync(clerk, item.Code, item.Required);
        // Both cases have a notice (EF skips the notice-items query when there is none); the busy one has many more rows.
        await Act(clerk, fresh, "pre-review", new { result = "correct", corrections = new[] { new { requirementCode = item.Required[0], reason = "不清晰" } } });
        var busy = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await Act(clerk, busy, "pre-review", new { result = "correct", corrections = new[] { new { requirementCode = item.Required[0], reason = "不清晰" } } });
        await Act(clerk, busy, "supplement", new { materials = new[] { new { requirementCode = item.Required[0] } } });
        await Act(clerk, busy, "accept", new { });
        await Act(reviewer, busy, "suspend", new { type = "testing", reason = "检测" });
        await Act(reviewer, busy, "resume", new { });
        await Act(reviewer, busy, "review", new { decision = "approve", opinion = "同意" });

        async Task<int> CommandsFor(string number)
        {
            await GetJson(clerk, $"/api/cases/{number}"); // warm: the first read of a stream differs
            var before = App.Commands.Count;
            await GetJson(clerk, $"/api/cases/{number}");
            return App.Commands.Count - before;
        }
        var few = await CommandsFor(fresh);
        var many = await CommandsFor(busy);
        Assert.Equal(few, many);
        Assert.True(many <= 18, $"{many} SQL commands for one case view");
    }

    [Fact]
    public async Task A_filing_starts_its_case_stream_without_reading_a_head_and_the_chain_verifies()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        await SubmitAsync(clerk, item.Code, item.Required); // warm: the first submission reads what later ones find cached
        long lastEntry = 0;
        await App.WithDbAsync(async db => lastEntry = await db.AuditEntries.MaxAsync(e => e.Id, Ct));
        var before = App.Commands.Count;
        var number = await SubmitAsync(clerk, item.Code, item.Required);
        var sent = App.Commands.Recent.TakeLast(App.Commands.Count - before).ToList();
        List<string> streams = [];
        await App.WithDbAsync(async db => streams = await db.AuditEntries.Where(e => e.Id > lastEntry).Select(e => e.Stream).Distinct().ToListAsync(Ct));
        Assert.Contains($"case:{number}", streams);
        // One head read per stream the submission appended to, except its own new case stream.
        var headReads = sent.Count(t => t.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && t.Contains("audit_stream_heads", StringComparison.Ordinal));
        Assert.Equal(streams.Count - 1, headReads);
        var trail = await GetJson(await App.LoginAsync("supervisor"), $"/api/cases/{number}/audit");
        Assert.Contains("case.submit", trail.GetRawText(), StringComparison.Ordinal);
        var verify = await GetJson(await App.LoginAsync("supervisor"), "/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
    }

    [Fact]
    public async Task Transitions_out_of_order_are_409_and_the_same_action_twice_records_one_step()
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/cases/{number}/review", new { decision = "approve", opinion = "同意" }), HttpStatusCode.Conflict, "case.transition_not_allowed");
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/deliver", new { pickupCode = "123456" }), HttpStatusCode.Conflict, "case.transition_not_allowed");
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }), HttpStatusCode.Conflict, "case.transition_not_allowed");

        await Act(clerk, number, "accept", new { });
        var twice = await PostJson(clerk, $"/api/cases/{number}/accept", new { });
        var problem = await ProblemAssert.IsProblem(twice, HttpStatusCode.Conflict, "case.transition_not_allowed");
        Assert.Contains("已受理", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var c = await GetJson(clerk, $"/api/cases/{number}");
        Assert.Single(c.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "受理");
    }

    [Fact]
    public async Task Two_clerks_accepting_at_the_same_moment_produce_one_acceptance()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostJson(clerk, $"/api/cases/{number}/accept", new { })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var c = await GetJson(clerk, $"/api/cases/{number}");
        Assert.Single(c.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "受理");
        Assert.Single(c.GetProperty("clockEvents").EnumerateArray());
    }

    [Fact]
    public async Task Roles_and_scopes_are_enforced_for_every_kind_of_action()
    {
        var clerk = await App.LoginAsync("clerk");
        var townClerk = await App.LoginAsync("clerk-nanpu");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));

        // The reviewer handles the department's cases but does not accept at the window.
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/cases/{number}/accept", new { }), HttpStatusCode.Forbidden, "case.forbidden");
        // A clerk of another service point does not even see the case.
        await ProblemAssert.IsProblem(await PostJson(townClerk, $"/api/cases/{number}/accept", new { }), HttpStatusCode.NotFound, "case.not_found");
        await Act(clerk, number, "accept", new { });
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/review", new { decision = "approve", opinion = "同意" }), HttpStatusCode.Forbidden, "case.forbidden");
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/suspend", new { type = "hearing", reason = "听证" }), HttpStatusCode.Forbidden, "case.forbidden");
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/cases/{number}/extend", new { workingDays = 5, reason = "情况复杂" }), HttpStatusCode.Forbidden, "case.forbidden");
        await Act(approver, number, "extend", new { workingDays = 5, reason = "情况复杂，经负责人批准延长" });
    }

    [Fact]
    public async Task A_special_procedure_stops_the_clock_and_an_extension_moves_both_due_dates()
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        var accepted = await Act(clerk, number, "accept", new { });
        var promised = accepted.GetProperty("promisedDueDate").GetString()!;
        var legal = accepted.GetProperty("legalDueDate").GetString()!;

        var suspended = await Act(reviewer, number, "suspend", new { type = "expertReview", reason = "需组织专家评审" });
        Assert.Equal("suspended", Status(suspended));
        // Seven calendar days in the special procedure: the working days among them do not count.
        var suspendedOn = suspended.GetProperty("clockEvents")[1].GetProperty("date").GetString()!;
        App.Clock.Advance(TimeSpan.FromDays(7));
        (reviewer, approver) = (await App.LoginAsync("reviewer"), await App.LoginAsync("approver"));
        var resumed = await Act(reviewer, number, "resume", new { result = "专家评审通过" });
        Assert.Equal("accepted", Status(resumed));
        var resumedOn = resumed.GetProperty("clockEvents")[2].GetProperty("date").GetString()!;
        var lost = (await GetJson(App.CreateClient(), $"/api/calendar/working-days?from={DateOnly.Parse(suspendedOn).AddDays(1):yyyy-MM-dd}&to={resumedOn}")).GetProperty("workingDays").GetInt32();
        Assert.True(lost >= 4, $"{lost} working days lost");
        Assert.Equal(lost, resumed.GetProperty("suspendedWorkingDays").GetInt32());
        Assert.Equal(await DueDate(promised, lost), resumed.GetProperty("promisedDueDate").GetString());
        Assert.Equal(await DueDate(legal, lost), resumed.GetProperty("legalDueDate").GetString());

        var extended = await Act(approver, number, "extend", new { workingDays = 10, reason = "依法延长十日" });
        Assert.Equal(await DueDate(legal, lost + 10), extended.GetProperty("legalDueDate").GetString());
        Assert.Equal(await DueDate(promised, lost + 10), extended.GetProperty("promisedDueDate").GetString());
        Assert.Equal(["started", "suspended", "resumed", "extended"], extended.GetProperty("clockEvents").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        await ProblemAssert.IsValidation(await PostJson(approver, $"/api/cases/{number}/extend", new { workingDays = 0 }), "workingDays", "reason");
        // §42: one extension; a resent request does not extend twice.
        await ProblemAssert.IsProblem(await PostJson(approver, $"/api/cases/{number}/extend", new { workingDays = 10, reason = "依法延长十日" }), HttpStatusCode.Conflict, "case.already_extended");
        Assert.Contains(extended.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains("特别程序已结束", StringComparison.Ordinal));
        await ProblemAssert.IsValidation(await PostJson(reviewer, $"/api/cases/{number}/suspend", new { type = "party", reason = "x" }), "type");
    }

    [Fact]
    public async Task Tolerance_acceptance_needs_tolerable_materials_and_a_timely_commitment_and_ends_in_termination_when_broken()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required);
        var missing = await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/accept", new { }), HttpStatusCode.Conflict, "case.materials_missing");
        Assert.Contains("容缺", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Only tolerable materials can be excused.
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/accept", new { tolerance = new { missing = new[] { item.Required[0] }, commitDueDate = "2026-03-05" } }),
            HttpStatusCode.Conflict, "case.tolerance_material_not_tolerable");
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/accept", new { tolerance = new { missing = item.Tolerable, commitDueDate = "2027-01-01" } }),
            HttpStatusCode.Conflict, "case.tolerance_commit_too_late");
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).Date);
        var commit = today.AddDays(3).ToString("yyyy-MM-dd");
        var accepted = await Act(clerk, number, "accept", new { tolerance = new { missing = item.Tolerable, commitDueDate = commit } });
        Assert.Equal(commit, accepted.GetProperty("tolerance").GetProperty("commitDueDate").GetString());
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/terminate", new { reason = "未按承诺补齐" }), HttpStatusCode.Conflict, "case.termination_not_due");
        App.Clock.Advance(TimeSpan.FromDays(4));
        clerk = await App.LoginAsync("clerk");
        Assert.Equal("terminated", Status(await Act(clerk, number, "terminate", new { reason = "未按承诺补齐容缺材料" })));

        // Supplying the owed material in time fulfils the commitment.
        var second = await SubmitAsync(clerk, item.Code, item.Required);
        var today2 = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).Date).AddDays(2).ToString("yyyy-MM-dd");
        await Act(clerk, second, "accept", new { tolerance = new { missing = item.Tolerable, commitDueDate = today2 } });
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{second}/supplement", new { materials = new[] { new { requirementCode = item.Required[0] } } }), HttpStatusCode.Conflict, "case.material_not_owed");
        // While the 容缺 material is owed, the final approval is refused.
        var (reviewer, approver) = (await App.LoginAsync("reviewer"), await App.LoginAsync("approver"));
        await Act(reviewer, second, "review", new { decision = "approve", opinion = "同意" });
        await ProblemAssert.IsProblem(await PostJson(approver, $"/api/cases/{second}/review", new { decision = "approve", opinion = "准予" }), HttpStatusCode.Conflict, "case.tolerance_unfulfilled");
        var fulfilled = await Act(clerk, second, "supplement", new { materials = item.Tolerable.Select(t => new { requirementCode = t }).ToArray() });
        Assert.NotEqual(JsonValueKind.Null, fulfilled.GetProperty("tolerance").GetProperty("fulfilledAt").ValueKind);
        Assert.Equal("approved", Status(await Act(approver, second, "review", new { decision = "approve", opinion = "准予" })));
    }

    [Fact]
    public async Task An_immediate_item_is_accepted_reviewed_and_completed_in_one_sitting_with_every_step_recorded()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await ImmediateItemAsync(App);
        var number = await SubmitAsync(clerk, item, ["M01"]);
        // 当场办结 includes acceptance: the window's act, not the department's.
        await ProblemAssert.IsProblem(await PostJson(await App.LoginAsync("reviewer"), $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }), HttpStatusCode.NotFound, "case.not_found");
        var done = await Act(clerk, number, "complete", new { delivery = new { method = "pickup" } });
        Assert.Equal("completed", Status(done));
        var names = done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["收件", "受理", "审核", "办结"], names);
        Assert.Equal(done.GetProperty("clockEvents")[0].GetProperty("date").GetString(), done.GetProperty("promisedDueDate").GetString());
    }

    [Fact]
    public async Task A_promised_item_cannot_skip_review()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await Act(clerk, number, "accept", new { });
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }), HttpStatusCode.Conflict, "case.transition_not_allowed");
    }

    [Fact]
    public async Task Correction_notices_are_one_time_and_must_name_materials_with_reasons()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "correct", corrections = Array.Empty<object>() }), "corrections");
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "correct", corrections = new[] { new { requirementCode = "M99", reason = "" } } }),
            "corrections[0].requirementCode", "corrections[0].reason");
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "maybe" }), "result");

        await Act(clerk, number, "pre-review", new { result = "correct", corrections = new[] { new { requirementCode = item.Required[0], reason = "复印件缺页" } } });
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/supplement", new { materials = new[] { new { requirementCode = item.Required[^1] } } }), HttpStatusCode.Conflict, "case.supplement_incomplete");
        await Act(clerk, number, "supplement", new { materials = new[] { new { requirementCode = item.Required[0] } } });
        // A second notice may name the re-supplied material, never one that was there at the first notice.
        var other = item.Required.Concat(item.Tolerable).First(c => c != item.Required[0]);
        var problem = await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "correct", corrections = new[] { new { requirementCode = other, reason = "新发现的问题" } } }),
            HttpStatusCode.Conflict, "case.correction_not_one_time");
        Assert.Contains("一次性告知", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var second = await Act(clerk, number, "pre-review", new { result = "correct", corrections = new[] { new { requirementCode = item.Required[0], reason = "补正后仍缺页" } } });
        Assert.Equal(2, second.GetProperty("correctionNotices").GetArrayLength());
    }

    [Fact]
    public async Task Refusal_and_withdrawal_need_a_reason_and_end_the_case()
    {
        var clerk = await App.LoginAsync("clerk");
        var item = await LicensingItemAsync();
        var refused = await SubmitAsync(clerk, item.Code, item.Required);
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{refused}/refuse", new { reason = " " }), "reason");
        var notAccepted = await Act(clerk, refused, "refuse", new { reason = "申请事项不属于本机关职权范围" });
        Assert.Equal("notAccepted", Status(notAccepted));
        Assert.Equal("申请事项不属于本机关职权范围", notAccepted.GetProperty("closingReason").GetString());
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{refused}/withdraw", new { reason = "不办了" }), HttpStatusCode.Conflict, "case.transition_not_allowed");

        var withdrawn = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await Act(clerk, withdrawn, "accept", new { });
        Assert.Equal("withdrawn", Status(await Act(clerk, withdrawn, "withdraw", new { reason = "申请人主动撤回" })));
    }

    [Fact]
    public async Task A_rejection_is_completed_and_delivered_by_express()
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var item = await LicensingItemAsync();
        var number = await SubmitAsync(clerk, item.Code, item.Required.Concat(item.Tolerable));
        await Act(clerk, number, "accept", new { });
        Assert.Equal("rejected", Status(await Act(reviewer, number, "review", new { decision = "reject", opinion = "不符合法定条件" })));
        var done = await Act(reviewer, number, "complete", new { delivery = new { method = "express" } });
        Assert.Equal("reject", done.GetProperty("result").GetProperty("decision").GetString());
        await ProblemAssert.IsProblem(await PostJson(reviewer, $"/api/cases/{number}/deliver", new { }), HttpStatusCode.Conflict, "case.tracking_number_required");
        var delivered = await Act(reviewer, number, "deliver", new { trackingNumber = "SF1234567890" });
        Assert.Equal("SF1234567890", delivered.GetProperty("result").GetProperty("trackingNumber").GetString());
    }
}

public sealed class SqliteCaseProcessTests(SqliteApp app) : CaseProcessTests<SqliteApp>(app);

public sealed class PostgresCaseProcessTests(PostgresApp app) : CaseProcessTests<PostgresApp>(app);
