using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Modules.Organization;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Identity;

internal sealed record StaffLoginRequest(string? Username, string? Password);

/// <param name="DepartmentName">The department's name for people (the workbench header), null without a department.</param>
/// <param name="ServicePointName">The service point's name for people, null without a point.</param>
internal sealed record StaffUserDto(string Username, string Name, IReadOnlyList<string> Roles, string? DepartmentCode, string? ServicePointCode,
    string? DepartmentName = null, string? ServicePointName = null);

internal sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, StaffUserDto User);

/// <summary>
/// POST /api/auth/staff/login. Answers a bearer token for API clients and also sets the HttpOnly
/// cookie the web app uses, both naming a server-side session (ADR 0010). Repeated failures slow the
/// address and the name down (<see cref="StaffLoginThrottling"/>); no account is ever locked.
/// </summary>
internal static class StaffLogin
{
    public static void Map(RouteGroupBuilder auth)
    {
        auth.MapPost("/staff/login", Handle).AllowAnonymous().Produces<LoginResponse>().ProducesProblem(401).ProducesProblem(429).ProducesValidationProblem().WithName("StaffLogin").WithSummary("工作人员登录");
        auth.MapGet("/me", Me).RequireAuthorization(Policies.Staff).Produces<StaffUserDto>().WithName("CurrentStaffUser");
        auth.MapPost("/logout", (Delegate)Logout).AllowAnonymous().Produces(StatusCodes.Status204NoContent).WithName("Logout").WithSummary("工作人员退出登录（群众门户的登录不受影响）");
    }

    private static readonly PasswordHasher<StaffUser> Hasher = new();

    public static string HashPassword(StaffUser user, string password) => Hasher.HashPassword(user, password);

    internal static async Task<IResult> Handle(StaffLoginRequest request, TongbanDb db, TimeProvider clock, IOptions<SecurityOptions> security,
        IOptionsMonitor<BearerTokenOptions> bearer, LoginSessions sessions, HttpContext http, AuditTrail audit, ILoggerFactory loggers)
    {
        var errors = new FieldErrors()
            .Required("username", request.Username, "用户名")
            .Required("password", request.Password, "密码");
        if (errors.Any) return errors.ToResult();

        var now = clock.GetUtcNow();
        var options = security.Value;
        var log = loggers.CreateLogger("Tongban.Identity.StaffLogin");
        // Asked before the account is looked up: the wait depends only on what was sent, so it tells nothing about the name.
        var keys = StaffLoginThrottling.KeysFor(request.Username!, http);
        if (await StaffLoginThrottling.WaitAsync(db, keys, now, http.RequestAborted) is { } wait) return StaffLoginThrottling.TooManyAttempts(wait);

        var user = await db.StaffUsers.SingleOrDefaultAsync(u => u.Username == request.Username!.Trim());
        // An unknown or disabled name costs the same hash as a real one and takes the same path: counted, then 401.
        var verdict = PasswordVerificationResult.Failed;
        if (user is { IsActive: true }) verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!);
        else Hasher.VerifyHashedPassword(new StaffUser { Username = "x", Name = "x" }, DummyHash, request.Password!);
        if (user is not { IsActive: true } || verdict == PasswordVerificationResult.Failed)
        {
            await StaffLoginThrottling.RecordFailureAsync(db, keys, now, options, log, http.RequestAborted);
            if (user is not null)
            {
                await audit.AppendAsync(db, LoginEvent(user, http, "auth.login_failed", user.IsActive ? "登录失败：密码错误" : "登录失败：账号已停用"), default);
                await db.SaveChangesAsync();
            }
            log.LogInformation("Staff login failed");
            return BadCredentials();
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hasher.HashPassword(user, request.Password!);
        await StaffLoginThrottling.ForgetAccountAsync(db, keys, http.RequestAborted);
        user.LastLoginAt = now;
        var expiresAt = now + options.TokenLifetime;
        var principal = StaffPrincipal.For(user, sessions.Start(db, LoginSession.Staff, user.Id, expiresAt));
        await audit.AppendAsync(db, LoginEvent(user, http, "auth.login", "登录成功"), default);
        await db.SaveChangesAsync();

        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expiresAt };
        var protector = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector;
        var token = protector.Protect(new AuthenticationTicket(principal, properties, BearerTokenDefaults.AuthenticationScheme));
        await http.SignInAsync(SecuritySetup.StaffCookie, principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expiresAt, IsPersistent = false });
        log.LogInformation("Staff {Username} logged in", user.Username);
        return TypedResults.Ok(new LoginResponse(token, expiresAt, await ToDtoAsync(db, user, http.RequestAborted)));
    }

    private static async Task<IResult> Me(HttpContext http, TongbanDb db)
    {
        var actor = StaffActor.From(http.User)!;
        var user = await db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actor.Id);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await ToDtoAsync(db, user, http.RequestAborted));
    }

    private static async Task<IResult> Logout(HttpContext http, TongbanDb db, LoginSessions sessions)
    {
        // This session ends on the server (cookie or bearer token alike); the person's other sessions stay.
        var caller = await http.AuthenticateAsync(SecuritySetup.StaffScheme);
        if (caller.Principal?.FindFirstValue(TongbanClaims.ActorKind) == "staff") await sessions.EndAsync(caller.Principal, db, http.RequestAborted);
        // Only the staff cookie: a portal login in the same browser stays.
        await http.SignOutAsync(SecuritySetup.StaffCookie);
        return TypedResults.NoContent();
    }

    /// <summary>Logins and failures go on the account's own audit stream (staff:&lt;id&gt;).</summary>
    private static AuditEvent LoginEvent(StaffUser user, HttpContext http, string action, string summary)
    {
        var actor = new AuditActor(AuditActor.StaffKind, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Name,
            string.Join(',', user.Roles), http.Connection.RemoteIpAddress?.ToString(), "web");
        return new AuditEvent(AuditStreams.Of(actor), actor, action, null, summary);
    }

    /// <summary>The account with its department's and point's names (reference data, from memory).</summary>
    public static async Task<StaffUserDto> ToDtoAsync(TongbanDb db, StaffUser u, CancellationToken ct) =>
        new(u.Username, u.Name, u.Roles, u.DepartmentCode, u.ServicePointCode,
            u.DepartmentCode is { } department ? (await ReferenceCache.DepartmentAsync(db, department, ct))?.Name : null,
            u.ServicePointCode is { } point ? (await ReferenceCache.PointAsync(db, point, ct))?.Name : null);

    private static IResult BadCredentials() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "auth.invalid_credentials", "用户名或密码错误", "请检查后重新输入；连续多次错误后需等待片刻才能再试。");

    private static readonly string DummyHash = Hasher.HashPassword(new StaffUser { Username = "x", Name = "x" }, Guid.NewGuid().ToString());
}
