using Tongban.Modules.Cases;

namespace Tongban.Modules.Evaluation;

/// <summary>Where an evaluation (好差评) was given (anchors §2.4: 政务服务网, APP, 自助终端, 窗口评价器, 短信评价).</summary>
internal enum EvaluationChannel
{
    /// <summary>A 1–5 reply to the completion SMS (短信评价).</summary>
    Sms,
    /// <summary>The portal on a computer (政务服务网).</summary>
    Online,
    /// <summary>The portal on a phone (移动端).</summary>
    Mobile,
    /// <summary>A 24-hour self-service kiosk (自助终端).</summary>
    Kiosk,
    /// <summary>The evaluation pad on the window counter (窗口评价器).</summary>
    WindowPad,
}

/// <summary>
/// Why a rating was bad (差评原因): a fixed list, so figures add up across channels and years. Drawn from the
/// national question sets (办事效率, 办事指南精确度, 办事便捷度, 平台操作性 online; 服务效率, 服务水平, 服务态度
/// offline; anchors §2.4) and the usual complaints. Stored by name: append, never rename.
/// </summary>
internal enum BadRatingReason
{
    /// <summary>办事指南不清晰</summary>
    GuideUnclear,
    /// <summary>等候时间长</summary>
    LongWait,
    /// <summary>服务态度差</summary>
    PoorAttitude,
    /// <summary>多次跑动</summary>
    MultipleVisits,
    /// <summary>超时办结</summary>
    Overdue,
    /// <summary>材料要求重复</summary>
    DuplicateMaterials,
    /// <summary>业务不熟练（服务水平）</summary>
    Unprofessional,
    /// <summary>系统操作不便（平台操作性）</summary>
    HardToUse,
    /// <summary>其他 (the comment then says what).</summary>
    Other,
}

/// <summary>
/// 好差评 of one case: one per case (网上服务"一事一评"; a unique index on the case enforces it). Levels
/// 5 非常满意 … 1 非常不满意; 1–2 are 差评 and carry their reasons. The case's statistics dimensions are
/// copied in (a case's department, point, item, channel and desk never change after submission), so the daily
/// counters move with the evaluation alone (<see cref="Analytics.CaseStatistics"/>) and the bad-reason figures
/// are one indexed read of this table. The rectification loop (差评整改, a later issue) will hang its ticket
/// off <see cref="Id"/>: the ticket names whom it is for (谁办理谁负责: department, desk) from these columns.
/// </summary>
internal sealed class CaseEvaluation
{
    public long Id { get; init; }
    public long CaseId { get; init; }
    /// <summary>Only for inserting an evaluation together with a new case (demo history); never loaded.</summary>
    public Case? Case { get; init; }
    public required string CaseNumber { get; init; }
    public int Level { get; set; }
    public EvaluationChannel Channel { get; init; }
    public DateTimeOffset EvaluatedAt { get; set; }
    /// <summary>
    /// Blind index of who evaluated (never the plaintext): the ID number of a logged-in citizen, the mobile number of an
    /// SMS reply. A later SMS reply from the same number corrects an SMS rating; nobody else can.
    /// </summary>
    public required string EvaluatorIndex { get; init; }
    /// <summary>The citizen account, when evaluated through the portal.</summary>
    public int? EvaluatorCitizenId { get; init; }
    public string? Comment { get; init; }
    public List<CaseEvaluationReason> Reasons { get; init; } = [];

    // The case's statistics dimensions (see the summary).
    public required string DepartmentCode { get; init; }
    public required string ServicePointCode { get; init; }
    public required string ItemCode { get; init; }
    public ApplicationChannel CaseChannel { get; init; }
    /// <summary>The window or kiosk that received the case; "" for online and mobile (as in the daily counters).</summary>
    public string DeskCode { get; init; } = "";

    public bool IsBad => EvaluationRules.IsBad(Level);
}

/// <summary>One reason given for a bad rating.</summary>
internal sealed class CaseEvaluationReason
{
    public long Id { get; init; }
    public long EvaluationId { get; init; }
    public BadRatingReason Reason { get; init; }
}

internal static class EvaluationRules
{
    public const int MaxComment = 500;

    /// <summary>Levels 1–2 (不满意, 非常不满意) are 差评; 4–5 count as satisfied (满意率).</summary>
    public static bool IsBad(int level) => level is 1 or 2;

    public static bool IsSatisfied(int level) => level is 4 or 5;

    public static string LevelName(int level) => level switch
    {
        5 => "非常满意", 4 => "满意", 3 => "基本满意", 2 => "不满意", 1 => "非常不满意", _ => "",
    };

    public static string ReasonName(BadRatingReason reason) => reason switch
    {
        BadRatingReason.GuideUnclear => "办事指南不清晰",
        BadRatingReason.LongWait => "等候时间长",
        BadRatingReason.PoorAttitude => "服务态度差",
        BadRatingReason.MultipleVisits => "多次跑动",
        BadRatingReason.Overdue => "超时办结",
        BadRatingReason.DuplicateMaterials => "材料要求重复",
        BadRatingReason.Unprofessional => "业务不熟练",
        BadRatingReason.HardToUse => "系统操作不便",
        _ => "其他",
    };

    /// <summary>A case can be rated once its outcome is known: 办结 (准予 or 不予), delivered, or not accepted (不予受理).</summary>
    public static bool CanEvaluate(CaseStatus status) => status is CaseStatus.Completed or CaseStatus.Delivered or CaseStatus.NotAccepted;
}
