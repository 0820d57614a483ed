using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>One saved version (2, 3, …) of an SMS template; version 1 of each is the built-in text in <see cref="SmsTemplateCatalog"/>.</summary>
internal sealed class SmsTemplate
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public int Version { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
}

/// <summary>A template's definition: its code, what it is for, its built-in text (version 1), and whether it is a stage message (case number and hotline required).</summary>
internal sealed record SmsTemplateDefinition(string Code, string Name, string BuiltIn, bool Stage);

/// <summary>
/// The SMS templates per event, zh-CN. Placeholders are {name}; each is filled from the case (or the event) when
/// the message is queued. Version 1 is the built-in text below; admins save later versions (the newest is used).
/// The signature 【…】 is added by the sender, not the template.
/// </summary>
internal static partial class SmsTemplateCatalog
{
    /// <summary>Every placeholder a template may use, with the sample value used to count an edited template's length.</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>
    {
        ["caseNumber"] = "350505-2026-000123", ["item"] = "个体工商户设立登记", ["status"] = "已受理", ["nextStep"] = "等待审核",
        ["dueDate"] = "3月16日", ["hotline"] = "0595-87781100", ["servicePoint"] = "泉港区行政服务中心", ["servicePointAddress"] = "泉港区山腰街道驿峰路1号",
        ["openingHours"] = "周一至周五 8:30-12:00，14:30-17:30", ["corrections"] = "身份证复印件、营业执照", ["acceptanceNumber"] = "SL350505202600123",
        ["toleranceNote"] = "请于3月20日前补齐容缺材料。", ["reason"] = "不属于本机关职权范围", ["pickupCode"] = "482913", ["trackingNote"] = "，运单号SF1234567890",
        ["code"] = "482913", ["minutes"] = "5", ["time"] = "3月2日10:15", ["windowNote"] = "（3号窗口）",
        ["appointmentNumber"] = "YY260303K7M2QX", ["slot"] = "3月3日（周二）09:00-09:30", ["queryCode"] = "K7M2QX",
        ["consultationNumber"] = "ZX261207K7M2QX", ["department"] = "泉港区市场监督管理局", ["answer"] = "个体工商户设立登记可在网上办理，无需到现场，一般1个工作日内办结。",
        ["complaintNumber"] = "TS261207K7M2QX", ["kindName"] = "投诉", ["reply"] = "经核实，窗口已调整午间值班安排，感谢您的监督。",
        ["feedbackLink"] = "https://zwfw.example.gov.cn/feedback/TS261207K7M2QX?t=Ab3dE",
    };

    private const string Hotline = "咨询电话{hotline}。";

    /// <summary>The first SMS of a case: the only message that carries its query code.</summary>
    public const string SubmittedEvent = "case.submitted";

    /// <summary>What the first SMS says about the query code when an admin's saved text (from before the code existed) leaves it out.</summary>
    public const string QueryCodeSentence = "查询码{queryCode}。";

    public static readonly IReadOnlyList<SmsTemplateDefinition> All =
    [
        new(SubmittedEvent, "申请已收到", "您申请的“{item}”已收到，办件编号{caseNumber}，查询码{queryCode}（可在网上“办件查询”查看进度）。我们将尽快预审，结果短信告知。" + Hotline, true),
        new("case.resubmitted", "补正材料已收到", "办件{caseNumber}的补正材料已收到，我们将尽快重新预审。" + Hotline, true),
        new("case.preReviewing", "预审通过", "办件{caseNumber}预审通过，待正式受理。" + Hotline, true),
        new("case.correctionRequested", "一次性告知补正", "办件{caseNumber}需补正材料：{corrections}。请一次性补齐后到{servicePoint}或网上补正。" + Hotline, true),
        new("case.accepted", "已受理", "办件{caseNumber}已受理（{acceptanceNumber}），承诺{dueDate}前办结。{toleranceNote}" + Hotline, true),
        new("case.notAccepted", "不予受理", "办件{caseNumber}不予受理，原因：{reason}。" + Hotline, true),
        new("case.inReview", "进入审核", "办件{caseNumber}已进入审核环节。" + Hotline, true),
        new("case.suspended", "特别程序（暂停计时）", "办件{caseNumber}进入特别程序，期间不计入办理时限，结束后短信告知。" + Hotline, true),
        new("case.resumed", "恢复计时", "办件{caseNumber}特别程序已结束，恢复计时，现承诺{dueDate}前办结。" + Hotline, true),
        new("case.extended", "延长时限", "办件{caseNumber}经批准延长办理时限，现承诺{dueDate}前办结。" + Hotline, true),
        new("case.approved", "审批通过", "办件{caseNumber}审批通过（准予），正在办结。" + Hotline, true),
        new("case.rejected", "不予许可", "办件{caseNumber}审核结果为不予许可，办结后可领取决定书。" + Hotline, true),
        new("case.completed", "办结（窗口领取）", "办件{caseNumber}已办结，请凭取件码{pickupCode}到{servicePoint}领取结果（{openingHours}）。" + Hotline, true),
        new("case.completed.express", "办结（快递送达）", "办件{caseNumber}已办结，结果将快递寄出{trackingNote}。" + Hotline, true),
        new("case.delivered", "结果已送达", "办件{caseNumber}的办理结果已送达，欢迎评价本次服务。" + Hotline, true),
        new("case.withdrawn", "已撤回", "办件{caseNumber}已按您的申请撤回。" + Hotline, true),
        new("case.terminated", "终止办理", "办件{caseNumber}因未按承诺补齐材料已终止办理。" + Hotline, true),
        new("case.supplementReminder", "补正材料提醒", "办件{caseNumber}尚需补正材料：{corrections}，请于{dueDate}前补齐，可到{servicePoint}或网上补正。" + Hotline, true),
        new(PersonalMessages.LoginCodeEvent, "登录验证码", "您的登录验证码为{code}，{minutes}分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。", false),
        new(PersonalMessages.ConsultationCodeEvent, "咨询验证码", "您正在提交网上咨询，咨询验证码为{code}，{minutes}分钟内有效。如非本人操作请忽略。", false),
        new(PersonalMessages.ComplaintCodeEvent, "投诉建议验证码", "您正在提交投诉建议，验证码为{code}，{minutes}分钟内有效。如非本人操作请忽略。", false),
        new(PersonalMessages.AppointmentBookedEvent, "预约成功", "您已预约{slot}到{servicePoint}办理“{item}”，预约号{appointmentNumber}。请按时到场取号，如不能前往请提前取消。地址：{servicePointAddress}。", false),
        new(PersonalMessages.AppointmentReminderEvent, "预约提醒（前一天下午）", "提醒：您预约了明天{slot}在{servicePoint}办理“{item}”，预约号{appointmentNumber}。请带齐材料按时到场；不能前往请取消预约。", false),
        new(PersonalMessages.AppointmentCancelledEvent, "预约已取消", "您{slot}在{servicePoint}办理“{item}”的预约（{appointmentNumber}）已取消。", false),
        new(PersonalMessages.ConsultationAnsweredEvent, "网上咨询已答复", "您的网上咨询{consultationNumber}已由{department}答复：{answer}咨询电话{hotline}。", false),
        new(PersonalMessages.ComplaintRepliedEvent, "投诉建议已答复", "您的{kindName}{complaintNumber}已由{department}答复：{reply}问题是否解决？请点击{feedbackLink}告诉我们。", false),
        new(PersonalMessages.LibraryOpenedEvent, "材料库调阅通知", "您的办事材料库于{time}在{servicePoint}{windowNote}被工作人员调阅，用于为您办理业务。如非本人在办理，请致电{hotline}。", false),
    ];

    private static readonly Dictionary<string, SmsTemplateDefinition> ByCode = All.ToDictionary(d => d.Code);

    public static SmsTemplateDefinition? Find(string code) => ByCode.GetValueOrDefault(code);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>Fills each {name}; an unknown or missing value becomes empty (a template is checked when saved).</summary>
    public static string Render(string body, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(body, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : "");

    /// <summary>The placeholders a body uses.</summary>
    public static IEnumerable<string> Used(string body) => Placeholder().Matches(body).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>Problems of an edited body, in Chinese, for the admin.</summary>
    public static IEnumerable<string> Check(SmsTemplateDefinition definition, string body)
    {
        if (string.IsNullOrWhiteSpace(body)) yield return "模板内容不能为空";
        foreach (var name in Used(body).Where(n => !Placeholders.ContainsKey(n))) yield return $"未知的占位符 {{{name}}}";
        if (body.Contains('【') || body.Contains('】')) yield return "签名【…】由系统添加，模板中不要包含";
        if (definition.Stage)
        {
            // The seed: every stage SMS carries the case number and the consultation hotline.
            if (!body.Contains("{caseNumber}", StringComparison.Ordinal)) yield return "环节短信必须包含办件编号 {caseNumber}";
            if (!body.Contains("{hotline}", StringComparison.Ordinal)) yield return "环节短信必须包含咨询电话 {hotline}";
        }
        if (PersonalMessages.IsCodeEvent(definition.Code) && !body.Contains("{code}", StringComparison.Ordinal)) yield return "验证码短信必须包含 {code}";
        if (definition.Code == SubmittedEvent && !body.Contains("{queryCode}", StringComparison.Ordinal)) yield return "申请已收到短信必须包含查询码 {queryCode}";
        if (definition.Code != SubmittedEvent && body.Contains("{queryCode}", StringComparison.Ordinal)) yield return "查询码 {queryCode} 只能出现在“申请已收到”短信中";
        if (body.Length > 500) yield return "模板不能超过 500 个字符";
    }

    /// <summary>The text as sent with the sample values, the signature included: what the admin's length count is about.</summary>
    public static string Sample(string body) => CaseMessages.Signature + Render(body, Placeholders.ToDictionary(p => p.Key, p => (string?)p.Value));

    /// <summary>
    /// The body to send: the newest saved version, else the built-in one, from <see cref="SavedSmsTemplates"/> (a template saved on
    /// this node applies at once, one saved on another node within <see cref="SavedSmsTemplates.MaxAge"/>).
    /// </summary>
    public static async Task<string> InForceAsync(TongbanDb db, string code, CancellationToken ct) =>
        await SavedSmsTemplates.FindAsync(db, code, ct) is { } saved ? saved.Body
            : Find(code)?.BuiltIn ?? throw new InvalidOperationException($"no SMS template {code}");

    /// <summary>The body in force read from the database: the newest saved version, else the built-in one (the admin numbers the next version from it).</summary>
    public static async Task<(string Body, int Version)> CurrentAsync(TongbanDb db, string code, CancellationToken ct)
    {
        var saved = await db.SmsTemplates.AsNoTracking().Where(t => t.Code == code).OrderByDescending(t => t.Version)
            .Select(t => new { t.Body, t.Version }).FirstOrDefaultAsync(ct);
        if (saved is not null) return (saved.Body, saved.Version);
        return (Find(code)?.BuiltIn ?? throw new InvalidOperationException($"no SMS template {code}"), 1);
    }
}
