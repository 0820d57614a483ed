using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;
using Tongban.Modules.Organization;

namespace Tongban.Modules.Interaction;

internal sealed record AskQuestionRequest(string? DepartmentCode, string? ItemCode, string? Question, string? Mobile, string? Code);

internal sealed record ConsultationCreated(string Number, DateOnly DueDate);

/// <summary>
/// POST /api/consultations — 网上咨询: a question about an item (its department answers) or a department. A logged-in
/// citizen or kiosk session asks as themself; anyone else proves a mobile number with an SMS code first. The answer is due
/// within the configured working days, counted like case limits from the day after the question.
/// </summary>
internal static class AskQuestion
{
    public const int MaxText = 2000;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/consultations", Handle).AllowAnonymous().WithTags("Interaction")
            .Produces<ConsultationCreated>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(423)
            .WithName("AskQuestion").WithSummary("网上咨询：提交问题（登录群众，或未登录凭短信验证码）");

    internal static async Task<IResult> Handle(AskQuestionRequest request, HttpContext http, TongbanDb db, TimeProvider clock, CalendarService calendars,
        IOptions<InteractionOptions> options, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var question = (request.Question ?? "").Trim();
        if (question.Length == 0) errors.Add("question", "请填写您要咨询的问题");
        else if (question.Length > MaxText) errors.Add("question", $"问题不能超过 {MaxText} 个字符");
        string? departmentCode = string.IsNullOrWhiteSpace(request.DepartmentCode) ? null : request.DepartmentCode.Trim();
        string? itemCode = null, itemName = null;
        if (!string.IsNullOrWhiteSpace(request.ItemCode))
        {
            var item = await db.ItemVersions.AsNoTracking().Where(i => i.Code == request.ItemCode.Trim() && i.Status == ItemVersionStatus.Published)
                .Select(i => new { i.Code, i.Name, i.DepartmentCode }).FirstOrDefaultAsync(ct);
            if (item is null) errors.Add("itemCode", "没有这个事项，或事项未发布");
            else (itemCode, itemName, departmentCode) = (item.Code, item.Name, item.DepartmentCode);
        }
        else if (departmentCode is null) errors.Add("departmentCode", "请选择咨询的部门或事项");
        if (departmentCode is not null && itemCode is null && await ReferenceCache.DepartmentAsync(db, departmentCode, ct) is null)
            errors.Add("departmentCode", "没有这个部门");

        var now = clock.GetUtcNow();
        var (who, refusal) = await Submitter.ResolveAsync(http, db, request.Mobile, request.Code, errors, now, ct);
        if (refusal is not null) return refusal;

        var calendar = await calendars.GetAsync(ct);
        var consultation = new Consultation
        {
            Number = Submitter.NewNumber("ZX", now), DepartmentCode = departmentCode!, ItemCode = itemCode, ItemName = itemName, Question = question,
            Mobile = who!.Mobile, CitizenId = who.CitizenId, AskedAt = now, Status = ConsultationStatus.Open,
            DueDate = calendar.AddWorkingDays(ChinaTime.DateOf(now), options.Value.ConsultationWorkingDays),
            NextCheckAt = now, // the watcher sets when its deadline next needs a look
        };
        db.Add(consultation);
        await audit.AppendAsync(db, new AuditEvent(Stream(consultation.Number), AuditActor.FromHttp(http, who.Channel), "consultation.ask", null,
            $"网上咨询 {consultation.Number}：{(itemName ?? departmentCode)}"), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/consultations/{consultation.Number}", new ConsultationCreated(consultation.Number, consultation.DueDate));
    }

    public static string Stream(string number) => "consultation:" + number;
}
