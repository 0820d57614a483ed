using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Organization;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Notifications;

/// <summary>
/// The stage SMS of a case (seed: 各环节均需要发送短信……短信中有咨询电话): what happened, the case
/// number, what to do next, and the consultation hotline. Queued in the caller's unit of work, so it
/// commits with the transition. The text comes from the event's template (<see cref="SmsTemplateCatalog"/>:
/// the admin's newest version, else the built-in zh-CN text).
/// </summary>
internal static class CaseMessages
{
    public const string Signature = "【泉港政务】";
    private const int MaxText = 900;

    public static async Task QueueAsync(TongbanDb db, Case c, string? previousStatusEvent, DateTimeOffset now, CancellationToken ct)
    {
        var text = await TextAsync(db, c, previousStatusEvent, ct);
        if (text is null) return;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Recipient = c.ApplicantMobile, Event = text.Value.Event, Text = Signature + text.Value.Body, CaseNumber = c.Number,
            CreatedAt = now, NextAttemptAt = now,
        });
    }

    /// <summary>补正提醒 for the case's open correction notice, due on <paramref name="dueDate"/> (an optional message: quiet hours and opt-out apply).</summary>
    public static async Task QueueSupplementReminderAsync(TongbanDb db, Case c, DateOnly dueDate, DateTimeOffset now, CancellationToken ct)
    {
        var text = await TextAsync(db, c, SupplementReminderScanner.Event, ct, dueDate);
        db.OutboxMessages.Add(new OutboxMessage
        {
            Recipient = c.ApplicantMobile, Event = SupplementReminderScanner.Event, Text = Signature + text!.Value.Body, CaseNumber = c.Number,
            CreatedAt = now, NextAttemptAt = now,
        });
    }

    /// <summary>The event a case is in after an action: its new status, or the extension that moved its dates.</summary>
    public static string EventFor(Case c, CaseAction? action) => action switch
    {
        CaseAction.Extend => "case.extended",
        CaseAction.Resume => "case.resumed",
        _ => "case." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()),
    };

    private static async Task<(string Event, string Body)?> TextAsync(TongbanDb db, Case c, string? eventName, CancellationToken ct, DateOnly? dueDate = null)
    {
        var template = eventName switch
        {
            "case.submitted" when c.CorrectionNotices.Count > 0 => "case.resubmitted",
            "case.completed" when c.DeliveryMethod == "express" => "case.completed.express",
            null => null,
            _ => eventName,
        };
        if (template is null || SmsTemplateCatalog.Find(template) is null) return null;
        var point = await ReferenceCache.PointAsync(db, c.ServicePointCode, ct);
        var hotline = (await ReferenceCache.DepartmentAsync(db, c.DepartmentCode, ct))?.Hotline ?? point?.Hotline ?? "12345";
        // A result waits at the point the applicant chose for pickup (受办分离), which need not be the one that received it.
        if (template == "case.completed" && ChooseResultDelivery.PickupPointOf(c) != c.ServicePointCode)
            point = await ReferenceCache.PointAsync(db, ChooseResultDelivery.PickupPointOf(c), ct) ?? point;
        static string D(DateOnly? d) => d?.ToString("M月d日", CultureInfo.InvariantCulture) ?? "";
        var values = new Dictionary<string, string?>
        {
            ["caseNumber"] = c.Number,
            ["item"] = c.ItemName.Length > 20 ? c.ItemName[..19] + "…" : c.ItemName,
            ["status"] = CaseTransitions.StatusName(c.Status),
            ["nextStep"] = NextStep(c.Status),
            ["dueDate"] = D(template == SupplementReminderScanner.Event ? dueDate ?? c.ToleranceCommitDueDate : c.PromisedDueDate),
            ["hotline"] = hotline,
            ["servicePoint"] = point?.Name,
            ["servicePointAddress"] = point?.Address,
            ["openingHours"] = point?.OpeningHours ?? "工作日办公时间",
            ["corrections"] = c.CorrectionNotices.Count == 0 ? "" : string.Join("、", c.CorrectionNotices.OrderBy(n => n.Sequence).Last().Items.Select(i => i.MaterialName)),
            ["acceptanceNumber"] = c.AcceptanceNumber,
            ["toleranceNote"] = c.ToleranceMissing.Count > 0 ? $"请于{D(c.ToleranceCommitDueDate)}前补齐容缺材料。" : "",
            ["reason"] = c.ClosingReason,
            ["pickupCode"] = c.PickupCode,
            ["trackingNote"] = c.TrackingNumber is null ? "" : $"，运单号{c.TrackingNumber}",
            ["queryCode"] = template == SmsTemplateCatalog.SubmittedEvent ? CaseQueryCode.For(c.Number) : null,
        };
        var body = await SmsTemplateCatalog.InForceAsync(db, template, ct);
        // A text saved before the query code existed still carries it: the first SMS is one of the two places it is given.
        if (template == SmsTemplateCatalog.SubmittedEvent && !body.Contains("{queryCode}", StringComparison.Ordinal))
            body = body.TrimEnd() + SmsTemplateCatalog.QueryCodeSentence;
        var text = SmsTemplateCatalog.Render(body, values);
        // Keep within the outbox column; the full list is on the notice.
        return (eventName!, text.Length > MaxText ? text[..(MaxText - 1)] + "…" : text);
    }

    /// <summary>What the applicant does or waits for next ({nextStep}).</summary>
    public static string NextStep(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "等待预审",
        CaseStatus.PreReviewing => "等待受理",
        CaseStatus.CorrectionRequested => "一次性补齐材料",
        CaseStatus.Accepted or CaseStatus.InReview => "等待审核结果",
        CaseStatus.Suspended => "等待特别程序结束",
        CaseStatus.Approved or CaseStatus.Rejected => "等待办结",
        CaseStatus.Completed => "领取办理结果",
        CaseStatus.Delivered => "评价本次服务",
        _ => "无需办理",
    };
}
