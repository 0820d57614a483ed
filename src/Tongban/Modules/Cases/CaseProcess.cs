using System.Globalization;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

/// <summary>Values of <see cref="Case.AwaitingRole"/>.</summary>
internal static class QueueRoles
{
    public const string Clerk = "clerk";
    public const string Applicant = "applicant";
    public const string Reviewer = "reviewer";
    public const string Approver = "approver";
    /// <summary>A decided case to be completed, by the handling department or the receiving clerk.</summary>
    public const string Handler = "handler";
}

/// <summary>Who acts on a case, and for which organisation (service point or department code).</summary>
internal sealed record CaseActor(string Name, int? StaffId, string OrganizationCode);

internal sealed record CorrectionRequest(string RequirementCode, string Reason);

internal sealed record SuppliedMaterial(string RequirementCode, Guid? FileId = null, long? LibraryMaterialId = null, string? CertificateId = null);

internal sealed record ToleranceRequest(IReadOnlyList<string> Missing, DateOnly CommitDueDate);

/// <summary>
/// The case process (受理 → 审核 → 办结) as methods on <see cref="Case"/>. Each method checks the
/// transition map, its own rules (409 with a stable code), changes the case and records one step
/// (环节). Callers authorise the actor and save in one transaction.
/// </summary>
internal sealed partial class Case
{
    /// <summary>行政许可法 §32: five working days to pre-review or issue the correction notice.</summary>
    public const int PreReviewLimitDays = 5;

    public static readonly IReadOnlyList<string> SpecialProcedureTypes = ["hearing", "inspection", "testing", "quarantine", "appraisal", "expertReview", "publicNotice", "other"];

    /// <summary>容缺 materials promised but not yet supplied.</summary>
    public bool ToleranceOwed => ToleranceMissing.Count > 0 && ToleranceFulfilledAt is null;

    public ProcessStep? CurrentReviewStepKind => Status is CaseStatus.Accepted or CaseStatus.InReview && CurrentReviewStep < ReviewSteps.Count ? ReviewSteps[CurrentReviewStep] : null;

    public IEnumerable<CaseMaterial> CurrentMaterials => Materials.Where(m => m.ReplacedAt is null);

    /// <summary>
    /// Fixes on the new case the process and limits of the item version it is filed under (they stay with
    /// the case when the item changes later), the §32 pre-review due date, and puts it in the clerk's queue.
    /// </summary>
    private void FileUnder(ServiceItemVersion item, BusinessCalendar calendar)
    {
        ReviewSteps = [.. item.ProcessSteps.Where(s => s is ProcessStep.Review or ProcessStep.Approve)];
        IsImmediate = item.CaseKind == CaseKind.Immediate;
        PromisedLimitDays = item.PromisedLimitValue;
        LegalLimitDays = item.LegalLimitValue;
        PromisedLimitUnit = item.PromisedLimitUnit;
        LegalLimitUnit = item.LegalLimitUnit;
        CertificateTypeCode = item.CertificateTypeCode;
        PreReviewDueDate = CaseClock.DueDate(calendar, ChinaTime.DateOf(SubmittedAt), PreReviewLimitDays);
        AwaitingRole = QueueRoles.Clerk;
    }

    public CaseStep AddStep(string name, string action, CaseActor actor, DateTimeOffset startedAt, DateTimeOffset now, string? opinion = null)
    {
        var step = new CaseStep
        {
            Sequence = Steps.Count == 0 ? 1 : Steps.Max(s => s.Sequence) + 1,
            Name = name, Action = action, HandlerName = actor.Name, HandlerStaffId = actor.StaffId,
            OrganizationCode = actor.OrganizationCode, Opinion = opinion, StartedAt = startedAt, EndedAt = now,
        };
        Steps.Add(step);
        Touch(now);
        return step;
    }

    /// <summary>When the step now ending began: the end of the previous step.</summary>
    private DateTimeOffset StepStart(DateTimeOffset now) => Steps.Count == 0 ? SubmittedAt : Steps.Max(s => s.EndedAt ?? s.StartedAt) is var t && t <= now ? t : now;

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
        AwaitingRole = WhoActsNext();
    }

    /// <summary>The role whose 待办 queue holds the case in its current status.</summary>
    public string? WhoActsNext() => Status switch
    {
        CaseStatus.Submitted or CaseStatus.PreReviewing => QueueRoles.Clerk,
        CaseStatus.CorrectionRequested => QueueRoles.Applicant,
        CaseStatus.Accepted or CaseStatus.InReview => CurrentReviewStepKind == ProcessStep.Approve ? QueueRoles.Approver : QueueRoles.Reviewer,
        CaseStatus.Suspended => QueueRoles.Reviewer,
        CaseStatus.Approved or CaseStatus.Rejected => QueueRoles.Handler,
        CaseStatus.Completed => QueueRoles.Clerk,
        _ => null,
    };

    private static DomainRuleException Rule(string code, string title, string detail) => new(code, title, detail);

    public void PreReviewPass(CaseActor actor, DateTimeOffset now, string? opinion)
    {
        CaseTransitions.Ensure(this, CaseAction.PreReview);
        Status = CaseStatus.PreReviewing;
        PreReviewedAt = now;
        AddStep("预审", "pass", actor, StepStart(now), now, opinion ?? "材料齐全，预审通过");
    }

    /// <summary>一次性告知: all deficient materials in one notice. A later notice may name only materials supplied since the previous one.</summary>
    public CorrectionNotice RequestCorrection(CaseActor actor, DateTimeOffset now, IReadOnlyList<CorrectionRequest> items, IReadOnlyDictionary<string, MaterialRequirement> requirements)
    {
        CaseTransitions.Ensure(this, CaseAction.PreReview);
        var previous = CorrectionNotices.OrderByDescending(n => n.Sequence).FirstOrDefault();
        if (previous is not null)
        {
            var suppliedSince = Materials.Where(m => m.AnswersNotice == previous.Sequence).Select(m => m.RequirementCode).ToHashSet();
            var stale = items.Where(i => !suppliedSince.Contains(i.RequirementCode)).Select(i => requirements[i.RequirementCode].Name).ToList();
            if (stale.Count > 0)
                throw Rule("case.correction_not_one_time", "一次性告知：不能再次要求补正此前未告知的材料",
                    $"第 {previous.Sequence} 次告知后未重新提交的材料不能在新的告知中提出：{string.Join("、", stale)}。");
        }
        var sequence = (previous?.Sequence ?? 0) + 1;
        var notice = new CorrectionNotice
        {
            Number = string.Create(CultureInfo.InvariantCulture, $"BZ{Number}-{sequence}"),
            Sequence = sequence, IssuedAt = now, IssuedBy = actor.Name,
            Items = [.. items.Select(i => new CorrectionItem { RequirementCode = i.RequirementCode, MaterialName = requirements[i.RequirementCode].Name, Reason = i.Reason.Trim() })],
        };
        CorrectionNotices.Add(notice);
        Status = CaseStatus.CorrectionRequested;
        PreReviewedAt ??= now;
        var summary = $"一次性告知补正 {items.Count} 项：" + string.Join("；", notice.Items.Select(i => $"{i.MaterialName}（{i.Reason}）"));
        // The step keeps a summary; every item and reason in full is on the notice.
        AddStep("预审", "return", actor, StepStart(now), now, summary.Length > 1000 ? summary[..999] + "…" : summary);
        return notice;
    }

    /// <summary>The applicant (or a clerk for them) supplies materials: the ones a correction notice asked for, or the 容缺 ones owed after acceptance.</summary>
    public void Supplement(CaseActor actor, DateTimeOffset now, IReadOnlyList<SuppliedMaterial> supplied, IReadOnlyDictionary<string, MaterialRequirement> requirements)
    {
        CaseTransitions.Ensure(this, CaseAction.Supplement);
        var codes = supplied.Select(s => s.RequirementCode).ToHashSet();
        if (Status == CaseStatus.CorrectionRequested)
        {
            var notice = CorrectionNotices.OrderByDescending(n => n.Sequence).First();
            var missing = notice.Items.Where(i => !codes.Contains(i.RequirementCode)).Select(i => i.MaterialName).ToList();
            if (missing.Count > 0)
                throw Rule("case.supplement_incomplete", "补正材料不全", $"告知书 {notice.Number} 要求补正的材料尚未提交：{string.Join("、", missing)}。");
            ReplaceMaterials(supplied, requirements, now, notice.Sequence);
            notice.SupplementedAt = now;
            Status = CaseStatus.Submitted;
            AddStep("补正", "pass", actor, StepStart(now), now, $"已补正：{string.Join("、", supplied.Select(s => requirements[s.RequirementCode].Name))}");
            return;
        }
        if (ToleranceMissing.Count == 0 || ToleranceFulfilledAt is not null)
            throw Rule("case.nothing_to_supplement", "没有需要补交的材料", $"办件 {Number} 当前没有待补正或容缺后补的材料。");
        var notOwed = codes.Where(c => !ToleranceMissing.Contains(c)).Select(c => requirements[c].Name).ToList();
        if (notOwed.Count > 0)
            throw Rule("case.material_not_owed", "这些材料不在容缺后补清单中", string.Join("、", notOwed));
        ReplaceMaterials(supplied, requirements, now, null);
        var stillOwed = ToleranceMissing.Where(c => !CurrentMaterials.Any(m => m.RequirementCode == c)).ToList();
        if (stillOwed.Count == 0) ToleranceFulfilledAt = now;
        AddStep("容缺补齐", "other", actor, now, now,
            stillOwed.Count == 0 ? "容缺材料已全部补齐" : $"仍欠：{string.Join("、", stillOwed.Select(c => requirements[c].Name))}");
    }

    private void ReplaceMaterials(IReadOnlyList<SuppliedMaterial> supplied, IReadOnlyDictionary<string, MaterialRequirement> requirements, DateTimeOffset now, int? answersNotice)
    {
        foreach (var s in supplied)
        {
            foreach (var old in Materials.Where(m => m.RequirementCode == s.RequirementCode && m.ReplacedAt is null)) old.ReplacedAt = now;
            Materials.Add(new CaseMaterial { RequirementCode = s.RequirementCode, Name = requirements[s.RequirementCode].Name, FileId = s.FileId, LibraryMaterialId = s.LibraryMaterialId, FromLibrary = s.LibraryMaterialId is not null, CertificateId = s.CertificateId, SubmittedAt = now, AnswersNotice = answersNotice });
        }
    }

    /// <summary>受理: every required material present, or a 容缺 commitment for tolerable ones; the clock starts.</summary>
    public void Accept(CaseActor actor, DateTimeOffset now, BusinessCalendar calendar, ServiceItemVersion item, ToleranceRequest? tolerance, string? opinion)
    {
        CaseTransitions.Ensure(this, CaseAction.Accept);
        var today = ChinaTime.DateOf(now);
        var present = CurrentMaterials.Select(m => m.RequirementCode).ToHashSet();
        var needed = item.Materials.Where(m => m.Necessity is Necessity.Required or Necessity.Tolerable).ToList();
        var excused = new HashSet<string>();
        if (tolerance is { Missing.Count: > 0 })
        {
            if (!item.ToleranceAllowed)
                throw Rule("case.tolerance_not_allowed", "该事项不支持容缺受理", $"事项“{item.Name}”未开通容缺受理。");
            foreach (var code in tolerance.Missing)
            {
                var requirement = item.Materials.FirstOrDefault(m => m.Code == code);
                if (requirement is null || requirement.Necessity != Necessity.Tolerable)
                    throw Rule("case.tolerance_material_not_tolerable", "只有“容缺后补”材料可以容缺",
                        $"材料 {requirement?.Name ?? code} 不是容缺后补材料，必须在受理前提交。");
                excused.Add(code);
            }
        }
        var missing = needed.Where(m => !present.Contains(m.Code) && !excused.Contains(m.Code)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
            throw Rule("case.materials_missing", "材料不齐，不能受理", $"缺少：{string.Join("、", missing)}。可先预审并一次性告知补正；容缺后补材料可办理容缺受理。");

        // The clock: counting starts the day after acceptance.
        ClockEvents.Add(new CaseClockEvent { Kind = ClockEventKind.Started, Date = today, At = now, ActorName = actor.Name });
        var due = CaseClock.Compute(this, calendar, ClockEvents, today)!.Value;
        if (excused.Count > 0)
        {
            if (tolerance!.CommitDueDate < today)
                throw Rule("case.tolerance_commit_in_past", "承诺补齐日期不能早于今天", $"承诺日期 {tolerance.CommitDueDate:yyyy-MM-dd} 已过。");
            if (tolerance.CommitDueDate > due.Promised)
                throw Rule("case.tolerance_commit_too_late", "承诺补齐日期不能晚于承诺办结日期", $"承诺办结日期为 {due.Promised:yyyy-MM-dd}。");
            ToleranceMissing = [.. excused];
            ToleranceCommitDueDate = tolerance.CommitDueDate;
        }
        Status = CaseStatus.Accepted;
        AcceptedAt = now;
        AcceptanceNumber = "SL" + Number;
        PromisedDueDate = due.Promised;
        LegalDueDate = due.Legal;
        CurrentReviewStep = 0;
        AddStep("受理", "pass", actor, StepStart(now), now,
            opinion ?? (excused.Count > 0 ? $"容缺受理，承诺于 {tolerance!.CommitDueDate:yyyy-MM-dd} 前补齐：{string.Join("、", item.Materials.Where(m => excused.Contains(m.Code)).Select(m => m.Name))}" : "材料齐全，予以受理"));
    }

    public void Refuse(CaseActor actor, DateTimeOffset now, string reason)
    {
        CaseTransitions.Ensure(this, CaseAction.Refuse);
        Status = CaseStatus.NotAccepted;
        ClosingReason = reason;
        CompletedAt = now;
        AddStep("不予受理", "return", actor, StepStart(now), now, reason);
    }

    /// <summary>One step of review or approval. approve moves to the next step or to Approved; reject decides 不予; return goes back one step.</summary>
    public void Review(CaseActor actor, DateTimeOffset now, string decision, string opinion)
    {
        CaseTransitions.Ensure(this, CaseAction.Review);
        var step = CurrentReviewStepKind ?? throw Rule("case.no_review_step", "没有待审核的环节", $"办件 {Number} 的流程没有审核环节。");
        var name = step == ProcessStep.Approve ? "审批" : "审核";
        var start = StepStart(now);
        switch (decision)
        {
            case "approve" when CurrentReviewStep + 1 >= ReviewSteps.Count && ToleranceOwed:
                throw Rule("case.tolerance_unfulfilled", "容缺材料尚未补齐，不能作出准予决定",
                    $"承诺于 {ToleranceCommitDueDate:yyyy-MM-dd} 前补齐的材料尚未提交；逾期未补齐的可终止办理。");
            case "approve":
                if (CurrentReviewStep + 1 < ReviewSteps.Count)
                {
                    CurrentReviewStep++;
                    Status = CaseStatus.InReview;
                }
                else
                {
                    Status = CaseStatus.Approved;
                }
                AddStep(name, "pass", actor, start, now, opinion);
                break;
            case "reject":
                Status = CaseStatus.Rejected;
                AddStep(name, "return", actor, start, now, opinion);
                break;
            default: // return
                if (CurrentReviewStep == 0)
                    throw Rule("case.cannot_return", "第一个审核环节不能退回", "如需申请人补充，请作出不予决定或由窗口处理；审批环节可退回审核环节。");
                CurrentReviewStep--;
                Status = CaseStatus.InReview;
                AddStep(name, "return", actor, start, now, opinion);
                break;
        }
    }

    /// <summary>特别程序 (§45): the clock stops until resumed.</summary>
    public void Suspend(CaseActor actor, DateTimeOffset now, BusinessCalendar calendar, string type, string reason)
    {
        CaseTransitions.Ensure(this, CaseAction.Suspend);
        StatusBeforeSuspension = Status;
        Status = CaseStatus.Suspended;
        ClockEvents.Add(new CaseClockEvent { Kind = ClockEventKind.Suspended, Date = ChinaTime.DateOf(now), At = now, ProcedureType = type, Reason = reason, ActorName = actor.Name });
        RecomputeDueDates(calendar, now);
        AddStep("特别程序", "other", actor, now, now, $"{ProcedureName(type)}：{reason}");
    }

    public void Resume(CaseActor actor, DateTimeOffset now, BusinessCalendar calendar, string? result)
    {
        CaseTransitions.Ensure(this, CaseAction.Resume);
        var since = ClockEvents.Where(e => e.Kind == ClockEventKind.Suspended).MaxBy(e => e.At)!;
        ClockEvents.Add(new CaseClockEvent { Kind = ClockEventKind.Resumed, Date = ChinaTime.DateOf(now), At = now, Reason = result, ActorName = actor.Name });
        Status = StatusBeforeSuspension ?? CaseStatus.InReview;
        StatusBeforeSuspension = null;
        RecomputeDueDates(calendar, now);
        AddStep("特别程序结束", "other", actor, since.At, now, result ?? "特别程序结束，恢复计时");
    }

    /// <summary>延长办理时限: +N working days on the promised and legal due dates.</summary>
    public void Extend(CaseActor actor, DateTimeOffset now, BusinessCalendar calendar, int workingDays, string reason)
    {
        CaseTransitions.Ensure(this, CaseAction.Extend);
        // 行政许可法 §42: the limit may be extended once, with approval; a resent request must not extend twice.
        if (ClockEvents.Any(e => e.Kind == ClockEventKind.Extended))
            throw Rule("case.already_extended", "办理时限已延长过", "同一办件只能延长一次办理时限。");
        ClockEvents.Add(new CaseClockEvent { Kind = ClockEventKind.Extended, Date = ChinaTime.DateOf(now), At = now, WorkingDays = workingDays, Reason = reason, ActorName = actor.Name });
        RecomputeDueDates(calendar, now);
        AddStep("延期", "other", actor, now, now, $"延长 {workingDays} 个工作日：{reason}");
    }

    private void RecomputeDueDates(BusinessCalendar calendar, DateTimeOffset now)
    {
        var due = CaseClock.Compute(this, calendar, ClockEvents, ChinaTime.DateOf(now));
        if (due is null) return;
        PromisedDueDate = due.Value.Promised;
        LegalDueDate = due.Value.Legal;
    }

    /// <summary>
    /// 办结 with delivery by pickup (a pickup code) or express. A 即办件 not yet decided is accepted,
    /// reviewed and completed in one sitting, each step still recorded.
    /// </summary>
    public void Complete(CaseActor actor, DateTimeOffset now, BusinessCalendar calendar, ServiceItemVersion item, string method, string? trackingNumber, string? documentNumber, string pickupCode)
    {
        CaseTransitions.Ensure(this, CaseAction.Complete);
        if (Status is CaseStatus.Submitted or CaseStatus.PreReviewing or CaseStatus.Accepted)
        {
            if (!IsImmediate)
                throw new DomainRuleException("case.transition_not_allowed", "当前状态不能执行该操作",
                    $"办件 {Number} 当前为“{CaseTransitions.StatusName(Status)}”，承诺件须经审核后方可办结。");
            if (Status != CaseStatus.Accepted) Accept(actor, now, calendar, item, null, "即办件当场受理");
            while (Status is CaseStatus.Accepted or CaseStatus.InReview) Review(actor, now, "approve", "即办件当场审核通过");
        }
        DeliveryMethod = method;
        TrackingNumber = trackingNumber;
        DecisionDocumentNumber = documentNumber;
        PickupCode = method == "pickup" ? pickupCode : null;
        Decision = Status == CaseStatus.Approved ? "approve" : "reject";
        var decision = Status == CaseStatus.Approved ? "准予" : "不予";
        Status = CaseStatus.Completed;
        CompletedAt = now;
        AddStep("办结", "pass", actor, StepStart(now), now,
            method == "pickup" ? $"{decision}，结果送{(ChooseResultDelivery.PickupPointOf(this) == ServicePointCode ? "回收件点" : "至申请人选择的服务点")}领取" : $"{decision}，快递送达{(trackingNumber is null ? "" : "，运单号 " + trackingNumber)}");
    }

    /// <param name="idCardHolder">When the clerk checked an ID card instead of the pickup code: whose, masked.</param>
    public void Deliver(CaseActor actor, DateTimeOffset now, string? pickupCode, string? trackingNumber, string? idCardHolder = null)
    {
        CaseTransitions.Ensure(this, CaseAction.Deliver);
        if (DeliveryMethod == "pickup" && idCardHolder is null && !string.Equals(pickupCode?.Trim(), PickupCode, StringComparison.Ordinal))
            throw Rule("case.pickup_code_mismatch", "取件码不正确", "请核对申请人短信中的取件码。");
        if (DeliveryMethod == "express")
        {
            TrackingNumber = trackingNumber ?? TrackingNumber;
            if (string.IsNullOrWhiteSpace(TrackingNumber))
                throw Rule("case.tracking_number_required", "快递送达需要运单号", "请填写快递运单号。");
        }
        Status = CaseStatus.Delivered;
        DeliveredAt = now;
        AddStep("送达", "pass", actor, StepStart(now), now, DeliveryMethod != "pickup" ? $"已快递寄出，运单号 {TrackingNumber}"
            : idCardHolder is null ? "申请人已当面领取结果" : $"凭身份证领取（{idCardHolder}）");
    }

    public void Withdraw(CaseActor actor, DateTimeOffset now, string reason)
    {
        CaseTransitions.Ensure(this, CaseAction.Withdraw);
        Status = CaseStatus.Withdrawn;
        ClosingReason = reason;
        CompletedAt = now;
        AddStep("撤回", "other", actor, StepStart(now), now, reason);
    }

    /// <summary>终止: a 容缺 commitment not kept by its date ends the case.</summary>
    public void Terminate(CaseActor actor, DateTimeOffset now, string reason)
    {
        CaseTransitions.Ensure(this, CaseAction.Terminate);
        var today = ChinaTime.DateOf(now);
        if (ToleranceCommitDueDate is not { } commit || ToleranceFulfilledAt is not null || today <= commit)
            throw Rule("case.termination_not_due", "不满足终止条件", "只有容缺受理后未在承诺日期前补齐材料的办件可以终止。");
        Status = CaseStatus.Terminated;
        ClosingReason = reason;
        CompletedAt = now;
        AddStep("终止", "return", actor, StepStart(now), now, reason);
    }

    public static string ProcedureName(string type) => type switch
    {
        "hearing" => "听证",
        "inspection" => "检验",
        "testing" => "检测",
        "quarantine" => "检疫",
        "appraisal" => "鉴定",
        "expertReview" => "专家评审",
        "publicNotice" => "公示",
        _ => "其他特别程序",
    };
}
