using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>
/// Opens the 差评整改工单 of a bad rating, in the caller's unit of work: both ways a rating arrives (the portal and the SMS
/// reply) call it before their SaveChanges, so a 差评 is never saved without its order.
/// </summary>
internal sealed class RectificationOpener(CalendarService calendars, IOptions<RectificationOptions> options)
{
    /// <summary>
    /// Adds the order of <paramref name="evaluation"/> (new or already saved) when it is bad and has none yet; does nothing for
    /// a good rating. A corrected SMS rating that turns good leaves an existing order as it is: the department still calls back.
    /// </summary>
    public async Task<RectificationOrder?> OpenIfBadAsync(TongbanDb db, CaseEvaluation evaluation, AuditTrail audit, AuditActor actor, CancellationToken ct)
    {
        if (!evaluation.IsBad) return null;
        if (evaluation.Id != 0 && await db.RectificationOrders.AnyAsync(o => o.EvaluationId == evaluation.Id, ct)) return null;
        var order = New(evaluation, await calendars.GetAsync(ct), options.Value);
        db.RectificationOrders.Add(order);
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(evaluation.CaseNumber), actor, "rectification.open", evaluation.CaseNumber,
            $"差评整改工单：{EvaluationRules.LevelName(evaluation.Level)}，回访期限 {order.CallbackDueDate:yyyy-MM-dd}，整改期限 {order.RectifyDueDate:yyyy-MM-dd}"), ct);
        return order;
    }

    /// <summary>The order of a bad rating; the deadlines count working days from the day after the rating day (行政许可法-style).</summary>
    public static RectificationOrder New(CaseEvaluation e, BusinessCalendar calendar, RectificationOptions o)
    {
        var day = ChinaTime.DateOf(e.EvaluatedAt);
        var order = new RectificationOrder
        {
            EvaluationId = e.Id, Evaluation = e.Id == 0 ? e : null, CaseId = e.CaseId, CaseNumber = e.CaseNumber,
            DepartmentCode = e.DepartmentCode, ServicePointCode = e.ServicePointCode, ItemCode = e.ItemCode, Level = e.Level, Channel = e.Channel,
            OpenedAt = e.EvaluatedAt, Status = RectificationStatus.Open,
            CallbackDueDate = calendar.AddWorkingDays(day, o.CallbackWorkingDays), RectifyDueDate = calendar.AddWorkingDays(day, o.RectifyWorkingDays),
        };
        order.NextCheckAt = RectificationRules.NextDeadlinePassing(order, day);
        return order;
    }
}
