using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Supervision;

/// <summary>A recorded step the process would not have allowed, and why.</summary>
internal sealed record StepViolation(string Subject, CaseStep? Step, string Why);

/// <summary>
/// Checks a case's recorded history (its 环节, the case's event log) against the process. Cases made through
/// the API cannot break these rules (CaseTransitions, CaseAuthorization), but cases imported from another
/// system (存量导入) or edited in the database can: supervision (SV08–SV10) is where that shows. Pure.
/// </summary>
internal static class ProcessIntegrity
{
    /// <summary>One reading of where the process stood after a step (several when a step name is ambiguous, e.g. 审批 "return" = reject or send back).</summary>
    private readonly record struct State(CaseStatus Status, int ReviewIndex, CaseStatus? BeforeSuspension);

    private static readonly CaseStatus[] BeforeDecision =
        [CaseStatus.Submitted, CaseStatus.PreReviewing, CaseStatus.CorrectionRequested, CaseStatus.Accepted, CaseStatus.InReview, CaseStatus.Suspended];

    /// <summary>Steps done by the receiving point (window, applicant, kiosk) and by the handling department; the rest may be either.</summary>
    private static readonly HashSet<string> WindowSteps = ["收件", "预审", "补正", "受理", "不予受理", "容缺补齐", "撤回"];
    private static readonly HashSet<string> DepartmentSteps = ["审核", "审批", "特别程序", "特别程序结束", "延期"];
    private static readonly HashSet<string> EitherSteps = ["办结", "送达", "终止"];

    /// <summary>
    /// SV09: the first step the state machine would not allow from where the case stood (replayed from 收件), a step
    /// recorded more than <paramref name="clockSkew"/> before the one before it, or a status the steps cannot lead to.
    /// Unknown step names (another system's vocabulary) are passed over: nothing can be said about them.
    /// </summary>
    public static StepViolation? FirstOutOfOrder(Case c, TimeSpan clockSkew)
    {
        var steps = c.Steps.OrderBy(s => s.Sequence).ToList();
        HashSet<State> states = [new(CaseStatus.Submitted, 0, null)];
        DateTimeOffset? previousEnd = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var at = step.EndedAt ?? step.StartedAt;
            if (previousEnd is { } p && at < p - clockSkew)
                return new($"step-{step.Sequence}", step, $"环节“{step.Name}”（第{step.Sequence}步）记录的时间早于上一环节");
            previousEnd = previousEnd is { } q && q > at ? q : at;
            if (step.Name == "收件")
            {
                if (i != 0) return new($"step-{step.Sequence}", step, $"“收件”出现在第{step.Sequence}步，不是第一个环节");
                continue;
            }
            if (!Known(step.Name)) continue;
            var next = new HashSet<State>();
            foreach (var s in states)
                foreach (var n in After(s, step, c.ReviewSteps)) next.Add(n);
            if (next.Count == 0)
                return new($"step-{step.Sequence}", step, $"环节“{step.Name}”（第{step.Sequence}步）在“{string.Join("/", states.Select(s => CaseTransitions.StatusName(s.Status)).Distinct())}”状态下不应发生");
            states = next;
        }
        if (!states.Any(s => s.Status == c.Status))
            return new("status", steps.LastOrDefault(), $"办件状态“{CaseTransitions.StatusName(c.Status)}”与已记录的环节不符（缺少环节记录）");
        return null;
    }

    /// <summary>
    /// SV10: the first step recorded for an organisation other than the one that may do it: the handling department
    /// for review, approval, special procedures and extensions (the receiving window too for a 即办件's 当场审核),
    /// the receiving point for intake, pre-review and acceptance, either for completion and delivery.
    /// </summary>
    public static StepViolation? FirstByOutsider(Case c, IReadOnlyCollection<string> actingForAll)
    {
        foreach (var step in c.Steps.OrderBy(s => s.Sequence))
        {
            var org = step.OrganizationCode;
            if (actingForAll.Contains(org)) continue;
            var allowed = step.Name switch
            {
                _ when DepartmentSteps.Contains(step.Name) => org == c.DepartmentCode || (c.IsImmediate && (step.Name is "审核" or "审批") && org == c.ServicePointCode),
                _ when WindowSteps.Contains(step.Name) => org == c.ServicePointCode,
                _ when EitherSteps.Contains(step.Name) => org == c.DepartmentCode || org == c.ServicePointCode,
                _ => true,
            };
            if (!allowed)
                return new($"step-{step.Sequence}", step,
                    $"环节“{step.Name}”（第{step.Sequence}步）由{step.HandlerName}（{org}）办理，不属于{(WindowSteps.Contains(step.Name) ? $"收件点{c.ServicePointCode}" : $"办理部门{c.DepartmentCode}")}");
        }
        return null;
    }

    /// <summary>
    /// SV08: required materials (必要, and 容缺后补 ones not named in the 容缺 commitment) that had no submission at
    /// acceptance (a submission up to <paramref name="grace"/> later still counts: imported records carry their own clocks).
    /// </summary>
    public static List<MaterialRequirement> MissingAtAcceptance(Case c, IEnumerable<MaterialRequirement> requirements, TimeSpan grace)
    {
        if (c.AcceptedAt is not { } accepted) return [];
        var present = c.Materials.Where(m => m.SubmittedAt <= accepted + grace).Select(m => m.RequirementCode).ToHashSet(StringComparer.Ordinal);
        return [.. requirements.Where(r => r.Necessity is Necessity.Required or Necessity.Tolerable)
            .Where(r => !present.Contains(r.Code) && !c.ToleranceMissing.Contains(r.Code)).OrderBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }

    private static bool Known(string name) => WindowSteps.Contains(name) || DepartmentSteps.Contains(name) || EitherSteps.Contains(name);

    private static IEnumerable<State> After(State s, CaseStep step, IReadOnlyList<ProcessStep> reviewSteps)
    {
        var pass = step.Action == "pass";
        switch (step.Name)
        {
            case "预审" when s.Status == CaseStatus.Submitted:
                yield return s with { Status = pass ? CaseStatus.PreReviewing : CaseStatus.CorrectionRequested };
                break;
            case "补正" when s.Status == CaseStatus.CorrectionRequested:
                yield return s with { Status = CaseStatus.Submitted };
                break;
            case "容缺补齐" or "延期" when s.Status is CaseStatus.Accepted or CaseStatus.InReview or CaseStatus.Suspended:
                yield return s;
                break;
            case "受理" when s.Status is CaseStatus.Submitted or CaseStatus.PreReviewing:
                yield return new(CaseStatus.Accepted, 0, null);
                break;
            case "不予受理" when s.Status is CaseStatus.Submitted or CaseStatus.PreReviewing or CaseStatus.CorrectionRequested:
                yield return s with { Status = CaseStatus.NotAccepted };
                break;
            case "审核" or "审批" when s.Status is CaseStatus.Accepted or CaseStatus.InReview:
                if (s.ReviewIndex >= reviewSteps.Count || (reviewSteps[s.ReviewIndex] == ProcessStep.Approve) != (step.Name == "审批")) break;
                if (pass)
                    yield return s.ReviewIndex + 1 < reviewSteps.Count ? new(CaseStatus.InReview, s.ReviewIndex + 1, null) : s with { Status = CaseStatus.Approved };
                else
                {
                    yield return s with { Status = CaseStatus.Rejected };
                    if (s.ReviewIndex > 0) yield return new(CaseStatus.InReview, s.ReviewIndex - 1, null);
                }
                break;
            case "特别程序" when s.Status is CaseStatus.Accepted or CaseStatus.InReview:
                yield return s with { Status = CaseStatus.Suspended, BeforeSuspension = s.Status };
                break;
            case "特别程序结束" when s.Status == CaseStatus.Suspended:
                yield return s with { Status = s.BeforeSuspension ?? CaseStatus.InReview, BeforeSuspension = null };
                break;
            case "办结" when s.Status is CaseStatus.Approved or CaseStatus.Rejected:
                yield return s with { Status = CaseStatus.Completed };
                break;
            case "送达" when s.Status == CaseStatus.Completed:
                yield return s with { Status = CaseStatus.Delivered };
                break;
            case "撤回" when BeforeDecision.Contains(s.Status):
                yield return s with { Status = CaseStatus.Withdrawn };
                break;
            case "终止" when s.Status is CaseStatus.Accepted or CaseStatus.InReview or CaseStatus.Suspended:
                yield return s with { Status = CaseStatus.Terminated };
                break;
        }
    }
}
