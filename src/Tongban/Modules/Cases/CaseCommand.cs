using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Cases;

/// <summary>What an action on a case has to work with.</summary>
internal sealed class CaseCommandContext(Case c, StaffActor? staff, TongbanDb db, BusinessCalendar calendar, DateTimeOffset now, CitizenActor? citizen,
    IServiceProvider services)
{
    /// <summary>The request's services, for an action that needs a port another module implements.</summary>
    public IServiceProvider Services { get; } = services;
    /// <summary>The applicant acting online, when <see cref="Staff"/> is null.</summary>
    public CitizenActor? Citizen { get; } = citizen;
    public Case Case { get; } = c;
    /// <summary>The staff member acting, or null when the applicant acts online (补正, 撤回).</summary>
    public StaffActor? Staff { get; } = staff;
    public TongbanDb Db { get; } = db;
    public BusinessCalendar Calendar { get; } = calendar;
    public DateTimeOffset Now { get; } = now;

    /// <summary>The actor as recorded on the step: the organisation is the one the actor acts for.</summary>
    public CaseActor Actor => Staff is null ? new("申请人（网上）", null, Case.ServicePointCode) : new(Staff.Name, Staff.Id,
        Staff.DepartmentCode == Case.DepartmentCode ? Case.DepartmentCode : Staff.ServicePointCode ?? Staff.DepartmentCode ?? Case.ServicePointCode);

    public async Task<ServiceItemVersion> ItemAsync(CancellationToken ct) =>
        await Db.ItemVersions.AsNoTracking().Include(i => i.Materials).FirstAsync(i => i.Id == Case.ItemVersionId, ct);

    /// <summary>The requirements once loaded by the action, handed on to the case change's handlers.</summary>
    public Dictionary<string, MaterialRequirement>? LoadedRequirements { get; private set; }

    public async Task<Dictionary<string, MaterialRequirement>> RequirementsAsync(CancellationToken ct) =>
        LoadedRequirements ??= await Db.MaterialRequirements.AsNoTracking().Where(m => m.ItemVersionId == Case.ItemVersionId).ToDictionaryAsync(m => m.Code, ct);
}

/// <summary>
/// The shared shape of every case action: load the case, check who may act (403), run the domain
/// method (409 on a broken rule), save in one transaction (a concurrent change loses with 409),
/// answer the whole case.
/// </summary>
internal static class CaseCommand
{
    public static RouteHandlerBuilder MapAction<TRequest>(this RouteGroupBuilder api, string verb, CaseAction action,
        Func<TRequest, CaseCommandContext, CancellationToken, Task<IResult?>> apply, string summary) =>
        api.MapPost($"/cases/{{caseNumber}}/{verb}", (string caseNumber, TRequest request, HttpContext http, TongbanDb db, CalendarService calendars, TimeProvider clock, Changes.CaseChangeDispatcher changes, CancellationToken ct) =>
                RunAsync(caseNumber, action, http, db, calendars, clock, changes, ctx => apply(request, ctx, ct), ct))
            .RequireAuthorization(Policies.CaseWorkOrCitizen)
            .Produces<CaseDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName(action + "Case").WithSummary(summary).WithTags("Case process");

    /// <summary>case.pre_review, case.accept, … (stable action codes in the audit trail).</summary>
    public static string AuditAction(CaseAction action) => "case." + System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());

    public static async Task<IResult> RunAsync(string caseNumber, CaseAction action, HttpContext http, TongbanDb db, CalendarService calendars,
        TimeProvider clock, Changes.CaseChangeDispatcher changes, Func<CaseCommandContext, Task<IResult?>> apply, CancellationToken ct)
    {
        var staff = StaffActor.From(http.User);
        var citizen = staff is null ? CitizenActor.From(http.User) : null;
        var c = await db.Cases.AsSplitQuery()
            .Include(x => x.Steps).Include(x => x.Materials).Include(x => x.ClockEvents).Include(x => x.CorrectionNotices).ThenInclude(n => n.Items)
            .FirstOrDefaultAsync(x => x.Number == caseNumber, ct);
        if (c is null || (staff is not null ? !CaseScope.CanSee(staff, c.ServicePointCode, c.DepartmentCode) && !HandsOver(staff, c, action) : citizen is null || !ListMyCases.IsMine(c, citizen)))
            return Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");
        var refusal = staff is not null ? CaseAuthorization.Check(staff, c, action) : CaseAuthorization.CheckApplicant(action);
        if (refusal is not null) return Problems.Of(StatusCodes.Status403Forbidden, "case.forbidden", "无权执行该操作", refusal);

        var calendar = await calendars.GetAsync(ct);
        var context = new CaseCommandContext(c, staff, db, calendar, Infrastructure.Clock.ChinaTime.ToStoredPrecision(clock.GetUtcNow()), citizen, http.RequestServices);
        var before = c.Status;
        var stepsBefore = c.Steps.Count;
        var early = await apply(context);
        if (early is not null) return early;
        // Every module's reaction (audit, stage SMS, reminders, library, supervision …) joins this transaction.
        var change = new Changes.CaseChange(c, action, before, stepsBefore, context.Actor, staff is not null, Audit.AuditActor.FromHttp(http), context.Calendar, context.Now)
            { Requirements = context.LoadedRequirements };
        await changes.PublishAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        var view = await CaseView.BuildAsync(db, c, calendars, clock, ct);
        // The pickup point's clerk who handed the result over does not work on the case: the address stays masked.
        return TypedResults.Ok(staff is not null && !CaseScope.WorksOn(staff, c.ServicePointCode, c.DepartmentCode) && view.ResultDelivery is { } d
            ? view with { DocumentsReadable = false, ResultDelivery = ChooseResultDelivery.Masked(d) } : view);
    }

    private static bool HandsOver(StaffActor staff, Case c, CaseAction action) =>
        action == CaseAction.Deliver && CaseScope.HandsOverAt(staff, ChooseResultDelivery.PickupPointOf(c), c.DeliveryMethod, c.Status);
}

/// <summary>
/// Who may do what (issue: clerks of the receiving point pre-review, accept, refuse and hand over;
/// reviewers and approvers of the handling department review, suspend and resume; only approvers
/// extend; a clerk withdraws for the applicant). Returns why not, or null when allowed.
/// </summary>
internal static class CaseAuthorization
{
    public static string? Check(StaffActor staff, Case c, CaseAction action)
    {
        var receivingClerk = staff.IsIn(StaffRoles.Clerk) && staff.ServicePointCode == c.ServicePointCode;
        var handling = staff.DepartmentCode == c.DepartmentCode;
        var handlingReviewer = handling && (staff.IsIn(StaffRoles.Reviewer) || staff.IsIn(StaffRoles.Approver));
        var handlingApprover = handling && staff.IsIn(StaffRoles.Approver);
        return action switch
        {
            CaseAction.PreReview or CaseAction.Accept or CaseAction.Refuse or CaseAction.Supplement or CaseAction.Withdraw =>
                receivingClerk ? null : $"只有收件服务点（{c.ServicePointCode}）的窗口人员可以{CaseTransitions.ActionName(action)}。",
            CaseAction.Review when c.CurrentReviewStepKind == ProcessStep.Approve =>
                handlingApprover ? null : $"审批环节须由办理部门（{c.DepartmentCode}）的审批人员办理。",
            CaseAction.Review or CaseAction.Suspend or CaseAction.Resume =>
                handlingReviewer ? null : $"只有办理部门（{c.DepartmentCode}）的审核、审批人员可以{CaseTransitions.ActionName(action)}。",
            CaseAction.Extend => handlingApprover ? null : $"只有办理部门（{c.DepartmentCode}）的审批人员可以延长办理时限。",
            // 当场办结 of a 即办件 is the window's act: it includes acceptance.
            CaseAction.Complete when c.Status is CaseStatus.Submitted or CaseStatus.PreReviewing or CaseStatus.Accepted =>
                receivingClerk ? null : $"即办件当场办结须由收件服务点（{c.ServicePointCode}）的窗口人员办理。",
            // 多点受理: the clerks of the point the applicant chose for pickup hand the result over there.
            CaseAction.Deliver when CaseScope.HandsOverAt(staff, ChooseResultDelivery.PickupPointOf(c), c.DeliveryMethod, c.Status) => null,
            CaseAction.Complete or CaseAction.Deliver or CaseAction.Terminate =>
                receivingClerk || handlingReviewer ? null : $"只有收件窗口或办理部门的工作人员可以{CaseTransitions.ActionName(action)}。",
            _ => "未知操作",
        };
    }

    /// <summary>Online, the applicant themself may hand in corrections and withdraw; everything else is the staff's.</summary>
    public static string? CheckApplicant(CaseAction action) => action is CaseAction.Supplement or CaseAction.Withdraw
        ? null : $"申请人不能{CaseTransitions.ActionName(action)}，该操作由工作人员办理。";
}

