using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Notifications;

internal sealed record FailedMessageDto(long Id, string Mobile, string Event, string? CaseNumber, string Text, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset? CompletedAt, string? LastError);

/// <summary>
/// /api/admin/sms/failed — messages that failed for good (retries exhausted, refused, or reported undeliverable), newest
/// first, numbers masked; POST /api/admin/sms/{id}/resend puts one back in the queue with fresh tries (audited).
/// </summary>
internal static class FailedMessages
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/sms").RequireAuthorization(Policies.Admin).WithTags("SMS admin");
        admin.MapGet("/failed", List).Produces<Paged<FailedMessageDto>>().ProducesValidationProblem().WithName("ListFailedSms").WithSummary("发送失败的短信");
        admin.MapPost("/{id:long}/resend", Resend).Produces<FailedMessageDto>().ProducesProblem(404).ProducesProblem(409).WithName("ResendSms").WithSummary("重发失败的短信");
    }

    internal static async Task<IResult> List(int? page, int? pageSize, TongbanDb db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        if (errors.Any) return errors.ToResult();
        var failed = db.OutboxMessages.AsNoTracking().Where(m => m.Status == MessageStatus.PermanentFailure);
        var total = await failed.CountAsync(ct);
        var rows = await failed.OrderByDescending(m => m.CompletedAt).ThenByDescending(m => m.Id).Skip(Paging.Skip(p, size)).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<FailedMessageDto>([.. rows.Select(Dto)], total, p, size));
    }

    private static FailedMessageDto Dto(OutboxMessage m) =>
        new(m.Id, Validation.MobileNumber.Mask(m.Recipient), m.Event, m.CaseNumber, m.Text, m.Attempts, m.CreatedAt, m.SentAt, m.CompletedAt, m.LastError);

    internal static async Task<IResult> Resend(long id, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var m = await db.OutboxMessages.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Problems.NotFound("sms.not_found", "短信不存在");
        if (m.Status != MessageStatus.PermanentFailure)
            return Problems.Conflict("sms.not_failed", "只有发送失败的短信可以重发", $"该短信当前状态为 {m.Status}。");
        var now = clock.GetUtcNow();
        var reason = m.LastError;
        m.Status = MessageStatus.Created;
        m.Attempts = 0;
        m.NextAttemptAt = now;
        m.CompletedAt = null;
        m.LastError = null;
        await audit.AppendAsync(db, new AuditEvent(m.CaseNumber is null ? "sms" : AuditStreams.Case(m.CaseNumber), AuditActor.FromHttp(http), "sms.resend", m.CaseNumber,
            $"重发短信（{m.Event}），原失败原因：{reason}"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Dto(m));
    }
}
