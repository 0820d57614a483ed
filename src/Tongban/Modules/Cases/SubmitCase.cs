using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Organization;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases.Changes;
using Tongban.Modules.Catalog;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Cases;

internal sealed record ApplicantInput(string? Kind, string? Name, string? IdNumber, string? CreditCode, string? Mobile, string? ContactName);

internal sealed record MaterialInput(string? RequirementCode, Guid? FileId, long? LibraryMaterialId, string? CertificateId);

internal sealed record SubmitCaseRequest(string? ItemCode, string? Channel, string? ServicePointCode, string? WindowCode, ApplicantInput? Applicant, JsonElement? Form,
    IReadOnlyList<MaterialInput>? Materials, Guid? DraftId = null, ResultDeliveryInput? ResultDelivery = null);

/// <summary>
/// POST /api/cases — a clerk at a window files an application for a person or an enterprise; a
/// citizen applies online for themself (applicant from the login), or as an agent (代理人) or for an
/// enterprise with the authorization as a material. Idempotent per caller and Idempotency-Key: the
/// same key and body return the first case; the same key with another body is refused; a draft
/// submits once. Missing materials do not block a submission (pre-review's correction notice handles
/// them). Uploaded materials are kept in the applicant's library; reused ones are linked.
/// </summary>
internal static class SubmitCase
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/cases", Handle).RequireAuthorization(Policies.CaseIntake).Produces<CaseDto>(StatusCodes.Status201Created).Produces<CaseDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(422).WithName("SubmitCase").WithSummary("提交办件申请");

    internal static async Task<IResult> Handle(SubmitCaseRequest request, HttpContext http, TongbanDb db, CaseNumberAllocator numbers,
        CalendarService calendars, TimeProvider clock, CaseChangeDispatcher changes, ILoggerFactory loggers, ICertificateMaterials certificates, CancellationToken ct)
    {
        var actor = StaffActor.From(http.User);
        var citizen = actor is null ? CitizenActor.From(http.User) : null;
        if (actor is null && citizen is null) return TypedResults.Unauthorized();
        var key = http.Request.Headers[IdempotencyHeader].ToString().Trim();
        var errors = new FieldErrors();
        if (key.Length == 0) errors.Add(IdempotencyHeader, "缺少 Idempotency-Key 请求头：每次提交请生成一个唯一键，重复提交时使用同一个键");
        else if (key.Length > 100) errors.Add(IdempotencyHeader, "Idempotency-Key 不能超过 100 个字符");
        // At a kiosk the card's person applies (a portal account is optional); the body's applicant cannot change who.
        var kiosk = citizen?.Kiosk;
        var self = citizen is null || citizen.Id == 0 ? null : await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == citizen.Id, ct);
        if (citizen is not null && self is null && kiosk is null) return TypedResults.Unauthorized();
        ApplicantKind kind;
        ValidApplicant applicant;
        if (kiosk is not null)
        {
            kind = ApplicantKind.Person;
            var typed = MobileNumber.Normalize(request.Applicant?.Mobile ?? "");
            if (typed.Length > 0 && MobileNumber.Validate(typed) is { IsValid: false } bad) errors.Add("applicant.mobile", bad.Message!, bad.Rule!);
            var mobile = typed.Length > 0 ? typed : self?.Mobile ?? "";
            if (mobile.Length == 0) errors.Add("applicant.mobile", "请输入手机号码：办理进度将通过短信通知");
            applicant = new ValidApplicant(citizen!.Name, kiosk.IdNumber, mobile, null);
        }
        else if (self is not null && request.Applicant is null)
        {
            // 本人申请: who applies is who logged in; nothing to type, nothing to get wrong.
            kind = ApplicantKind.Person;
            applicant = new ValidApplicant(self.Name, self.IdNumber, self.Mobile, null);
        }
        else applicant = ValidateApplicant(request, errors, out kind);
        var actingForOther = self is not null && (kind == ApplicantKind.Enterprise || applicant.Id != self.IdNumber);
        ApplicationChannel channel = default;
        if (string.IsNullOrWhiteSpace(request.Channel)) errors.Add("channel", "办理渠道不能为空");
        else if (!Enum.TryParse(request.Channel, ignoreCase: true, out channel) || !Enum.IsDefined(channel))
            errors.Add("channel", "办理渠道只能是 online、window、kiosk 或 mobile");
        else if (kiosk is not null && channel != ApplicationChannel.Kiosk)
            errors.Add("channel", "自助终端申请的办理渠道只能是 kiosk");
        else if (citizen is not null && kiosk is null && channel is not (ApplicationChannel.Online or ApplicationChannel.Mobile))
            errors.Add("channel", "网上申请的办理渠道只能是 online 或 mobile");
        errors.Required("itemCode", request.ItemCode, "事项编码");
        if (request.Form is { } form && form.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            errors.Add("form", "表单数据必须是 JSON 对象");
        if (errors.Any) return errors.ToResult();

        var caller = Files.UploadFile.UploaderOf(http.User)!;
        var requestHash = Hash(request);
        var replay = await ReplayAsync(db, caller, key, requestHash, calendars, clock, ct);
        if (replay is not null) return replay;
        ApplicationDraft? draft = null;
        if (request.DraftId is { } draftId)
        {
            draft = await db.ApplicationDrafts.FirstOrDefaultAsync(d => d.Id == draftId && d.CitizenId == citizen!.Id, ct);
            if (draft is null) return errors.Add("draftId", "草稿不存在").ToResult();
            // A draft becomes one case, however often it is sent (two tabs, a retry with a new key).
            if (draft.SubmittedCaseNumber is { } already)
                return TypedResults.Ok(await CaseView.LoadAsync(db, already, calendars, clock, ct));
        }

        var item = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
            .FirstOrDefaultAsync(i => i.Code == request.ItemCode && i.Status == ItemVersionStatus.Published, ct);
        if (item is null) return errors.Add("itemCode", "事项不存在或未发布").ToResult();
        if (!item.Channels.HasFlag(ToChannelFlag(channel))) errors.Add("channel", $"该事项不支持{Case.ChannelName(channel)}");
        if (kind == ApplicantKind.Person && !item.ForPersons) errors.Add("applicant.kind", "该事项不面向自然人办理");
        if (kind == ApplicantKind.Enterprise && !item.ForEnterprises) errors.Add("applicant.kind", "该事项不面向法人办理");

        // Online applications are received by the district center unless the applicant chose a point.
        // 受办分离 at a kiosk: received by the kiosk's service point, handled by the item's department.
        var kioskPoint = kiosk?.ServicePointCode;
        if (kiosk is not null && request.ServicePointCode is not null && request.ServicePointCode != kioskPoint)
            errors.Add("servicePointCode", "自助终端申请由终端所属服务点收件");
        var servicePointCode = kioskPoint ?? request.ServicePointCode ?? actor?.ServicePointCode ?? await ReferenceCache.DistrictCenterAsync(db, item.RegionCode, ct);
        if (servicePointCode is null) errors.Add("servicePointCode", "请指定收件服务点");
        else if (await ReferenceCache.PointAsync(db, servicePointCode, ct) is null) errors.Add("servicePointCode", "服务点不存在");
        var delivery = await ChooseResultDelivery.ValidateAsync(db, request.ResultDelivery, servicePointCode,
            kind == ApplicantKind.Enterprise ? applicant.Contact ?? "" : applicant.Name, applicant.Mobile, errors, ct);
        if (request.WindowCode is not null && (servicePointCode is null || !await ReferenceCache.HasWindowAsync(db, servicePointCode, request.WindowCode, ct)))
            errors.Add("windowCode", "该服务点没有这个窗口");

        var requirements = item.Materials.ToDictionary(m => m.Code);
        var materials = request.Materials ?? [];
        var now = ChinaTime.ToStoredPrecision(clock.GetUtcNow());
        var owner = Materials.LibraryOwner.Of(kind, applicant.Id);
        var checkedMaterials = await CaseMaterialInputs.ValidateAsync(db, materials, requirements, item.Code, owner,
            caller, ChinaTime.DateOf(now), errors, certificates, ct);
        if (actingForOther && !materials.Any(m => requirements.TryGetValue(m.RequirementCode ?? "", out var r) && AuthorizationTypes(kind).Contains(r.MaterialTypeCode ?? "")
                && (m.FileId is not null || m.LibraryMaterialId is not null)))
        {
            if (!item.Materials.Any(r => AuthorizationTypes(kind).Contains(r.MaterialTypeCode ?? "")))
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, "case.agent_not_supported", "该事项不支持网上代办",
                    "该事项没有授权委托材料要求，请申请人本人登录办理，或到窗口办理。");
            errors.Add("materials", kind == ApplicantKind.Enterprise
                ? "代企业申请须附法定代表人授权委托书或法定代表人身份证明"
                : "代他人申请须附申请人签字的授权委托书");
        }
        if (errors.Any) return errors.ToResult();
        if (checkedMaterials.Refusal is not null) return checkedMaterials.Refusal;
        if (actor?.ServicePointCode is not null && servicePointCode != actor.ServicePointCode && !CaseScope.SeesAll(actor))
            return Problems.Of(StatusCodes.Status403Forbidden, "case.scope_forbidden", "不能代其他服务点收件", $"您属于服务点 {actor.ServicePointCode}。");

        var calendar = await calendars.GetAsync(ct);
        var year = ChinaTime.ToChina(now).Year;
        var number = await numbers.NextAsync(item.RegionCode, year, ct);
        var receiver = new CaseActor(actor?.Name ?? (kiosk is not null ? $"申请人（自助终端 {kiosk.KioskCode}）" : (actingForOther ? "代理人" : "申请人") + "（网上申请）"), actor?.Id, servicePointCode!);
        var created = Case.File(new CaseFiling(number, item, channel, new CaseApplicant(kind, applicant.Name, applicant.Id, applicant.Mobile, applicant.Contact),
            servicePointCode!, receiver, now)
        {
            WindowCode = request.WindowCode, KioskCode = kiosk?.KioskCode, SubmittedByStaffId = actor?.Id, SubmittedByCitizenId = self?.Id,
            FormJson = request.Form is { ValueKind: JsonValueKind.Object } f ? f.GetRawText() : "{}",
        }, calendar);
        if (delivery is not null) ChooseResultDelivery.ApplyTo(created, delivery);
        foreach (var m in materials.DistinctBy(m => m.RequirementCode))
            created.Materials.Add(checkedMaterials.ToCaseMaterial(m, requirements[m.RequirementCode!], now));
        db.Cases.Add(created);
        // The library keeps what this application brings under its owner, which it needs before the save.
        created.ApplicantIdIndex = owner.Index;
        if (draft is not null) draft.SubmittedCaseNumber = number;
        db.IdempotencyRecords.Add(new IdempotencyRecord { Caller = caller, Key = key, RequestHash = requestHash, CaseNumber = number, CreatedAt = now });
        await changes.PublishAsync(db, CaseChange.Filed(created, receiver, byStaff: actor is not null, AuditActor.FromHttp(http), calendar, requirements), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // A concurrent double submit with the same key won the race: answer with its case.
            db.ChangeTracker.Clear();
            var raced = await ReplayAsync(db, caller, key, requestHash, calendars, clock, ct);
            if (raced is not null) return raced;
            throw;
        }
        loggers.CreateLogger("Tongban.Cases.SubmitCase").LogInformation("Case {CaseNumber} submitted for item {ItemCode} via {Channel}", number, item.Code, channel);
        return TypedResults.Created($"/api/cases/{number}", await CaseView.BuildAsync(db, created, calendars, clock, ct, justFiled: true));
    }

    private static async Task<IResult?> ReplayAsync(TongbanDb db, string caller, string key, string requestHash, CalendarService calendars, TimeProvider clock, CancellationToken ct)
    {
        var previous = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);
        if (previous is null) return null;
        if (previous.RequestHash != requestHash)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency.key_reused", "Idempotency-Key 已用于另一份申请",
                $"该键已提交过办件 {previous.CaseNumber}，内容与本次不同；新申请请使用新的键。");
        var dto = await CaseView.LoadAsync(db, previous.CaseNumber, calendars, clock, ct);
        return TypedResults.Ok(dto);
    }

    private readonly record struct ValidApplicant(string Name, string Id, string Mobile, string? Contact);

    /// <summary>The material types that carry an authorization to act for the applicant.</summary>
    private static string[] AuthorizationTypes(ApplicantKind kind) =>
        kind == ApplicantKind.Enterprise ? ["power-of-attorney", "legal-representative-proof"] : ["power-of-attorney"];

    private static ValidApplicant ValidateApplicant(SubmitCaseRequest request, FieldErrors errors, out ApplicantKind kind)
    {
        kind = ApplicantKind.Person;
        var a = request.Applicant;
        if (a is null)
        {
            errors.Add("applicant", "窗口收件必须填写申请人信息");
            return default;
        }
        if (!Enum.TryParse(a.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
        {
            errors.Add("applicant.kind", "申请人类型只能是 person（自然人）或 enterprise（法人）");
            return default;
        }
        errors.Required("applicant.name", a.Name, "申请人名称");
        if (a.Name is { Length: > 100 }) errors.Add("applicant.name", "申请人名称不能超过 100 个字符");
        string id;
        if (kind == ApplicantKind.Person)
        {
            id = ResidentIdNumber.Normalize(a.IdNumber ?? "");
            var check = ResidentIdNumber.Validate(id);
            if (string.IsNullOrWhiteSpace(a.IdNumber)) errors.Add("applicant.idNumber", "身份证号码不能为空");
            else if (!check.IsValid) errors.Add("applicant.idNumber", check.Message!, check.Rule!);
        }
        else
        {
            id = UnifiedSocialCreditCode.Normalize(a.CreditCode ?? "");
            var check = UnifiedSocialCreditCode.Validate(id);
            if (string.IsNullOrWhiteSpace(a.CreditCode)) errors.Add("applicant.creditCode", "统一社会信用代码不能为空");
            else if (!check.IsValid) errors.Add("applicant.creditCode", check.Message!, check.Rule!);
            errors.Required("applicant.contactName", a.ContactName, "经办人姓名");
            if (a.ContactName is { Length: > 50 }) errors.Add("applicant.contactName", "经办人姓名不能超过 50 个字符");
        }
        var mobile = MobileNumber.Normalize(a.Mobile ?? "");
        var mobileCheck = MobileNumber.Validate(mobile);
        if (string.IsNullOrWhiteSpace(a.Mobile)) errors.Add("applicant.mobile", "手机号码不能为空：办理进度将通过短信通知");
        else if (!mobileCheck.IsValid) errors.Add("applicant.mobile", mobileCheck.Message!, mobileCheck.Rule!);
        return new ValidApplicant(a.Name?.Trim() ?? "", id, mobile, a.ContactName?.Trim());
    }

    private static string Hash(SubmitCaseRequest request)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    private static Channels ToChannelFlag(ApplicationChannel channel) => channel switch
    {
        ApplicationChannel.Window => Channels.Window,
        ApplicationChannel.Online => Channels.Online,
        ApplicationChannel.Mobile => Channels.Mobile,
        _ => Channels.Kiosk,
    };
}
