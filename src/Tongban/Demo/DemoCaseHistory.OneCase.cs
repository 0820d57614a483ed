using Tongban.Infrastructure.Security;
using System.Globalization;
using System.Text.Json;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;
using Tongban.Modules.Organization;
using Tongban.Modules.Validation;

namespace Tongban.Demo;

internal static partial class DemoCaseHistory
{
    /// <summary>One case's life, step by step through the case methods, at plausible times.</summary>
    internal sealed partial class Builder
    {

        private static readonly string[] CorrectionReasons = ["复印件不清晰，请重新提供", "缺少申请人签字", "材料已过有效期", "填写内容与身份证件信息不一致", "缺少单位盖章", "提供的材料非原件，需原件核验"];
        private static readonly string[] RefusalReasons = ["申请事项不属于本机关职权范围，请向有关行政机关申请", "申请人不具备申请资格", "申请事项依法不需要取得行政许可"];
        private static readonly string[] WithdrawReasons = ["申请人主动撤回申请", "申请人情况发生变化，申请撤回", "申请人改为线下另行申请"];
        private static readonly (string Type, string Reason, string Result)[] Procedures =
        [
            ("expertReview", "组织专家评审", "专家评审意见：同意"),
            ("testing", "委托检测机构检测", "检测报告合格"),
            ("inspection", "现场检验", "现场检验符合要求"),
            ("publicNotice", "依法公示", "公示期满无异议"),
            ("hearing", "依申请举行听证", "听证结束"),
        ];

        private sealed class CaseRun(Case c, DateTimeOffset now)
        {
            public Case Case { get; } = c;
            public List<(DateTimeOffset At, AuditEvent Event)> Audits { get; } = [];
            public DateTimeOffset Last { get; set; } = c.SubmittedAt;
            public bool Stopped { get; private set; }

            /// <summary>Carries out one action at <paramref name="at"/> if that is before now, with its audit entry as CaseCommand writes it.</summary>
            public bool Act(DateTimeOffset at, CaseAction action, Who who, Action<CaseActor, DateTimeOffset> apply)
            {
                if (Stopped) return false;
                if (at <= Last) at = Last.AddMinutes(1);
                if (at >= now)
                {
                    Stopped = true;
                    return false;
                }
                var before = Case.Status;
                var stepsBefore = Case.Steps.Count;
                apply(who.Actor, at);
                Audits.Add((at, AuditCaseChange.Entry(Case, action, before, stepsBefore, who.Audit)));
                Last = at;
                return true;
            }
        }

        public (Case Case, List<(DateTimeOffset At, AuditEvent Event)> Audits)? Run(Plan plan)
        {
            try
            {
                var run = Simulate(plan);
                ImportedRecordFlaw(run.Case, plan.Item);
                // Live cases get this from supervision's case-change handler: the watcher looks at each history case once.
                run.Case.NextCheckAt = run.Case.UpdatedAt;
                return (run.Case, run.Audits);
            }
            catch (DomainRuleException)
            {
                // A plan the rules refuse is dropped (its number stays a gap); the history stays consistent.
                return null;
            }
        }

        // Real districts carry cases imported from the old system (存量导入) whose records break the process, and the
        // supervision board shows them (seed: 材料缺失、环节错乱、时限超过). A few open cases get such a record, found by
        // the watcher like any other: a required material registered a day after acceptance (SV08), a step stamped
        // hours before the one before it (SV09). Overdue cases (SV02, SV03) come from the plan itself.
        private int _materialRegisteredLateLeft = 2;
        private int _stepStampedEarlyLeft = 2;

        private void ImportedRecordFlaw(Case c, ServiceItemVersion item)
        {
            if (c.Status is not (CaseStatus.Accepted or CaseStatus.InReview) || c.AcceptedAt is not { } accepted) return;
            if (_materialRegisteredLateLeft >= _stepStampedEarlyLeft && _materialRegisteredLateLeft > 0)
            {
                var required = item.Materials.Where(m => m.Necessity == Necessity.Required).Select(m => m.Code).ToHashSet();
                var material = c.Materials.FirstOrDefault(m => required.Contains(m.RequirementCode) && m.ReplacedAt is null && m.AnswersNotice is null);
                var registered = accepted.AddDays(1);
                if (material is null || registered >= _now) return;
                c.Materials.Remove(material);
                c.Materials.Add(new CaseMaterial { RequirementCode = material.RequirementCode, Name = material.Name, SubmittedAt = registered });
                _materialRegisteredLateLeft--;
            }
            else if (_stepStampedEarlyLeft > 0)
            {
                var steps = c.Steps.OrderBy(x => x.Sequence).ToList();
                if (steps.Count < 3) return;
                var step = steps[^1];
                var before = steps[^2];
                var stamped = (before.EndedAt ?? before.StartedAt).AddHours(-3);
                c.Steps.Remove(step);
                c.Steps.Add(new CaseStep
                {
                    Sequence = step.Sequence, Name = step.Name, Action = step.Action, HandlerName = step.HandlerName, HandlerStaffId = step.HandlerStaffId,
                    Opinion = step.Opinion, OrganizationCode = step.OrganizationCode, StartedAt = stamped, EndedAt = stamped,
                });
                _stepStampedEarlyLeft--;
            }
        }

        private CaseRun Simulate(Plan plan)
        {
            var item = plan.Item;
            var requirements = item.Materials.ToDictionary(m => m.Code);
            var a = plan.Applicant;
            var clerk = _clerks[plan.ServicePointCode];
            var (reviewer, approver) = _handlers[item.DepartmentCode];
            var applicant = new Who(new CaseActor(a.Kind == ApplicantKind.Person ? a.Name : a.ContactName!, null, plan.ServicePointCode),
                new AuditActor(AuditActor.CitizenKind, a.Kind == ApplicantKind.Person ? ResidentIdNumber.Mask(a.IdNumber) : a.IdNumber, a.Kind == ApplicantKind.Person ? a.Name : a.ContactName!, null, null, null));
            // The applicant acts online themselves; at a window or kiosk the clerk does it for them.
            var forApplicant = plan.Channel is ApplicationChannel.Online or ApplicationChannel.Mobile ? applicant : clerk;

            var tolerable = item.ToleranceAllowed ? item.Materials.Where(m => m.Necessity == Necessity.Tolerable).Select(m => m.Code).ToList() : [];
            var useTolerance = tolerable.Count > 0 && item.CaseKind == CaseKind.Promised && Chance(0.35);
            var submittedAt = plan.SubmittedAt;
            var receiver = plan.Channel switch
            {
                ApplicationChannel.Window => clerk,
                ApplicationChannel.Kiosk => new Who(new CaseActor(plan.Kiosk!.Name, null, plan.ServicePointCode),
                    new AuditActor(AuditActor.KioskKind, plan.Kiosk.Code, plan.Kiosk.Name, null, null, null)),
                _ => applicant,
            };
            var c = Case.File(new CaseFiling(plan.Number, item, plan.Channel, new CaseApplicant(a.Kind, a.Name, a.IdNumber, a.Mobile, a.ContactName),
                plan.ServicePointCode, receiver.Actor, submittedAt)
            {
                WindowCode = plan.WindowCode, KioskCode = plan.Kiosk?.Code,
                SubmittedByStaffId = plan.Channel == ApplicationChannel.Window ? clerk.Actor.StaffId : null,
                FormJson = """{"source":"demo-history"}""",
            }, _calendar);
            foreach (var m in item.Materials)
            {
                var bring = m.Necessity == Necessity.Required || (m.Necessity == Necessity.Tolerable && !useTolerance) || (m.Necessity == Necessity.Optional && Chance(0.2));
                if (bring) c.Materials.Add(new CaseMaterial { RequirementCode = m.Code, Name = m.Name, SubmittedAt = submittedAt });
            }
            var run = new CaseRun(c, _now);
            run.Audits.Add((submittedAt, AuditCaseChange.Entry(c, null, null, 0, receiver.Audit)));

            var atWindow = plan.Channel == ApplicationChannel.Window;
            // Pre-review: at the window in the same sitting; online and kiosk applications within about two working days.
            var t = atWindow ? submittedAt.AddMinutes(Between(3, 12)) : Work(submittedAt, Between(20, 700));
            var recent = _today.DayNumber - ChinaTime.DateOf(submittedAt).DayNumber <= 21;

            // 一次性告知 and 补正 (about one case in ten).
            if (Chance(0.10))
            {
                var deficient = c.Materials.Where(m => requirements[m.RequirementCode].Necessity == Necessity.Required).Select(m => m.RequirementCode).ToList();
                if (deficient.Count > 0)
                {
                    _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deficient));
                    var asked = deficient.Take(Chance(0.7) ? 1 : 2).Select(code => new CorrectionRequest(code, Pick(CorrectionReasons))).ToList();
                    if (!run.Act(t, CaseAction.PreReview, clerk, (who, at) => c.RequestCorrection(who, at, asked, requirements))) return run;
                    t = Work(t, Between(120, 1600));
                    if (Chance(0.04))
                    {
                        run.Act(t, CaseAction.Withdraw, forApplicant, (who, at) => c.Withdraw(who, at, Pick(WithdrawReasons)));
                        return run;
                    }
                    if (!run.Act(t, CaseAction.Supplement, forApplicant, (who, at) => c.Supplement(who, at, [.. asked.Select(x => new SuppliedMaterial(x.RequirementCode))], requirements))) return run;
                    t = atWindow ? t.AddMinutes(Between(3, 10)) : Work(t, Between(20, 400));
                }
            }

            if (Chance(0.015))
            {
                run.Act(t, CaseAction.Refuse, clerk, (who, at) => c.Refuse(who, at, Pick(RefusalReasons)));
                return run;
            }

            var delivery = item.Channels.HasFlag(Channels.Express) && (plan.Channel != ApplicationChannel.Window ? Chance(0.45) : Chance(0.15)) ? "express" : "pickup";
            if (c.IsImmediate)
            {
                // 即办件: at the window accepted, reviewed and completed in one sitting; online ones after a pre-review.
                if (!atWindow && !run.Act(t, CaseAction.PreReview, clerk, (who, at) => c.PreReviewPass(who, at, null))) return run;
                t = atWindow ? t.AddMinutes(Between(2, 15)) : Work(t, Between(10, 240));
                if (!Complete(run, t, clerk, item, delivery)) return run;
                Deliver(run, atWindow && delivery == "pickup" ? run.Last.AddMinutes(Between(1, 5)) : Work(run.Last, Between(60, 2000)), delivery == "pickup" ? clerk : reviewer);
                return run;
            }

            if (c.Status == CaseStatus.Submitted && !run.Act(t, CaseAction.PreReview, clerk, (who, at) => c.PreReviewPass(who, at, null))) return run;
            t = atWindow ? t.AddMinutes(Between(3, 20)) : Work(t, Between(30, 500));
            if (Chance(0.01))
            {
                run.Act(t, CaseAction.Withdraw, forApplicant, (who, at) => c.Withdraw(who, at, Pick(WithdrawReasons)));
                return run;
            }

            // 受理, with 容缺 when the applicant came without the tolerable material.
            ToleranceRequest? tolerance = null;
            var acceptDay = ChinaTime.DateOf(t > run.Last ? t : run.Last.AddMinutes(1));
            if (useTolerance)
                tolerance = new ToleranceRequest(tolerable, _calendar.AddWorkingDays(_calendar.IsWorkingDay(acceptDay) ? acceptDay : NextWorkingDay(acceptDay), Math.Min(3, c.PromisedLimitDays)));
            if (!run.Act(t, CaseAction.Accept, clerk, (who, at) => c.Accept(who, at, _calendar, item, tolerance, null))) return run;
            var accepted = run.Last;
            var limit = c.PromisedLimitDays;

            // The plan in working days after acceptance: k = when it is completed.
            var late = Chance(recent ? 0.2 : 0.07);
            var extend = !late && limit >= 5 && Chance(0.025);
            // Recent cases often run to the last day (so today's queues hold cases due today).
            var lastDay = recent && Chance(0.3);
            var k = late ? limit + Between(1, 4) : extend ? limit + Between(2, 8) : lastDay ? limit : 1 + (int)(Math.Pow(_random.NextDouble(), 1.3) * (limit - 1));
            var reviewOffset = (int)Math.Round(k * (0.15 + 0.45 * _random.NextDouble()));
            var shift = 0;

            if (tolerance is not null)
            {
                var commit = tolerance.CommitDueDate;
                if (_terminationsLeft > 0 && commit.DayNumber < _today.DayNumber - 20)
                {
                    // 容缺 not kept: the handling department ends the case the working day after the commitment date.
                    _terminationsLeft--;
                    run.Act(AtWorkMinute(NextWorkingDay(commit), Between(0, 200)), CaseAction.Terminate, reviewer,
                        (who, at) => c.Terminate(who, at, "容缺受理后未在承诺期限内补齐材料，依承诺终止办理"));
                    return run;
                }
                var byDay = Between(0, Math.Max(0, _calendar.CountWorkingDays(acceptDay.AddDays(1), commit)));
                if (!run.Act(OnWorkingDay(acceptDay, byDay, accepted), CaseAction.Supplement, forApplicant,
                    (who, at) => c.Supplement(who, at, [.. tolerable.Select(code => new SuppliedMaterial(code))], requirements))) return run;
            }

            // 特别程序 (§45) before the review decision: the clock stops, and the plan moves by the days it took.
            if (Chance(0.04))
            {
                var (type, reason, result) = Pick(Procedures);
                var days = Between(2, 8);
                if (!run.Act(OnWorkingDay(acceptDay, Math.Max(0, reviewOffset - 1), run.Last), CaseAction.Suspend, reviewer, (who, at) => c.Suspend(who, at, _calendar, type, reason))) return run;
                if (!run.Act(OnWorkingDay(ChinaTime.DateOf(run.Last), days, run.Last), CaseAction.Resume, reviewer, (who, at) => c.Resume(who, at, _calendar, result))) return run;
                shift += days;
            }

            var reject = Chance(recent ? 0.15 : 0.03);
            var steps = c.ReviewSteps.Count;
            var decisions = new List<int>();
            for (var i = 0; i < steps; i++)
                decisions.Add(i == 0 ? reviewOffset : Math.Max(decisions[^1], reviewOffset + (int)Math.Round((k - reviewOffset) * (0.3 + 0.5 * _random.NextDouble()))));
            var returnOnce = steps > 1 && Chance(0.04);
            for (var i = 0; i < steps; i++)
            {
                var who = c.ReviewSteps[i] == ProcessStep.Approve ? approver : reviewer;
                if (extend && i == steps - 1)
                {
                    // 延长: the approver adds 10 working days before the original due date.
                    var day = _calendar.AddWorkingDays(acceptDay, Math.Max(0, limit + shift - 2));
                    if (!run.Act(OnWorkingDay(day, 0, run.Last), CaseAction.Extend, approver,
                        (w, at) => c.Extend(w, at, _calendar, 10, "案情复杂，需进一步核查，经批准延长办理时限"))) return run;
                }
                var last = i == steps - 1;
                var opinion = c.ReviewSteps[i] == ProcessStep.Approve ? "同意，准予许可" : "材料齐全，符合法定条件，同意";
                if (!run.Act(OnWorkingDay(acceptDay, decisions[i] + shift, run.Last), CaseAction.Review, who,
                    (w, at) => c.Review(w, at, last && reject ? "reject" : "approve", last && reject ? "经审查不符合法定条件，不予许可" : opinion))) return run;
                if (returnOnce && i == 0)
                {
                    // The approver sends it back once; the reviewer looks again.
                    if (!run.Act(OnWorkingDay(ChinaTime.DateOf(run.Last), 1, run.Last), CaseAction.Review, approver, (w, at) => c.Review(w, at, "return", "请补充核查申请人提交材料的真实性"))) return run;
                    if (!run.Act(OnWorkingDay(ChinaTime.DateOf(run.Last), 1, run.Last), CaseAction.Review, reviewer, (w, at) => c.Review(w, at, "approve", "已补充核查，材料真实有效，同意"))) return run;
                    shift += 2;
                }
            }

            var completeAt = OnWorkingDay(acceptDay, Math.Max(k + shift, decisions.Count == 0 ? 0 : decisions[^1] + shift), run.Last);
            if (completeAt <= run.Last.AddMinutes(20)) completeAt = Work(run.Last, Between(20, 120));
            // A 不予 decision letter takes a few working days to draft and sign.
            if (reject) completeAt = Work(run.Last, Between(390, 1500));
            if (!Complete(run, completeAt, Chance(0.5) ? reviewer : clerk, item, delivery)) return run;
            if (Chance(0.01)) return run; // never collected (yet)
            Deliver(run, delivery == "pickup" ? Work(run.Last, Between(60, 2400)) : Work(run.Last, Between(30, 400)), delivery == "pickup" ? clerk : reviewer);
            return run;
        }

        private bool Complete(CaseRun run, DateTimeOffset at, Who who, ServiceItemVersion item, string delivery)
        {
            var c = run.Case;
            var pickupCode = _random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var tracking = delivery == "express" ? "SF" + _random.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture) : null;
            var year = ChinaTime.ToChina(at).Year;
            var document = c.IsImmediate ? null : string.Create(CultureInfo.InvariantCulture, $"泉港{c.DepartmentCode}〔{year}〕{++_documentSerial:D5}号");
            return run.Act(at, CaseAction.Complete, who, (w, t) => c.Complete(w, t, _calendar, item, delivery, tracking, document, pickupCode));
        }

        private static void Deliver(CaseRun run, DateTimeOffset at, Who who)
        {
            var c = run.Case;
            run.Act(at, CaseAction.Deliver, who, (w, t) => c.Deliver(w, t, c.PickupCode, c.TrackingNumber));
        }
    }
}
