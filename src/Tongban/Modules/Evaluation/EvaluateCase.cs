using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Evaluation;

/// <param name="Level">5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.</param>
/// <param name="Reasons">Required for levels 1–2 (差评), not allowed otherwise: guideUnclear, longWait, poorAttitude, multipleVisits, overdue, duplicateMaterials, unprofessional, hardToUse, other.</param>
/// <param name="Comment">Optional; required when the reasons include "other".</param>
/// <param name="Channel">online (the default) or mobile: the portal on a computer or on a phone.</param>
internal sealed record EvaluateCaseRequest(int? Level, IReadOnlyList<string>? Reasons, string? Comment, string? Channel);

internal sealed record EvaluationDto(int Level, string LevelName, EvaluationChannel Channel, DateTimeOffset EvaluatedAt, IReadOnlyList<BadRatingReason> Reasons, string? Comment);

/// <summary>
/// POST /api/me/cases/{caseNumber}/evaluation — the applicant (or the agent who filed it) rates a finished case
/// once (一事一评). Someone else's case answers 404 like a missing one (as GET /api/cases/{no} does for citizens).
/// </summary>
internal static class EvaluateCase
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/me/cases/{caseNumber}/evaluation", Handle).RequireAuthorization(Policies.Citizen).WithTags("Citizen portal")
            .Produces<EvaluationDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithName("EvaluateMyCase").WithSummary("评价办件（好差评，一事一评）");

    internal static async Task<IResult> Handle(string caseNumber, EvaluateCaseRequest request, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit,
        Rectification.RectificationOpener rectification, CancellationToken ct)
    {
        var me = CitizenActor.From(http.User)!;
        var (errors, reasons, channel) = Validate(request);
        if (errors.Any) return errors.ToResult();
        var c = await ListMyCases.Mine(db.Cases.AsNoTracking(), me).Where(x => x.Number == caseNumber)
            .Select(x => new CaseKey(x.Id, x.Number, x.Status, x.DepartmentCode, x.ServicePointCode, x.ItemCode, x.Channel, x.WindowCode ?? x.KioskCode ?? "")).FirstOrDefaultAsync(ct);
        if (c is null) return Problems.NotFound("case.not_found", "办件不存在", $"找不到办件 {caseNumber}，或您无权查看。");
        if (!EvaluationRules.CanEvaluate(c.Status))
            return Problems.Conflict("evaluation.case_not_finished", "办件尚未办结，暂不能评价", "办件办结、送达或不予受理后才能评价。");
        if (await db.Evaluations.AnyAsync(e => e.CaseId == c.Id, ct)) return AlreadyEvaluated(caseNumber);

        var evaluation = Evaluations.New(c, request.Level!.Value, channel, clock.GetUtcNow(), me.IdIndex, me.Id, Comment(request.Comment), reasons);
        db.Evaluations.Add(evaluation);
        var actor = AuditActor.FromHttp(http, channel.ToString().ToLowerInvariant());
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Case(c.Number), actor, "case.evaluate", c.Number, Evaluations.Summary(evaluation)), ct);
        // A 差评 opens its work order in the same SaveChanges.
        await rectification.OpenIfBadAsync(db, evaluation, audit, actor, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same citizen on two devices at once: the unique index lets one through.
            if (await Evaluations.ExistsAsync(db, c.Id, ct)) return AlreadyEvaluated(caseNumber);
            throw;
        }
        return TypedResults.Created($"/api/cases/{c.Number}", Evaluations.ToDto(evaluation));
    }

    private static IResult AlreadyEvaluated(string caseNumber) =>
        Problems.Conflict("evaluation.already_evaluated", "该办件已评价", $"办件 {caseNumber} 已经评价过。一事一评：每个办件只能评价一次。");

    private static string? Comment(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

    internal static (FieldErrors Errors, List<BadRatingReason> Reasons, EvaluationChannel Channel) Validate(EvaluateCaseRequest request)
    {
        var errors = new FieldErrors();
        var reasons = new List<BadRatingReason>();
        if (request.Level is not (>= 1 and <= 5)) errors.Add("level", "评价等级须为 1（非常不满意）到 5（非常满意）");
        foreach (var code in request.Reasons ?? [])
        {
            if (!Enum.TryParse<BadRatingReason>(code, ignoreCase: true, out var reason) || !Enum.IsDefined(reason) || int.TryParse(code, out _))
                errors.Add("reasons", $"未知的差评原因：{code}");
            else if (!reasons.Contains(reason)) reasons.Add(reason);
        }
        if (request.Level is { } level && EvaluationRules.IsBad(level) && reasons.Count == 0 && !errors.Any)
            errors.Add("reasons", "不满意或非常不满意时，请至少选择一项原因");
        if (request.Level is { } good && !EvaluationRules.IsBad(good) && reasons.Count > 0)
            errors.Add("reasons", "只有不满意、非常不满意的评价需要选择原因");
        var comment = Comment(request.Comment);
        if (comment is { Length: > EvaluationRules.MaxComment }) errors.Add("comment", $"评价意见不能超过 {EvaluationRules.MaxComment} 字");
        if (reasons.Contains(BadRatingReason.Other) && comment is null) errors.Add("comment", "选择“其他”原因时，请填写具体意见");
        var channel = EvaluationChannel.Online;
        if (request.Channel is { } named)
        {
            if (named.Equals("online", StringComparison.OrdinalIgnoreCase)) channel = EvaluationChannel.Online;
            else if (named.Equals("mobile", StringComparison.OrdinalIgnoreCase)) channel = EvaluationChannel.Mobile;
            else errors.Add("channel", "评价渠道只能是 online（网页）或 mobile（手机）");
        }
        return (errors, reasons, channel);
    }
}

/// <summary>The case fields an evaluation needs: who may rate, and the statistics dimensions it copies.</summary>
internal sealed record CaseKey(long Id, string Number, CaseStatus Status, string DepartmentCode, string ServicePointCode, string ItemCode, ApplicationChannel Channel, string DeskCode);

/// <summary>Making, showing and finding evaluations — shared by the portal, the SMS reply and the demo history.</summary>
internal static class Evaluations
{
    public static CaseEvaluation New(CaseKey c, int level, EvaluationChannel channel, DateTimeOffset at, string evaluatorIndex, int? citizenId,
        string? comment, IEnumerable<BadRatingReason> reasons) => new()
    {
        CaseId = c.Id, CaseNumber = c.Number, Level = level, Channel = channel, EvaluatedAt = at, EvaluatorIndex = evaluatorIndex,
        EvaluatorCitizenId = citizenId, Comment = comment, Reasons = [.. reasons.Select(r => new CaseEvaluationReason { Reason = r })],
        DepartmentCode = c.DepartmentCode, ServicePointCode = c.ServicePointCode, ItemCode = c.ItemCode, CaseChannel = c.Channel, DeskCode = c.DeskCode,
    };

    public static EvaluationDto ToDto(CaseEvaluation e) =>
        new(e.Level, EvaluationRules.LevelName(e.Level), e.Channel, e.EvaluatedAt, [.. e.Reasons.Select(r => r.Reason).Order()], e.Comment);

    public static string Summary(CaseEvaluation e) =>
        $"评价：{EvaluationRules.LevelName(e.Level)}（{e.Level}）" + (e.Reasons.Count == 0 ? "" : "；原因：" + string.Join("、", e.Reasons.Select(r => EvaluationRules.ReasonName(r.Reason))));

    public static Task<bool> ExistsAsync(TongbanDb db, long caseId, CancellationToken ct) =>
        db.Evaluations.AsNoTracking().AnyAsync(e => e.CaseId == caseId, ct);

    /// <summary>The case's evaluation for the case view (citizen and staff), or null.</summary>
    public static async Task<EvaluationDto?> ForCaseAsync(TongbanDb db, long caseId, CancellationToken ct)
    {
        var e = await EvaluationOf.For(db)(db, caseId, ct);
        return e is null ? null : ToDto(e);
    }

    /// <summary>Compiled: every case view reads it (<see cref="CompiledPerModel{TQuery}"/>).</summary>
    private static readonly CompiledPerModel<Func<TongbanDb, long, CancellationToken, Task<CaseEvaluation?>>> EvaluationOf = new(() =>
        EF.CompileAsyncQuery((TongbanDb db, long caseId, CancellationToken ct) => db.Evaluations.AsNoTracking().Include(x => x.Reasons).FirstOrDefault(x => x.CaseId == caseId)));
}
