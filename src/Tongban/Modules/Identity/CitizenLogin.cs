using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Identity;

internal sealed record CitizenLoginRequest(string? Mobile, string? Code, string? IdNumber, string? Name);

/// <summary>The citizen as shown to themself: personal data masked even here (the screen may be shared).</summary>
internal sealed record CitizenUserDto(string Name, string MaskedName, string MaskedIdNumber, string MaskedMobile);

internal sealed record CitizenLoginResponse(string AccessToken, DateTimeOffset ExpiresAt, CitizenUserDto User);

/// <summary>
/// POST /api/auth/citizen/login — mobile number and SMS code. The first login of a number binds the
/// real name and resident ID number (validated; one ID number belongs to one account). Wrong codes
/// count per number: the fifth locks it for a while. Answers a bearer token and sets the web cookie.
/// </summary>
internal static class CitizenLogin
{
    public static void Map(RouteGroupBuilder auth)
    {
        auth.MapPost("/citizen/login", Handle).AllowAnonymous().Produces<CitizenLoginResponse>().ProducesValidationProblem()
            .ProducesProblem(401).ProducesProblem(409).ProducesProblem(423).WithName("CitizenLogin").WithSummary("群众短信验证码登录");
        auth.MapPost("/citizen/logout", (Delegate)Logout).AllowAnonymous().Produces(StatusCodes.Status204NoContent).WithName("CitizenLogout")
            .WithSummary("群众退出登录（工作台的登录不受影响）");
        auth.MapGet("/citizen/me", Me).RequireAuthorization(Policies.Citizen).Produces<CitizenUserDto>().WithName("CurrentCitizen").WithSummary("当前登录群众");
    }

    internal static async Task<IResult> Handle(CitizenLoginRequest request, TongbanDb db, TimeProvider clock, IOptions<SecurityOptions> security,
        IOptionsMonitor<BearerTokenOptions> bearer, LoginSessions sessions, HttpContext http, AuditTrail audit, ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var mobile = MobileNumber.Normalize(request.Mobile ?? "");
        var code = (request.Code ?? "").Trim();
        if (string.IsNullOrWhiteSpace(request.Mobile)) errors.Add("mobile", "手机号码不能为空");
        else if (MobileNumber.Validate(mobile) is { IsValid: false } m) errors.Add("mobile", m.Message!, m.Rule!);
        if (code.Length == 0) errors.Add("code", "短信验证码不能为空");
        else if (code.Length != 6 || !code.All(char.IsAsciiDigit)) errors.Add("code", "短信验证码是 6 位数字");
        if (errors.Any) return errors.ToResult();

        var options = security.Value;
        var now = clock.GetUtcNow();
        var log = loggers.CreateLogger("Tongban.Identity.CitizenLogin");
        var mobileIndexes = PersonalData.BlindIndexes(mobile);
        var (pending, refusal) = await MobileCodes.CheckAsync(db, mobile, code, options, now, log, ct);
        if (refusal is not null) return refusal;

        var citizen = await db.Citizens.FirstOrDefaultAsync(c => mobileIndexes.Contains(c.MobileIndex), ct);
        if (citizen is null)
        {
            // 实名绑定: the first login names the person; checked before the code is spent, so a typo costs nothing.
            var idNumber = ResidentIdNumber.Normalize(request.IdNumber ?? "");
            if (string.IsNullOrWhiteSpace(request.IdNumber)) errors.Add("idNumber", "首次登录请填写本人身份证号码（实名绑定）");
            else if (ResidentIdNumber.Validate(idNumber) is { IsValid: false } id) errors.Add("idNumber", id.Message!, id.Rule!);
            var name = (request.Name ?? "").Trim();
            if (name.Length == 0) errors.Add("name", "首次登录请填写本人姓名（实名绑定）");
            else if (name.Length > 50) errors.Add("name", "姓名不能超过 50 个字符");
            if (errors.Any) return errors.ToResult();
            var idIndexes = PersonalData.BlindIndexes(idNumber);
            if (await db.Citizens.AnyAsync(c => idIndexes.Contains(c.IdIndex), ct))
                return Problems.Conflict("citizen.id_bound_elsewhere", "该身份证号码已绑定其他手机号",
                    "一个身份证号码只能绑定一个账号。如已更换手机号，请携带身份证到任一政务服务窗口办理换绑。");
            citizen = new Citizen { Mobile = mobile, Name = name, IdNumber = idNumber, CreatedAt = now };
            db.Citizens.Add(citizen);
        }
        pending!.UsedAt = now;
        citizen.LastLoginAt = now;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, new AuditEvent(AuditStreams.Citizen(citizen.Id), ActorOf(citizen, http), "auth.citizen_login", null,
            citizen.CreatedAt == now ? "首次登录，完成实名绑定" : "短信验证码登录"), ct);

        var expiresAt = now + options.CitizenTokenLifetime;
        var principal = CitizenPrincipal.For(citizen, sessions.Start(db, LoginSession.Citizen, citizen.Id, expiresAt));
        await db.SaveChangesAsync(ct);
        var token = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector
            .Protect(new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expiresAt }, BearerTokenDefaults.AuthenticationScheme));
        await http.SignInAsync(SecuritySetup.CitizenCookie, principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expiresAt, IsPersistent = false });
        log.LogInformation("Citizen {CitizenId} logged in", citizen.Id);
        return TypedResults.Ok(new CitizenLoginResponse(token, expiresAt, ToDto(citizen)));
    }

    private static async Task<IResult> Logout(HttpContext http, TongbanDb db, LoginSessions sessions)
    {
        // This session ends on the server (cookie or bearer token alike); the citizen's other sessions stay.
        var caller = await http.AuthenticateAsync(SecuritySetup.CitizenScheme);
        if (caller.Principal?.HasClaim(TongbanClaims.ActorKind, "citizen") == true) await sessions.EndAsync(caller.Principal, db, http.RequestAborted);
        // Only the citizen cookie: a workbench login in the same browser stays.
        await http.SignOutAsync(SecuritySetup.CitizenCookie);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Me(HttpContext http, TongbanDb db, CancellationToken ct)
    {
        var actor = CitizenActor.From(http.User);
        var citizen = actor is null ? null : await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == actor.Id, ct);
        // At a kiosk the card's person may have no portal account: they are who the card says.
        if (citizen is null && actor?.Kiosk is { } kiosk)
            return TypedResults.Ok(new CitizenUserDto(actor.Name, PersonName.Mask(actor.Name), ResidentIdNumber.Mask(kiosk.IdNumber), ""));
        return citizen is null ? TypedResults.Unauthorized() : TypedResults.Ok(ToDto(citizen));
    }

    public static CitizenUserDto ToDto(Citizen c) =>
        new(c.Name, PersonName.Mask(c.Name), ResidentIdNumber.Mask(c.IdNumber), MobileNumber.Mask(c.Mobile));

    private static AuditActor ActorOf(Citizen c, HttpContext http) =>
        new(AuditActor.CitizenKind, c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), PersonName.Mask(c.Name), null,
            http.Connection.RemoteIpAddress?.ToString(), "web");
}
