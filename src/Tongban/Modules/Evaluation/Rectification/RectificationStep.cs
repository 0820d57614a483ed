using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>What one step of a work order needs: who may take it, when it is allowed, what it changes, and how it reads in the audit trail.</summary>
internal sealed record StepDefinition(
    string Action,
    Func<StaffActor, RectificationOrder, bool> MayAct,
    Func<RectificationOrder, bool> Allowed,
    Func<RectificationOrder, IResult> Conflict,
    Action<RectificationOrder, StaffActor, DateTimeOffset, DateOnly, string> Apply,
    Func<RectificationOrder, string> Summary);

/// <summary>
/// The common path of 回访, 整改, 申诉 and 申诉复核: check the note (400), find the order in scope (404), the caller's right
/// (403), the state (409), change it, ask the supervision scan to look again, audit on the case's stream, save (a concurrent
/// step on the same order is a 409).
/// </summary>
internal static class RectificationStep
{
    public static async Task<IResult> RunAsync(long id, string? note, StepDefinition step, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var text = note?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add("note", "请填写说明");
        else if (text.Length > RectificationRules.MaxNote) errors.Add("note", $"说明不能超过 {RectificationRules.MaxNote} 字");
        return errors.Any ? errors.ToResult() : await ApplyAsync(id, text!, step, http, db, clock, audit, ct);
    }

    private static async Task<IResult> ApplyAsync(long id, string note, StepDefinition step, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User)!;
        var o = await RectificationScope.Apply(db.RectificationOrders, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return ListRectifications.NotFound(id);
        if (!step.MayAct(actor, o))
            return Problems.Of(StatusCodes.Status403Forbidden, "rectification.forbidden", "无权办理此整改工单", "回访、整改和申诉由办理部门办理；申诉复核由监察人员决定。");
        if (!step.Allowed(o)) return step.Conflict(o);
        var now = clock.GetUtcNow();
        var today = RectificationScope.Today(clock);
        var before = RectificationRules.StatusName(o.Status);
        step.Apply(o, actor, now, today, note);
        o.Version++;
        // The scan resolves alerts that no longer hold and schedules the next deadline.
        o.NextCheckAt = now;
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(o.CaseNumber), AuditActor.FromHttp(http), step.Action, o.CaseNumber,
            $"整改工单 {o.Id}：{step.Summary(o)}", before, RectificationRules.StatusName(o.Status)), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("rectification.changed", "整改工单已被他人更新", "该工单刚被他人办理，请刷新后再试。");
        }
        return TypedResults.Ok(await ListRectifications.DetailAsync(db, actor, o, today, ct));
    }

    public static IResult StateConflict(string code, string title, RectificationOrder o, string detail) =>
        Problems.Conflict(code, title, $"工单当前状态为“{RectificationRules.StatusName(o.Status)}”，{detail}");
}
