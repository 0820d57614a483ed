using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Cases;

/// <summary>
/// 草稿: an online application saved half-way (form and chosen materials) to finish later, on any device.
/// Submitting it through POST /api/cases with its draftId marks it submitted: it becomes one case only.
/// </summary>
internal sealed class ApplicationDraft
{
    public Guid Id { get; init; }
    public int CitizenId { get; init; }
    public required string ItemCode { get; set; }
    public string ItemName { get; set; } = "";
    /// <summary>The wizard's state as the web app left it: form values and material choices (JSON object).</summary>
    public string StateJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? SubmittedCaseNumber { get; set; }
}

internal sealed record SaveDraftRequest(string? ItemCode, JsonElement? State);

internal sealed record DraftDto(Guid Id, string ItemCode, string ItemName, JsonElement State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? SubmittedCaseNumber);

/// <summary>GET/PUT/DELETE /api/me/drafts — the citizen's saved applications.</summary>
internal static class ApplicationDrafts
{
    public const int MaxPerCitizen = 50;
    private const int MaxStateLength = 100_000;

    public static void Map(RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me/drafts").RequireAuthorization(Policies.Citizen).WithTags("Citizen portal")
            // A kiosk leaves nothing behind: drafts are the portal's, not a card session's.
            .AddEndpointFilter(async (ctx, next) => CitizenActor.From(ctx.HttpContext.User)?.Kiosk is not null
                ? Problems.Of(StatusCodes.Status403Forbidden, "kiosk.drafts_forbidden", "自助终端不保存草稿", "请在自助终端上直接提交申请。")
                : await next(ctx));
        me.MapGet("", List).Produces<IReadOnlyList<DraftDto>>().WithName("ListMyDrafts").WithSummary("我的草稿");
        me.MapGet("/{id:guid}", Get).Produces<DraftDto>().ProducesProblem(404).WithName("GetMyDraft").WithSummary("读取草稿");
        me.MapPut("/{id:guid}", Save).Produces<DraftDto>().ProducesValidationProblem().ProducesProblem(409).WithName("SaveMyDraft").WithSummary("保存草稿");
        me.MapDelete("/{id:guid}", Delete).Produces(StatusCodes.Status204NoContent).ProducesProblem(404).WithName("DeleteMyDraft").WithSummary("删除草稿");
    }

    private static int Me(HttpContext http) => CitizenActor.From(http.User)!.Id;

    internal static async Task<IResult> List(HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var me = Me(http);
        var rows = await db.ApplicationDrafts.AsNoTracking().Where(d => d.CitizenId == me && d.SubmittedCaseNumber == null)
            .OrderByDescending(d => d.UpdatedAt).Take(MaxPerCitizen).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var me = Me(http);
        var draft = await db.ApplicationDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.CitizenId == me, ct);
        return draft is null ? NotFound() : TypedResults.Ok(ToDto(draft));
    }

    /// <summary>PUT with a client-made id: saving twice (a retry, autosave) updates the one draft.</summary>
    internal static async Task<IResult> Save(Guid id, SaveDraftRequest request, HttpContext http, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        var me = Me(http);
        var errors = new FieldErrors().Required("itemCode", request.ItemCode, "事项编码");
        var state = request.State is { ValueKind: JsonValueKind.Object } s ? s.GetRawText() : null;
        if (request.State is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) }) errors.Add("state", "草稿内容必须是 JSON 对象");
        if (state is { Length: > MaxStateLength }) errors.Add("state", "草稿内容过大");
        if (errors.Any) return errors.ToResult();
        var item = await db.ItemVersions.AsNoTracking().Where(i => i.Code == request.ItemCode && i.Status == Catalog.ItemVersionStatus.Published)
            .Select(i => new { i.Code, i.Name }).FirstOrDefaultAsync(ct);
        if (item is null) return errors.Add("itemCode", "事项不存在或未发布").ToResult();
        var now = clock.GetUtcNow();
        var draft = await db.ApplicationDrafts.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (draft is not null && draft.CitizenId != me) return NotFound();
        if (draft?.SubmittedCaseNumber is { } number)
            return Problems.Conflict("draft.already_submitted", "草稿已提交", $"该草稿已提交为办件 {number}，不能再修改。");
        if (draft is null)
        {
            if (await db.ApplicationDrafts.CountAsync(d => d.CitizenId == me && d.SubmittedCaseNumber == null, ct) >= MaxPerCitizen)
                return Problems.Conflict("draft.too_many", "草稿过多", $"最多保存 {MaxPerCitizen} 份草稿，请先删除不需要的草稿。");
            db.ApplicationDrafts.Add(draft = new ApplicationDraft { Id = id, CitizenId = me, ItemCode = item.Code, CreatedAt = now });
        }
        draft.ItemCode = item.Code;
        draft.ItemName = item.Name;
        draft.StateJson = state ?? "{}";
        draft.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(draft));
    }

    internal static async Task<IResult> Delete(Guid id, HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var me = Me(http);
        var deleted = await db.ApplicationDrafts.Where(d => d.Id == id && d.CitizenId == me && d.SubmittedCaseNumber == null).ExecuteDeleteAsync(ct);
        return deleted == 0 ? NotFound() : TypedResults.NoContent();
    }

    private static DraftDto ToDto(ApplicationDraft d) =>
        new(d.Id, d.ItemCode, d.ItemName, JsonDocument.Parse(d.StateJson).RootElement.Clone(), d.CreatedAt, d.UpdatedAt, d.SubmittedCaseNumber);

    private static IResult NotFound() => Problems.NotFound("draft.not_found", "草稿不存在");
}
