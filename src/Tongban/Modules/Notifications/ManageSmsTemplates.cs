using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Notifications;

/// <summary>A template as the admin sees it: the body in force, its version, the placeholders, and the length of a sample as the gateway counts it (UCS-2: 70 characters in one part, 67 per part of a long message).</summary>
internal sealed record SmsTemplateDto(string Code, string Name, bool Stage, int Version, string Body, string Sample, int Characters, int Parts,
    DateTimeOffset? UpdatedAt, string? UpdatedBy);

internal sealed record SmsTemplateVersionDto(int Version, string Body, int Characters, int Parts, DateTimeOffset? CreatedAt, string? CreatedBy);

internal sealed record SmsTemplateDetail(SmsTemplateDto Current, IReadOnlyList<SmsTemplateVersionDto> Versions, IReadOnlyList<string> Placeholders);

internal sealed record SmsTemplateList(IReadOnlyList<SmsTemplateDto> Items, IReadOnlyList<string> Placeholders);

internal sealed record SaveSmsTemplateRequest(string? Body);

/// <summary>A draft as it would be sent: the sample text, its UCS-2 length and parts, and what saving it would refuse.</summary>
internal sealed record SmsTemplatePreview(string Sample, int Characters, int Parts, IReadOnlyList<string> Problems);

/// <summary>
/// /api/admin/sms-templates — list, read with versions, save a new version (admins). A saved version is never
/// changed; the newest is used for new messages; version 1 is the built-in text. Each save is audited.
/// </summary>
internal static class ManageSmsTemplates
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/sms-templates").RequireAuthorization(Policies.Admin).WithTags("SMS admin");
        admin.MapGet("/", List).Produces<SmsTemplateList>().WithName("ListSmsTemplates").WithSummary("短信模板列表（含字数、条数）");
        admin.MapGet("/{code}", Get).Produces<SmsTemplateDetail>().ProducesProblem(404).WithName("GetSmsTemplate").WithSummary("短信模板及其历史版本");
        admin.MapPost("/{code}/preview", Preview).Produces<SmsTemplatePreview>().ProducesProblem(404).WithName("PreviewSmsTemplate")
            .WithSummary("预览短信模板草稿（示例文本、字数、条数，随输入刷新）");
        admin.MapPut("/{code}", Save).Produces<SmsTemplateDto>().ProducesValidationProblem().ProducesProblem(404).WithName("SaveSmsTemplate").WithSummary("保存短信模板新版本");
    }

    private static SmsTemplateDto Dto(SmsTemplateDefinition d, string body, int version, DateTimeOffset? at, string? by)
    {
        var sample = SmsTemplateCatalog.Sample(body);
        var (characters, parts) = SmsRules.Length(sample);
        return new SmsTemplateDto(d.Code, d.Name, d.Stage, version, body, sample, characters, parts, at, by);
    }

    internal static async Task<IResult> List(TongbanDb db, CancellationToken ct)
    {
        // The newest version of each template in one query (a few dozen rows at most per template).
        var saved = await db.SmsTemplates.AsNoTracking().GroupBy(t => t.Code).Select(g => g.OrderByDescending(t => t.Version).First()).ToListAsync(ct);
        var byCode = saved.ToDictionary(t => t.Code);
        var items = SmsTemplateCatalog.All.Select(d => byCode.TryGetValue(d.Code, out var t)
            ? Dto(d, t.Body, t.Version, t.CreatedAt, t.CreatedBy)
            : Dto(d, d.BuiltIn, 1, null, null)).ToList();
        return TypedResults.Ok(new SmsTemplateList(items, [.. SmsTemplateCatalog.Placeholders.Keys]));
    }

    internal static async Task<IResult> Get(string code, TongbanDb db, CancellationToken ct)
    {
        if (SmsTemplateCatalog.Find(code) is not { } d) return Problems.NotFound("sms.template_not_found", "短信模板不存在");
        var saved = await db.SmsTemplates.AsNoTracking().Where(t => t.Code == code).OrderBy(t => t.Version).ToListAsync(ct);
        var versions = new List<SmsTemplateVersionDto> { Version(d.BuiltIn, 1, null, null) };
        versions.AddRange(saved.Select(t => Version(t.Body, t.Version, t.CreatedAt, t.CreatedBy)));
        var current = saved.Count == 0 ? Dto(d, d.BuiltIn, 1, null, null) : Dto(d, saved[^1].Body, saved[^1].Version, saved[^1].CreatedAt, saved[^1].CreatedBy);
        return TypedResults.Ok(new SmsTemplateDetail(current, versions, [.. SmsTemplateCatalog.Placeholders.Keys]));

        static SmsTemplateVersionDto Version(string body, int version, DateTimeOffset? at, string? by)
        {
            var (characters, parts) = SmsRules.Length(SmsTemplateCatalog.Sample(body));
            return new(version, body, characters, parts, at, by);
        }
    }

    /// <summary>The admin's editor calls this while typing, so the length is seen before saving; nothing is stored.</summary>
    internal static IResult Preview(string code, SaveSmsTemplateRequest request)
    {
        if (SmsTemplateCatalog.Find(code) is not { } d) return Problems.NotFound("sms.template_not_found", "短信模板不存在");
        var body = request.Body?.Trim() ?? "";
        var sample = SmsTemplateCatalog.Sample(body);
        var (characters, parts) = SmsRules.Length(sample);
        return TypedResults.Ok(new SmsTemplatePreview(sample, characters, parts, [.. SmsTemplateCatalog.Check(d, body)]));
    }

    internal static async Task<IResult> Save(string code, SaveSmsTemplateRequest request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock, CancellationToken ct)
    {
        if (SmsTemplateCatalog.Find(code) is not { } d) return Problems.NotFound("sms.template_not_found", "短信模板不存在");
        var body = request.Body?.Trim() ?? "";
        var errors = new FieldErrors();
        foreach (var problem in SmsTemplateCatalog.Check(d, body)) errors.Add("body", problem);
        if (errors.Any) return errors.ToResult();
        var (current, version) = await SmsTemplateCatalog.CurrentAsync(db, code, ct);
        var actor = AuditActor.FromHttp(http);
        var now = clock.GetUtcNow();
        var saved = new SmsTemplate { Code = code, Version = version + 1, Body = body, CreatedAt = now, CreatedBy = actor.Name };
        db.SmsTemplates.Add(saved);
        await audit.AppendAsync(db, new AuditEvent("sms-template:" + code, actor, "sms.template_save", null, $"保存短信模板“{d.Name}”第 {saved.Version} 版",
            System.Text.Json.JsonSerializer.Serialize(new { version, body = current }), System.Text.Json.JsonSerializer.Serialize(new { version = saved.Version, body })), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("sms.template_concurrent_edit", "模板已被他人修改", "请刷新后在最新版本上修改。");
        }
        SavedSmsTemplates.Invalidate(db);
        return TypedResults.Ok(Dto(d, body, saved.Version, now, actor.Name));
    }
}
