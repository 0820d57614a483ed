using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Tongban.Modules.Identity;

namespace Tongban.Infrastructure.Security;

/// <summary>Tongban:Security — token lifetime and lockout.</summary>
internal sealed class SecurityOptions
{
    public const string Section = "Tongban:Security";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
    /// <summary>Failed logins in a row before the account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Always (production, behind HTTPS) or SameAsRequest (plain http on localhost).</summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.SameAsRequest;
    /// <summary>How long a citizen stays logged in (shorter than staff: phones get lost).</summary>
    public TimeSpan CitizenTokenLifetime { get; set; } = TimeSpan.FromHours(2);
    /// <summary>How long an SMS login code is valid.</summary>
    public TimeSpan LoginCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Wrong SMS codes in a row before the number is locked for <see cref="LockoutDuration"/>.</summary>
    public int MaxFailedCodes { get; set; } = 5;
    /// <summary>Login codes one number may request per hour (and at most one a minute).</summary>
    public int CodesPerNumberPerHour { get; set; } = 5;
    /// <summary>Login codes one IP address may request per hour (a shared NAT: keep generous).</summary>
    public int CodesPerIpPerHour { get; set; } = 30;
}

internal static class TongbanClaims
{
    public const string StaffId = "tongban:staff_id";
    public const string Department = "tongban:department";
    public const string ServicePoint = "tongban:service_point";
    public const string ActorKind = "tongban:actor";
    public const string CitizenId = "tongban:citizen_id";
    /// <summary>The blind index of the citizen's resident ID number (never the number itself).</summary>
    public const string IdIndex = "tongban:id_index";
}

internal static class Policies
{
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string CaseIntake = "case-intake";
    /// <summary>Checking the audit chain: supervisors (监察) and administrators.</summary>
    public const string AuditVerify = "audit-verify";
    /// <summary>A citizen logged in with an SMS code (群众).</summary>
    public const string Citizen = "citizen";
    /// <summary>Staff or citizen: endpoints that answer each in their own way (e.g. a case's details).</summary>
    public const string StaffOrCitizen = "staff-or-citizen";
}

internal static class SecuritySetup
{
    public const string Scheme = "tongban";
    public const string CookieName = "tongban.auth";

    public static IServiceCollection AddTongbanSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        // One policy scheme: a Bearer header wins (API clients, kiosks), otherwise the cookie (web app).
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = options.TokenLifetime)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = options.CookieSecurePolicy;
                o.ExpireTimeSpan = options.TokenLifetime;
                o.SlidingExpiration = false;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });

        services.AddAuthorizationBuilder()
            // Deny by default: an endpoint without [AllowAnonymous] needs a logged-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().RequireClaim(TongbanClaims.ActorKind, "staff"))
            .AddPolicy(Policies.Admin, p => p.RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Admin))
            // A clerk files for an applicant at the window; a citizen applies online for themself (or as an agent).
            .AddPolicy(Policies.CaseIntake, p => p.RequireAssertion(ctx =>
                (ctx.User.HasClaim(TongbanClaims.ActorKind, "staff") && ctx.User.IsInRole(StaffRoles.Clerk)) || ctx.User.HasClaim(TongbanClaims.ActorKind, "citizen")))
            .AddPolicy(Policies.Citizen, p => p.RequireClaim(TongbanClaims.ActorKind, "citizen"))
            .AddPolicy(Policies.StaffOrCitizen, p => p.RequireClaim(TongbanClaims.ActorKind, "staff", "citizen"))
            .AddPolicy(Policies.AuditVerify, p => p.RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Supervisor, StaffRoles.Admin));
        return services;
    }

    public const string ClientHeader = "X-Tongban-Client";

    /// <summary>
    /// CSRF defence for the cookie: a state-changing API request that carries the auth cookie (and no bearer
    /// token) must also carry <see cref="ClientHeader"/>. A custom header cannot be sent cross-site without a
    /// CORS preflight (which Tongban never grants), so a form post or a body-less POST from another site —
    /// even one on the same registrable domain, which SameSite=Strict lets through — is refused.
    /// </summary>
    public static IApplicationBuilder UseCookieCsrfGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if (unsafeMethod && request.Path.StartsWithSegments("/api") && request.Cookies.ContainsKey(CookieName)
            && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !request.Headers.ContainsKey(ClientHeader))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden, Title = "请求来源无法确认",
                    Detail = $"使用登录 Cookie 的修改请求必须带 {ClientHeader} 请求头（本系统网页会自动带上）。",
                    Extensions = { ["code"] = "auth.csrf" },
                },
            });
            return;
        }
        await next();
    });

    public static ClaimsPrincipal PrincipalFor(StaffUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Username),
            new(ClaimTypes.Name, user.Name),
            new(TongbanClaims.StaffId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(TongbanClaims.ActorKind, "staff"),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (user.DepartmentCode is not null) claims.Add(new(TongbanClaims.Department, user.DepartmentCode));
        if (user.ServicePointCode is not null) claims.Add(new(TongbanClaims.ServicePoint, user.ServicePointCode));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>The caller as the rules see them.</summary>
internal sealed record StaffActor(int Id, string Username, string Name, IReadOnlyList<string> Roles, string? DepartmentCode, string? ServicePointCode)
{
    public bool IsIn(string role) => Roles.Contains(role);

    public static StaffActor? From(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(TongbanClaims.ActorKind) != "staff") return null;
        return new StaffActor(
            int.Parse(user.FindFirstValue(TongbanClaims.StaffId)!, System.Globalization.CultureInfo.InvariantCulture),
            user.FindFirstValue(ClaimTypes.NameIdentifier)!,
            user.FindFirstValue(ClaimTypes.Name)!,
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
            user.FindFirstValue(TongbanClaims.Department),
            user.FindFirstValue(TongbanClaims.ServicePoint));
    }
}
