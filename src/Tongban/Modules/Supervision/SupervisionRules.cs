using System.Globalization;
using Tongban.Infrastructure.Clock;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Supervision;

/// <summary>Who a rule is addressed to: the handling department's people, or the receiving service point's clerks.</summary>
internal enum RuleOwner
{
    Department,
    ServicePoint,
}

/// <summary>
/// A rule that holds (or will hold from <see cref="From"/>) for a case. <see cref="FromAt"/> narrows a rule that starts
/// at an instant, not a day (a directive's deadline); <see cref="ParentAlertId"/> is the alert a directive was sent on.
/// </summary>
internal sealed record RuleHit(string RuleCode, AlertLevel Level, RuleOwner Owner, string Subject, DateOnly From, string Message,
    DateTimeOffset? FromAt = null, long? ParentAlertId = null);

/// <summary>What the rules need besides the case: the requirements of its item version (SV08) and its unanswered directives (SV11).</summary>
internal sealed record CaseFacts(IReadOnlyList<MaterialRequirement> Requirements, IReadOnlyList<SupervisionDirective> OpenDirectives)
{
    public static readonly CaseFacts None = new([], []);
}

/// <summary>
/// 监察规则: each with a stable code, a level and thresholds from <see cref="SupervisionOptions"/>. Pure:
/// given the case and the calendar, which rules hold from which Beijing date on. A rule holds from a
/// date and fires at the start of office hours on that date (or the next working day); the watcher
/// decides when to raise, remind and escalate.
/// </summary>
internal static class SupervisionRules
{
    /// <summary>Yellow: the promised due date is near.</summary>
    public const string DueSoon = "SV01";
    /// <summary>Red: the promised due date has passed.</summary>
    public const string Overdue = "SV02";
    /// <summary>Critical: the legal due date (法定时限) has passed.</summary>
    public const string LegalOverdue = "SV03";
    /// <summary>Red: no pre-review or correction notice within 5 working days of receipt (行政许可法 §32: it then counts as accepted).</summary>
    public const string PreReviewLate = "SV04";
    /// <summary>Yellow: the applicant has not answered the correction notice in time; the window follows up.</summary>
    public const string CorrectionOverdue = "SV05";
    /// <summary>Red: the 容缺 commitment date has passed with materials still owed.</summary>
    public const string ToleranceOverdue = "SV06";
    /// <summary>Yellow: a stage SMS to the applicant failed permanently; the window calls them.</summary>
    public const string SmsFailed = "SV07";

    /// <summary>Red: accepted while a required material was missing and not covered by a 容缺 commitment (imported or edited records).</summary>
    public const string MaterialMissingAtAcceptance = "SV08";
    /// <summary>Red: the recorded steps are out of order — the state machine would not have allowed them, or their times run backwards.</summary>
    public const string StepsOutOfOrder = "SV09";
    /// <summary>Red: a step was done by an organisation other than the handling department (or the receiving point for window steps).</summary>
    public const string StepByOutsider = "SV10";
    /// <summary>Red: a 督办 passed its deadline unanswered; the handler is reminded, then the supervisor who sent it is told.</summary>
    public const string DirectiveOverdue = "SV11";

    public static readonly IReadOnlyList<string> All =
        [DueSoon, Overdue, LegalOverdue, PreReviewLate, CorrectionOverdue, ToleranceOverdue, SmsFailed, MaterialMissingAtAcceptance, StepsOutOfOrder, StepByOutsider, DirectiveOverdue];

    public static string Name(string code) => code switch
    {
        DueSoon => "承诺时限临近（黄灯预警）",
        Overdue => "超过承诺时限（红灯超期）",
        LegalOverdue => "超过法定时限（严重超期）",
        PreReviewLate => "预审超过5个工作日",
        CorrectionOverdue => "补正材料逾期未交",
        ToleranceOverdue => "容缺材料逾期未补",
        SmsFailed => "环节短信发送失败",
        MaterialMissingAtAcceptance => "受理时缺少必要材料且无容缺承诺",
        StepsOutOfOrder => "办理环节顺序异常",
        StepByOutsider => "非办理部门人员办理环节",
        DirectiveOverdue => "督办逾期未回复",
        RectificationWatcher.CallbackOverdue => "差评回访超期",
        RectificationWatcher.RectifyOverdue => "差评整改超期",
        _ => code,
    };

    private static string D(DateOnly d) => d.ToString("M月d日", CultureInfo.InvariantCulture);

    /// <summary>Every rule that holds for the case now or will hold on a later date if nothing changes.</summary>
    public static List<RuleHit> Evaluate(Case c, bool smsFailed, BusinessCalendar calendar, SupervisionOptions options, DateOnly today, CaseFacts? facts = null)
    {
        facts ??= CaseFacts.None;
        var hits = new List<RuleHit>();
        if (!CaseView.IsOpen(c.Status)) return hits;
        var no = c.Number;
        var item = c.ItemName.Length > 20 ? c.ItemName[..19] + "…" : c.ItemName;
        // Deadlines of the decision run from acceptance to 办结; a special procedure stops the clock.
        var clockRuns = c.Status is CaseStatus.Accepted or CaseStatus.InReview or CaseStatus.Approved or CaseStatus.Rejected;
        if (clockRuns && c.PromisedDueDate is { } promised)
        {
            var threshold = Math.Max(options.YellowWorkingDaysLeft, (int)Math.Floor(c.PromisedLimitDays * options.YellowLimitShare));
            hits.Add(new(DueSoon, AlertLevel.Yellow, RuleOwner.Department, Iso(promised), YellowFrom(calendar, promised, threshold),
                $"办件{no}（{item}）承诺{D(promised)}前办结，即将到期，请抓紧办理。"));
            hits.Add(new(Overdue, AlertLevel.Red, RuleOwner.Department, Iso(promised), promised.AddDays(1),
                $"办件{no}（{item}）已超过承诺办结日期{D(promised)}，请立即办理。"));
        }
        if (clockRuns && c.LegalDueDate is { } legal)
            hits.Add(new(LegalOverdue, AlertLevel.Critical, RuleOwner.Department, Iso(legal), legal.AddDays(1),
                $"办件{no}（{item}）已超过法定办结期限{D(legal)}，严重超期。"));
        if (c.Status == CaseStatus.Submitted && c.PreReviewedAt is null && c.PreReviewDueDate is { } preReview)
            hits.Add(new(PreReviewLate, AlertLevel.Red, RuleOwner.ServicePoint, Iso(preReview), preReview.AddDays(1),
                $"办件{no}（{item}）收件后5个工作日（{D(preReview)}前）未预审或一次性告知，依法视为受理之日起算。"));
        if (c.Status == CaseStatus.CorrectionRequested && c.CorrectionNotices.MaxBy(n => n.Sequence) is { } notice)
        {
            var due = calendar.AddWorkingDays(ChinaTime.DateOf(notice.IssuedAt), options.CorrectionWorkingDays);
            hits.Add(new(CorrectionOverdue, AlertLevel.Yellow, RuleOwner.ServicePoint, notice.Number, due.AddDays(1),
                $"办件{no}（{item}）的补正告知{notice.Number}已逾{options.CorrectionWorkingDays}个工作日未补正，请联系申请人。"));
        }
        if (c.ToleranceOwed && c.ToleranceCommitDueDate is { } commit)
            hits.Add(new(ToleranceOverdue, AlertLevel.Red, RuleOwner.ServicePoint, Iso(commit), commit.AddDays(1),
                $"办件{no}（{item}）容缺材料承诺于{D(commit)}前补齐，已逾期，请督促补齐或依法终止办理。"));
        if (smsFailed)
            hits.Add(new(SmsFailed, AlertLevel.Yellow, RuleOwner.ServicePoint, "sms", today,
                $"办件{no}的环节短信发送失败，请电话告知申请人。"));
        var disabled = options.DisabledRules;
        if (c.AcceptedAt is { } acceptedAt && !disabled.Contains(MaterialMissingAtAcceptance)
            && ProcessIntegrity.MissingAtAcceptance(c, facts.Requirements, options.MaterialGraceAfterAcceptance) is { Count: > 0 } missing)
            hits.Add(new(MaterialMissingAtAcceptance, AlertLevel.Red, RuleOwner.ServicePoint, "accept", ChinaTime.DateOf(acceptedAt),
                $"办件{no}（{item}）受理时缺少必要材料且无容缺承诺：{Truncate(string.Join("、", missing.Select(m => m.Name)), 200)}，请核查受理依据。"));
        if (!disabled.Contains(StepsOutOfOrder) && ProcessIntegrity.FirstOutOfOrder(c, options.StepClockSkew) is { } disorder)
            hits.Add(new(StepsOutOfOrder, AlertLevel.Red, RuleOwner.Department, disorder.Subject, StepDate(c, disorder.Step),
                $"办件{no}（{item}）办理环节顺序异常：{disorder.Why}，请核查办理过程。"));
        if (!disabled.Contains(StepByOutsider) && ProcessIntegrity.FirstByOutsider(c, options.OrganizationsActingForAll) is { } outsider)
            hits.Add(new(StepByOutsider, AlertLevel.Red, RuleOwner.Department, outsider.Subject, StepDate(c, outsider.Step),
                $"办件{no}（{item}）{outsider.Why}，请核查办理权限。"));
        if (!disabled.Contains(DirectiveOverdue))
            foreach (var d in facts.OpenDirectives.Where(d => d.AnsweredAt is null))
                hits.Add(new(DirectiveOverdue, AlertLevel.Red, RuleOwner.Department, DirectiveSubject(d.Id), ChinaTime.DateOf(d.Deadline),
                    $"办件{no}（{item}）的督办（{d.SentByName}，期限{ChinaTime.ToChina(d.Deadline):M月d日HH:mm}）逾期未回复，请立即办理并在工作台回复。",
                    FromAt: d.Deadline, ParentAlertId: d.AlertId));
        return hits;
    }

    public static string DirectiveSubject(long directiveId) => string.Create(CultureInfo.InvariantCulture, $"D{directiveId}");

    private static DateOnly StepDate(Case c, CaseStep? step) => ChinaTime.DateOf(step?.EndedAt ?? step?.StartedAt ?? c.UpdatedAt);

    private static string Truncate(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;

    /// <summary>Whether a hit still holds on <paramref name="today"/> (yellow ends when red begins).</summary>
    public static bool Holds(RuleHit hit, DateOnly today) =>
        today >= hit.From && (hit.RuleCode != DueSoon || today <= DateOnly.Parse(hit.Subject, CultureInfo.InvariantCulture));

    /// <summary>The first date with at most <paramref name="threshold"/> working days left after it up to the due date.</summary>
    public static DateOnly YellowFrom(BusinessCalendar calendar, DateOnly due, int threshold)
    {
        var d = due;
        // Step back while the day before still has no more than the threshold left (Remaining(d-1) = working days in [d, due]).
        for (var i = 0; i < 4000 && calendar.CountWorkingDays(d, due) <= threshold; i++) d = d.AddDays(-1);
        return d;
    }

    /// <summary>SV11 is the department's too: its addressee is the directive's (the parent alert's), see CaseCheck.</summary>
    public static RuleOwner OwnerOf(string code) =>
        code is DueSoon or Overdue or LegalOverdue or StepsOutOfOrder or StepByOutsider or DirectiveOverdue ? RuleOwner.Department : RuleOwner.ServicePoint;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
