using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Notifications;

internal sealed record SmsReceipt(string Status);

/// <summary>
/// What gateways call back: delivery reports (Kannel's dlr-url, a JSON gateway's receipt) and inbound SMS
/// (Kannel's sms-service get-url). All anonymous — a gateway cannot log in — and so each is bound to a secret:
/// the message's own callback token, or the configured inbound token. A wrong secret looks like a missing page.
/// </summary>
internal static class SmsCallbacks
{
    /// <summary>Kannel DLR types (dlr-mask bits).</summary>
    private const int DlrDelivered = 1, DlrFailed = 2, DlrRejected = 16;

    public static void Map(RouteGroupBuilder api)
    {
        var sms = api.MapGroup("/sms").WithTags("SMS").AllowAnonymous();
        sms.MapGet("/kannel/dlr/{id:long}/{token}", KannelDlr).WithName("KannelDeliveryReport").WithSummary("Kannel 状态报告回调（dlr-url）")
            .Produces<string>(200, "text/plain").ProducesProblem(404);
        sms.MapPost("/receipts/{id:long}/{token}", Receipt).WithName("SmsReceipt").WithSummary("HTTP 短信网关状态回执")
            .Produces<string>(200, "text/plain").ProducesProblem(404).ProducesProblem(400);
        sms.MapGet("/kannel/inbound", KannelInbound).WithName("KannelInboundSms").WithSummary("Kannel 上行短信（sms-service get-url）：TD 退订、1–5 评价")
            .Produces<string>(200, "text/plain").ProducesProblem(404);
    }

    internal static async Task<IResult> KannelDlr(long id, string token, int? status, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = status switch
        {
            DlrDelivered => MessageStatus.Delivered,
            DlrFailed or DlrRejected => MessageStatus.PermanentFailure,
            _ => (MessageStatus?)null, // 4 buffered, 8 accepted by the SMSC: nothing final yet
        };
        return await ApplyAsync(id, token, outcome, status is { } s ? $"Kannel DLR {s}" : null, db, clock, ct);
    }

    internal static async Task<IResult> Receipt(long id, string token, SmsReceipt receipt, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        MessageStatus? outcome = receipt.Status switch
        {
            "delivered" => MessageStatus.Delivered,
            "failed" or "permanent-failure" => MessageStatus.PermanentFailure,
            "sent" or "pending" => null,
            _ => MessageStatus.Created, // marker for "bad request"
        };
        if (outcome == MessageStatus.Created) return new FieldErrors().Add("status", "状态只能是 delivered、failed 或 pending").ToResult();
        return await ApplyAsync(id, token, outcome, $"receipt {receipt.Status}", db, clock, ct);
    }

    private static async Task<IResult> ApplyAsync(long id, string token, MessageStatus? outcome, string? note, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var stored = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.CallbackToken).FirstOrDefaultAsync(ct);
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(token)))
            return Problems.NotFound("not_found", "接口不存在");
        if (outcome is { } final)
        {
            // Only a message on its way can be delivered or fail; a late or repeated report changes nothing.
            var now = clock.GetUtcNow();
            var onItsWay = db.OutboxMessages.Where(m => m.Id == id && (m.Status == MessageStatus.Sending || m.Status == MessageStatus.Sent));
            if (final == MessageStatus.PermanentFailure)
                await onItsWay.ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, final).SetProperty(m => m.CompletedAt, now).SetProperty(m => m.LastError, note), ct);
            else
                await onItsWay.ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, final).SetProperty(m => m.CompletedAt, now), ct);
        }
        return TypedResults.Text("ok", "text/plain");
    }

    internal static async Task<IResult> KannelInbound(string? token, string? from, string? text, HttpContext http, TongbanDb db, TimeProvider clock,
        IOptions<SmsOptions> options, AuditTrail audit, Evaluation.Rectification.RectificationOpener rectification, CancellationToken ct)
    {
        var expected = options.Value.Kannel.InboundToken;
        if (string.IsNullOrEmpty(expected) || token is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(token)))
            return Problems.NotFound("not_found", "接口不存在");
        var reply = await InboundSms.HandleAsync(from ?? "", text ?? "", db, clock, audit, rectification, ct);
        // Kannel sends the body back to the sender as the reply; UCS-2 for Chinese.
        http.Response.Headers["X-Kannel-Coding"] = "2";
        return TypedResults.Text(reply ?? "", "text/plain", Encoding.UTF8);
    }
}

/// <summary>Replies from citizens: "TD" (退订) opts out of optional messages; 1–5 after a completion SMS rates that case (好差评, channel sms).</summary>
internal static class InboundSms
{
    /// <summary>A rating reply counts for the last completion message of the past 30 days.</summary>
    public static readonly TimeSpan RatingWindow = TimeSpan.FromDays(30);

    /// <returns>The reply text, or null for none.</returns>
    public static async Task<string?> HandleAsync(string from, string text, TongbanDb db, TimeProvider clock, AuditTrail audit,
        Evaluation.Rectification.RectificationOpener rectification, CancellationToken ct)
    {
        var mobile = Validation.MobileNumber.Normalize(from);
        if (!Validation.MobileNumber.Validate(mobile).IsValid) return null;
        var index = PersonalData.BlindIndex(mobile);
        var indexes = PersonalData.BlindIndexes(mobile);
        var now = clock.GetUtcNow();
        var body = text.Trim().ToUpperInvariant();
        if (body is "TD" or "退订")
        {
            if (!await db.SmsOptOuts.AnyAsync(o => indexes.Contains(o.RecipientIndex), ct))
            {
                db.SmsOptOuts.Add(new SmsOptOut { RecipientIndex = index, OptedOutAt = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // The same reply delivered twice at once: already opted out.
                }
            }
            return CaseMessages.Signature + "您已退订通知类短信。办件进度短信仍会按规定发送。";
        }
        if (body.Length == 1 && body[0] is >= '1' and <= '5')
        {
            var score = body[0] - '0';
            var since = now - RatingWindow;
            var caseNumber = await db.OutboxMessages.AsNoTracking()
                .Where(m => indexes.Contains(m.RecipientIndex) && m.CaseNumber != null && (m.Event == "case.completed" || m.Event == "case.delivered")
                    && (m.Status == MessageStatus.Sent || m.Status == MessageStatus.Delivered) && m.SentAt >= since)
                .OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Select(m => m.CaseNumber).FirstOrDefaultAsync(ct);
            if (caseNumber is null) return null;
            // The rating is the case's 好差评 through the SMS channel (Evaluation module): counted in the statistics like any other.
            var c = await db.Cases.AsNoTracking().Where(x => x.Number == caseNumber)
                .Select(x => new Evaluation.CaseKey(x.Id, x.Number, x.Status, x.DepartmentCode, x.ServicePointCode, x.ItemCode, x.Channel, x.WindowCode ?? x.KioskCode ?? ""))
                .FirstAsync(ct);
            var existing = await db.Evaluations.Include(e => e.Reasons).FirstOrDefaultAsync(e => e.CaseId == c.Id, ct);
            if (existing is not null && (existing.Channel != Evaluation.EvaluationChannel.Sms || !indexes.Contains(existing.EvaluatorIndex)))
                return CaseMessages.Signature + $"办件{caseNumber}已评价，一事一评，不能重复评价。";
            var smsActor = new AuditActor(AuditActor.CitizenKind, Validation.MobileNumber.Mask(mobile), Validation.MobileNumber.Mask(mobile), null, null, "sms");
            if (existing is null)
            {
                var evaluation = Evaluation.Evaluations.New(c, score, Evaluation.EvaluationChannel.Sms, now, index, null, null, []);
                db.Evaluations.Add(evaluation);
                await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(caseNumber), smsActor, "case.evaluate", caseNumber, "短信" + Evaluation.Evaluations.Summary(evaluation)), ct);
                await rectification.OpenIfBadAsync(db, evaluation, audit, smsActor, ct);
            }
            else
            {
                // A later reply corrects the earlier SMS rating (a mistyped digit); the statistics move with it.
                existing.Level = score;
                existing.EvaluatedAt = now;
                await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(caseNumber), smsActor, "case.evaluate", caseNumber, "短信更正" + Evaluation.Evaluations.Summary(existing)), ct);
                // Corrected to a 差评: the order opens now (once; a correction to a good rating leaves an open order to the call back).
                await rectification.OpenIfBadAsync(db, existing, audit, smsActor, ct);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same reply delivered twice at once, or a portal rating at the same moment: one of them counts.
                if (existing is null && await Evaluation.Evaluations.ExistsAsync(db, c.Id, ct)) return CaseMessages.Signature + $"办件{caseNumber}已评价，一事一评，不能重复评价。";
                throw;
            }
            return CaseMessages.Signature + $"感谢您对办件{caseNumber}的评价（{score}分）！";
        }
        return null;
    }
}
