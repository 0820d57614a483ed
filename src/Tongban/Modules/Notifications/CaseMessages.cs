using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Notifications;

/// <summary>
/// The stage SMS of a case (seed: 各环节均需要发送短信……短信中有咨询电话): what happened, the case
/// number, what to do next, and the consultation hotline. Queued in the caller's unit of work, so it
/// commits with the transition. Templates editable by admins, quiet hours and the real gateway come
/// with the SMS issue; these are the built-in zh-CN texts.
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

    /// <summary>The event a case is in after an action: its new status, or the extension that moved its dates.</summary>
    public static string EventFor(Case c, CaseAction? action) => action switch
    {
        CaseAction.Extend => "case.extended",
        CaseAction.Resume => "case.resumed",
        _ => "case." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()),
    };

    private static async Task<(string Event, string Body)?> TextAsync(TongbanDb db, Case c, string? eventName, CancellationToken ct)
    {
        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == c.ServicePointCode)
            .Select(p => new { p.Name, p.Address, p.OpeningHours, p.Hotline }).FirstOrDefaultAsync(ct);
        var hotline = await db.Departments.AsNoTracking().Where(d => d.Code == c.DepartmentCode).Select(d => d.Hotline).FirstOrDefaultAsync(ct)
            ?? point?.Hotline ?? "12345";
        var no = c.Number;
        var item = c.ItemName.Length > 20 ? c.ItemName[..19] + "…" : c.ItemName;
        static string D(DateOnly? d) => d?.ToString("M月d日", CultureInfo.InvariantCulture) ?? "";
        var body = eventName switch
        {
            "case.submitted" when c.CorrectionNotices.Count == 0 => $"您申请的“{item}”已收到，办件编号{no}。我们将尽快预审，结果短信告知。",
            "case.submitted" => $"办件{no}的补正材料已收到，我们将尽快重新预审。",
            "case.preReviewing" => $"办件{no}预审通过，待正式受理。",
            "case.correctionRequested" => $"办件{no}需补正材料：{string.Join("、", c.CorrectionNotices.OrderBy(n => n.Sequence).Last().Items.Select(i => i.MaterialName))}。请一次性补齐后到{point?.Name}或网上补正。",
            "case.accepted" => $"办件{no}已受理（{c.AcceptanceNumber}），承诺{D(c.PromisedDueDate)}前办结。" + (c.ToleranceMissing.Count > 0 ? $"请于{D(c.ToleranceCommitDueDate)}前补齐容缺材料。" : ""),
            "case.notAccepted" => $"办件{no}不予受理，原因：{c.ClosingReason}。",
            "case.inReview" => $"办件{no}已进入审核环节。",
            "case.suspended" => $"办件{no}进入特别程序，期间不计入办理时限，结束后短信告知。",
            "case.resumed" => $"办件{no}特别程序已结束，恢复计时，现承诺{D(c.PromisedDueDate)}前办结。",
            "case.extended" => $"办件{no}经批准延长办理时限，现承诺{D(c.PromisedDueDate)}前办结。",
            "case.approved" => $"办件{no}审批通过（准予），正在办结。",
            "case.rejected" => $"办件{no}审核结果为不予许可，办结后可领取决定书。",
            "case.completed" when c.DeliveryMethod == "express" => $"办件{no}已办结，结果将快递寄出" + (c.TrackingNumber is null ? "。" : $"，运单号{c.TrackingNumber}。"),
            "case.completed" => $"办件{no}已办结，请凭取件码{c.PickupCode}到{point?.Name}领取结果（{point?.OpeningHours ?? "工作日办公时间"}）。",
            "case.delivered" => $"办件{no}的办理结果已送达，欢迎评价本次服务。",
            "case.withdrawn" => $"办件{no}已按您的申请撤回。",
            "case.terminated" => $"办件{no}因未按承诺补齐材料已终止办理。",
            _ => null,
        };
        if (body is null) return null;
        body += $"咨询电话{hotline}。";
        // Keep within the outbox column; the full list is on the notice.
        return (eventName!, body.Length > MaxText ? body[..(MaxText - 1)] + "…" : body);
    }
}
