using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Infrastructure.Hosting;

namespace Tongban.Modules.Notifications;

internal sealed record DevSmsItem(string Mobile, string Text, MessageStatus Status, string Event, string? CaseNumber, DateTimeOffset CreatedAt);

internal sealed record DevSmsList(IReadOnlyList<DevSmsItem> Items);

/// <summary>
/// GET /api/dev/sms?mobile= — demo mode only (404 otherwise): the SMS the system sent to a number,
/// newest first, so a tester can read the stage messages (and later the login codes) without a phone.
/// </summary>
internal static class DevSms
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dev/sms", Handle).AllowAnonymous().Produces<DevSmsList>().ProducesProblem(404).WithName("DevSms").WithSummary("演示模式：查看发给某号码的短信");

    internal static async Task<IResult> Handle(string? mobile, TongbanDb db, IOptions<DemoOptions> demo, CancellationToken ct)
    {
        if (!demo.Value.Enabled) return Problems.NotFound("not_found", "接口不存在");
        var normalized = Validation.MobileNumber.Normalize(mobile ?? "");
        if (!Validation.MobileNumber.Validate(normalized).IsValid) return new FieldErrors().Add("mobile", "请填写有效的手机号码").ToResult();
        var indexes = PersonalData.BlindIndexes(normalized);
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => indexes.Contains(m.RecipientIndex))
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(50)
            .Select(m => new DevSmsItem(normalized, m.Text, m.Status, m.Event, m.CaseNumber, m.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok(new DevSmsList(rows));
    }
}
