using Tongban.Infrastructure.Clock;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Evaluation;
using Tongban.Modules.Evaluation.Rectification;

namespace Tongban.Demo;

/// <summary>
/// 差评整改 for the demo history: every bad rating gets its work order, in a state that fits its age — recent ones wait
/// for the call back, most older ones were called back in time and rectified, a few were late, a few appealed (some
/// upheld), and a handful are still open past their deadline so the supervision board shows SV12/SV13. Its own seeded
/// <see cref="Random"/>: the rest of the history stays exactly as it was.
/// </summary>
internal sealed class DemoRectifications(DateTimeOffset now, BusinessCalendar calendar)
{
    private readonly Random _random = new(DemoCaseHistory.Seed + 12345);
    private readonly RectificationOptions _options = new();
    private readonly DateOnly _today = ChinaTime.DateOf(now);

    private static readonly string[] CallbackNotes =
        ["已电话回访申请人，了解不满意原因并致歉", "已回访，申请人反映等候时间较长，已记录", "已回访核实，申请人对窗口解释不满意"];
    private static readonly string[] ResolutionNotes =
        ["已增设高峰时段窗口并向申请人反馈", "已对窗口人员开展服务规范培训，已反馈申请人", "已修订办事指南材料说明，已告知申请人", "立行立改：当场补办并致歉"];

    /// <summary>The order of a bad rating just built, and the audit entries of its steps (with their times); null for a good rating.</summary>
    public (RectificationOrder Order, List<(DateTimeOffset At, AuditEvent Audit)> Audits)? Open(CaseEvaluation e)
    {
        if (!e.IsBad) return null;
        var o = RectificationOpener.New(e, calendar, _options);
        var audits = new List<(DateTimeOffset, AuditEvent)>
        {
            (e.EvaluatedAt, Entry(o, AuditActor.System, "rectification.open", $"差评整改工单：回访期限 {o.CallbackDueDate:yyyy-MM-dd}，整改期限 {o.RectifyDueDate:yyyy-MM-dd}")),
        };
        var staff = new AuditActor(AuditActor.StaffKind, "demo-" + o.DepartmentCode, "部门整改专员", "Reviewer", null, null);
        var x = _random.NextDouble();
        var callbackPassed = _today > o.CallbackDueDate;
        // Recent: most wait for the call back. Older: 5 % still open (overdue), 5 % appealed, the rest called back.
        if ((!callbackPassed && x < 0.6) || (callbackPassed && x < 0.05)) return Finish(o, audits);
        if (callbackPassed && x < 0.10)
        {
            var appealAt = At(o.OpenedAt, 0.2);
            if (appealAt >= now) return Finish(o, audits);
            o.Status = RectificationStatus.Appealed;
            (o.AppealedAt, o.AppealedBy, o.AppealNote) = (appealAt, staff.Name, "申请人回复误点评价，申请申诉复核");
            audits.Add((appealAt, Entry(o, staff, "rectification.appeal", "申诉复核：" + o.AppealNote)));
            var decideAt = At(appealAt, 1.0);
            if (decideAt < now && _random.NextDouble() < 0.7)
            {
                o.AppealUpheld = _random.NextDouble() < 0.6;
                (o.AppealDecidedAt, o.AppealDecidedBy) = (decideAt, "刘文斌");
                o.AppealDecisionNote = o.AppealUpheld.Value ? "经核实系误评，申诉成立" : "理由不足，请回访整改";
                o.Status = o.AppealUpheld.Value ? RectificationStatus.AppealUpheld : RectificationStatus.Open;
                audits.Add((decideAt, Entry(o, new AuditActor(AuditActor.StaffKind, "demo-supervisor", "刘文斌", "Supervisor", null, null),
                    "rectification.appeal_decide", (o.AppealUpheld.Value ? "申诉成立：" : "申诉驳回：") + o.AppealDecisionNote)));
            }
            return Finish(o, audits);
        }
        // Called back: within the limit mostly, a day or two late sometimes.
        var late = _random.NextDouble() < 0.12;
        var calledAt = late ? RectificationRules.StartOf(o.CallbackDueDate.AddDays(1 + _random.Next(2))).AddHours(9.5) : At(o.OpenedAt, 0.5);
        if (calledAt >= now) return Finish(o, audits);
        o.Status = RectificationStatus.CalledBack;
        (o.CalledBackAt, o.CalledBackBy, o.CallbackNote) = (calledAt, staff.Name, CallbackNotes[_random.Next(CallbackNotes.Length)]);
        o.CalledBackInTime = ChinaTime.DateOf(calledAt) <= o.CallbackDueDate;
        audits.Add((calledAt, Entry(o, staff, "rectification.callback", "已回访：" + o.CallbackNote)));
        // Rectified a few working days later, for most.
        var resolvedAt = RectificationRules.StartOf(calendar.AddWorkingDays(ChinaTime.DateOf(calledAt), 1 + _random.Next(12))).AddHours(10 + _random.Next(6));
        if (resolvedAt >= now || _random.NextDouble() < 0.15) return Finish(o, audits);
        o.Status = RectificationStatus.Resolved;
        (o.ResolvedAt, o.ResolvedBy, o.ResolutionNote) = (resolvedAt, staff.Name, ResolutionNotes[_random.Next(ResolutionNotes.Length)]);
        o.ResolvedInTime = ChinaTime.DateOf(resolvedAt) <= o.RectifyDueDate;
        audits.Add((resolvedAt, Entry(o, staff, "rectification.resolve", "已整改：" + o.ResolutionNote)));
        return Finish(o, audits);
    }

    /// <summary>When the scan should look: an order already past a deadline at once (so the board shows it), else when its deadline passes.</summary>
    private (RectificationOrder, List<(DateTimeOffset, AuditEvent)>) Finish(RectificationOrder o, List<(DateTimeOffset, AuditEvent)> audits)
    {
        o.NextCheckAt = RectificationRules.IsOverdue(o, _today) ? now : RectificationRules.NextDeadlinePassing(o, _today);
        return (o, audits);
    }

    /// <summary>Some time within <paramref name="days"/> days after <paramref name="from"/>, in office hours-ish.</summary>
    private DateTimeOffset At(DateTimeOffset from, double days) => from.AddMinutes(30 + _random.Next((int)(days * 60 * 20)));

    private static AuditEvent Entry(RectificationOrder o, AuditActor who, string action, string summary) =>
        new(AuditStreams.Case(o.CaseNumber), who, action, o.CaseNumber, $"整改工单：{summary}");
}
