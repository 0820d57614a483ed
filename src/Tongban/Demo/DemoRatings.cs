using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Evaluation;
using Tongban.Modules.Validation;

namespace Tongban.Demo;

/// <summary>
/// 好差评 for the demo history: about two in three finished cases are rated within a few days of their outcome,
/// mostly 非常满意/满意 (real centers report 满意率 above 99 %, we show a little less so the bad-reason chart has
/// something in it); late, refused or corrected cases are rated worse, with reasons that fit them. Its own seeded
/// <see cref="Random"/>: adding ratings leaves the rest of the history exactly as it was.
/// </summary>
internal sealed class DemoRatings(DateTimeOffset now)
{
    private readonly Random _random = new(DemoCaseHistory.Seed + 51); // 国办发〔2019〕51号

    private static readonly string[] Comments = ["希望进一步缩短等候时间", "窗口人员解释不够耐心", "网上申报页面不好找", "要求提交的材料之前已经交过", "办理时间比承诺的长"];

    /// <summary>The evaluation of a case just built (and its audit entry), or null when it is not (yet) rated.</summary>
    public (CaseEvaluation Evaluation, DateTimeOffset At, AuditEvent Audit)? Rate(Case c)
    {
        if (!EvaluationRules.CanEvaluate(c.Status) || c.CompletedAt is not { } closed) return null;
        if (_random.NextDouble() >= 0.65) return null;
        var at = closed.AddMinutes(_random.Next(5, 60 * 72));
        if (at >= now) return null;

        var late = c.PromisedDueDate is { } due && ChinaTime.DateOf(closed) > due;
        var refused = c.Status == CaseStatus.NotAccepted || c.Decision == "reject";
        var corrected = c.CorrectionNotices.Count > 0;
        // Chance of a bad rating (1–2), and of a middling one (3), by what the applicant went through.
        var bad = late ? 0.25 : refused ? 0.20 : corrected ? 0.06 : 0.012;
        var middling = late || refused ? 0.20 : 0.04;
        var x = _random.NextDouble();
        var level = x < bad ? (_random.NextDouble() < 0.35 ? 1 : 2) : x < bad + middling ? 3 : _random.NextDouble() < 0.82 ? 5 : 4;

        var channel = c.Channel switch
        {
            ApplicationChannel.Online => EvaluationChannel.Online,
            ApplicationChannel.Mobile => EvaluationChannel.Mobile,
            ApplicationChannel.Kiosk => _random.NextDouble() < 0.5 ? EvaluationChannel.Kiosk : EvaluationChannel.Sms,
            _ => _random.NextDouble() < 0.45 ? EvaluationChannel.WindowPad : EvaluationChannel.Sms,
        };
        var reasons = new List<BadRatingReason>();
        string? comment = null;
        // An SMS reply is a digit: no reasons. Every other channel asks for them on a bad rating.
        if (EvaluationRules.IsBad(level) && channel != EvaluationChannel.Sms)
        {
            var likely = new List<BadRatingReason>();
            if (late) likely.Add(BadRatingReason.Overdue);
            if (corrected) likely.AddRange([BadRatingReason.MultipleVisits, BadRatingReason.DuplicateMaterials]);
            if (refused) likely.Add(BadRatingReason.GuideUnclear);
            likely.AddRange(c.Channel is ApplicationChannel.Window or ApplicationChannel.Kiosk
                ? [BadRatingReason.LongWait, BadRatingReason.PoorAttitude, BadRatingReason.Unprofessional]
                : [BadRatingReason.HardToUse, BadRatingReason.GuideUnclear]);
            reasons.Add(likely[_random.Next(likely.Count)]);
            if (_random.NextDouble() < 0.3) reasons.Add(likely[_random.Next(likely.Count)]);
            if (_random.NextDouble() < 0.08) reasons.Add(BadRatingReason.Other);
            if (reasons.Contains(BadRatingReason.Other) || _random.NextDouble() < 0.4) comment = Comments[_random.Next(Comments.Length)];
        }
        var evaluation = new CaseEvaluation
        {
            Case = c, CaseNumber = c.Number, Level = level, Channel = channel, EvaluatedAt = at,
            EvaluatorIndex = PersonalData.BlindIndex(channel == EvaluationChannel.Sms ? c.ApplicantMobile : c.ApplicantIdNumber),
            Comment = comment, Reasons = [.. reasons.Distinct().Select(r => new CaseEvaluationReason { Reason = r })],
            DepartmentCode = c.DepartmentCode, ServicePointCode = c.ServicePointCode, ItemCode = c.ItemCode, CaseChannel = c.Channel,
            DeskCode = c.WindowCode ?? c.KioskCode ?? "",
        };
        var who = new AuditActor(AuditActor.CitizenKind, channel == EvaluationChannel.Sms ? MobileNumber.Mask(c.ApplicantMobile) : ResidentIdNumber.Mask(c.ApplicantIdNumber),
            PersonName.Mask(c.ApplicantName), null, null, channel.ToString().ToLowerInvariant());
        return (evaluation, at, new AuditEvent(AuditStreams.Case(c.Number), who, "case.evaluate", c.Number, Evaluations.Summary(evaluation)));
    }
}
