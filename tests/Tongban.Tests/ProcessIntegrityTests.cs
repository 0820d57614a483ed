using CsCheck;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Modules.Supervision;

namespace Tongban.Tests;

/// <summary>
/// SV09/SV10 replay a case's steps: every history the case methods can produce passes (thousands of random walks
/// through the process, two review steps, suspensions, extensions, returns), and the tampered ones are caught.
/// </summary>
public class ProcessIntegrityTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();
    private const string Point = "350505-C";
    private const string Department = "D01";

    private static ServiceItemVersion Item()
    {
        var item = ServiceItemVersion.NewDraft("ITEM", 1, "B", "测试事项", Department, "350505", DateTimeOffset.UnixEpoch);
        item.CaseKind = CaseKind.Promised;
        item.PromisedLimitValue = 10;
        item.LegalLimitValue = 20;
        item.ProcessSteps = [ProcessStep.Accept, ProcessStep.Review, ProcessStep.Approve, ProcessStep.Complete];
        return item;
    }

    private static Case NewCase(ServiceItemVersion item, DateTimeOffset now) =>
        Case.File(new CaseFiling("350505-2026-000001", item, ApplicationChannel.Window,
            new CaseApplicant(ApplicantKind.Person, "测试", "11010519491231002X", "13800138000", null), Point, new CaseActor("窗口", null, Point), now), Calendar);

    private static readonly CaseActor Clerk = new("窗口", 1, Point);
    private static readonly CaseActor Reviewer = new("审核", 2, Department);
    private static readonly Dictionary<string, MaterialRequirement> NoRequirements = [];

    /// <summary>Tries one action (chosen by <paramref name="pick"/>); a refused one changes nothing.</summary>
    private static void Act(Case c, int pick, ServiceItemVersion item, DateTimeOffset now)
    {
        try
        {
            switch (pick)
            {
                case 0: c.PreReviewPass(Clerk, now, null); break;
                case 1: c.Accept(Clerk, now, Calendar, item, null, null); break;
                case 2: c.Review(Reviewer, now, "approve", "同意"); break;
                case 3: c.Review(Reviewer, now, "return", "退回"); break;
                case 4: c.Review(Reviewer, now, "reject", "不予"); break;
                case 5: c.Suspend(Reviewer, now, Calendar, "expertReview", "专家评审"); break;
                case 6: c.Resume(Reviewer, now, Calendar, null); break;
                case 7: c.Extend(Reviewer, now, Calendar, 5, "延期"); break;
                case 8: c.Complete(Clerk, now, Calendar, item, "pickup", null, null, "123456"); break;
                case 9: c.Deliver(Clerk, now, "123456", null); break;
                case 10: c.Withdraw(Clerk, now, "撤回"); break;
                case 11: c.Refuse(Clerk, now, "不予受理"); break;
                case 12: c.RequestCorrection(Clerk, now, [], NoRequirements); break;
                default: c.Supplement(Clerk, now, [], NoRequirements); break;
            }
        }
        catch (DomainRuleException)
        {
        }
    }

    [Fact]
    public void Every_history_the_process_can_make_passes() =>
        Gen.Int[0, 13].Array[1, 30].Sample(picks =>
        {
            var item = Item();
            var now = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
            var c = NewCase(item, now);
            foreach (var p in picks)
            {
                now = now.AddHours(1);
                Act(c, p, item, now);
            }
            var path = string.Join(" → ", c.Steps.OrderBy(s => s.Sequence).Select(s => $"{s.Name}/{s.Action}"));
            Assert.True(ProcessIntegrity.FirstOutOfOrder(c, TimeSpan.Zero) is null, $"{path}: {ProcessIntegrity.FirstOutOfOrder(c, TimeSpan.Zero)}");
            Assert.True(ProcessIntegrity.FirstByOutsider(c, []) is null, path);
        });

    [Fact]
    public void Tampered_histories_are_caught_at_the_first_wrong_step()
    {
        var item = Item();
        var now = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var c = NewCase(item, now);
        c.Accept(Clerk, now.AddHours(1), Calendar, item, null, null);
        c.Review(Reviewer, now.AddHours(2), "approve", "同意");
        Assert.Null(ProcessIntegrity.FirstOutOfOrder(c, TimeSpan.Zero));

        // 审批 recorded where 审核 is due (the template says review first): out of order at that step.
        var skipped = NewCase(item, now);
        skipped.Accept(Clerk, now.AddHours(1), Calendar, item, null, null);
        skipped.Steps.Add(new CaseStep { Sequence = 3, Name = "审批", Action = "pass", HandlerName = "领导", OrganizationCode = Department, StartedAt = now.AddHours(2), EndedAt = now.AddHours(2) });
        Assert.Equal("step-3", ProcessIntegrity.FirstOutOfOrder(skipped, TimeSpan.Zero)!.Subject);

        // A status no step leads to (imported as "in review" with no acceptance recorded).
        var bare = NewCase(item, now);
        bare.Status = CaseStatus.InReview;
        Assert.Equal("status", ProcessIntegrity.FirstOutOfOrder(bare, TimeSpan.Zero)!.Subject);

        // Times running backwards beyond the tolerance; within it, accepted.
        var backwards = NewCase(item, now);
        backwards.Accept(Clerk, now.AddMinutes(-3), Calendar, item, null, null);
        Assert.Equal("step-2", ProcessIntegrity.FirstOutOfOrder(backwards, TimeSpan.FromMinutes(1))!.Subject);
        Assert.Null(ProcessIntegrity.FirstOutOfOrder(backwards, TimeSpan.FromMinutes(5)));

        // Review by another department: an outsider, unless that organisation is allowed to act for all.
        c.Steps.Add(new CaseStep { Sequence = 4, Name = "审批", Action = "pass", HandlerName = "外部门", OrganizationCode = "D99", StartedAt = now.AddHours(3), EndedAt = now.AddHours(3) });
        c.Status = CaseStatus.Approved;
        Assert.Null(ProcessIntegrity.FirstOutOfOrder(c, TimeSpan.Zero));
        Assert.Equal("step-4", ProcessIntegrity.FirstByOutsider(c, [])!.Subject);
        Assert.Null(ProcessIntegrity.FirstByOutsider(c, ["D99"]));
    }
}
