using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Tongban.Infrastructure.Security;

/// <summary>Tongban:Security — token lifetime, sessions and login limits.</summary>
internal sealed class SecurityOptions
{
    public const string Section = "Tongban:Security";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How long a mobile number stays locked after too many wrong SMS codes.</summary>
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
    /// <summary>
    /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed. Empty (the default): the header is
    /// ignored and the client IP is the socket's — otherwise anyone could name any IP and dodge the per-IP limits.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>
    /// How long a node believes a session it saw open without asking the database again. A logout on the same node
    /// counts at once; a logout on another node, a disabled account or a new password count within this time.
    /// Zero: ask on every request.
    /// </summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Failed staff logins from one address (any names) before each further one makes it wait (a shared NAT: keep generous).</summary>
    public int StaffLoginFreeFailuresPerAddress { get; set; } = 10;
    /// <summary>Failed logins of one user name from one address before each further one makes it wait.</summary>
    public int StaffLoginFreeFailuresPerAccount { get; set; } = 5;
    /// <summary>Failed logins of one user name from all addresses together: far higher, so strangers cannot hold a clerk back.</summary>
    public int StaffLoginFreeFailuresPerAccountAnywhere { get; set; } = 100;
    /// <summary>The wait after the first failure beyond the free ones; it doubles with each further failure.</summary>
    public TimeSpan StaffLoginFirstDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan StaffLoginMaxDelay { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Failures are forgotten after this long without a new one.</summary>
    public TimeSpan StaffLoginFailureMemory { get; set; } = TimeSpan.FromHours(1);
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
    /// <summary>Every blind index of the ID number, comma-separated (ADR 0013: two index kinds coexist until rotation).</summary>
    public const string IdIndexes = "tongban:id_indexes";
    /// <summary>The login session (ADR 0010): a request counts only while that session is open on the server.</summary>
    public const string SessionId = "tongban:sid";
    /// <summary>The kiosk a device principal is, or a kiosk session principal is at.</summary>
    public const string KioskCode = "tongban:kiosk";
    /// <summary>A citizen's session at a kiosk (its id, the hash of its token).</summary>
    public const string KioskSession = "tongban:kiosk_session";
    /// <summary>The card's ID number in a kiosk session principal (made per request on the server; no token carries it).</summary>
    public const string KioskIdNumber = "tongban:kiosk_id_number";
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
    /// <summary>Staff or citizen: endpoints that answer each in their own way (e.g. a file).</summary>
    public const string StaffOrCitizen = "staff-or-citizen";
    /// <summary>Reading and acting on cases (in the caller's scope): staff with a <see cref="StaffRoles.CaseWork"/> role. Not analysts (ADR 0011).</summary>
    public const string CaseWork = "case-work";
    /// <summary><see cref="CaseWork"/> staff, or a citizen for their own cases (a case's details, its actions).</summary>
    public const string CaseWorkOrCitizen = "case-work-or-citizen";
    /// <summary>督办 (sending a directive): the supervisor's alone — not an administrator's, not the handling department's.</summary>
    public const string Supervise = "supervise";
    /// <summary>Handling cases (clerk, reviewer, approver): answering a 督办 addressed to one's department or window.</summary>
    public const string CaseHandling = "case-handling";
    /// <summary>An enrolled kiosk (一体机), by its device token (with or without a citizen's session on it).</summary>
    public const string KioskDevice = "kiosk-device";
    /// <summary>A citizen's session at a kiosk.</summary>
    public const string KioskSession = "kiosk-session";
    /// <summary>A window clerk (窗口人员): calling the queue; that the window is at the clerk's own point is the handler's check.</summary>
    public const string WindowClerk = "window-clerk";
}

internal static class SecuritySetup
{
    /// <summary>The default scheme: a bearer token, else the cookie of the side the request is for (see <see cref="SelectCookie"/>).</summary>
    public const string Scheme = "tongban";
    /// <summary>Bearer token or the staff cookie: what staff-only policies authenticate with, whatever other cookie is present.</summary>
    public const string StaffScheme = "tongban-staff";
    /// <summary>Bearer token or the citizen cookie: what citizen-only policies authenticate with.</summary>
    public const string CitizenScheme = "tongban-citizen";
    /// <summary>
    /// Staff (workbench) and citizens (portal) have a cookie each, so one browser can be logged in to both and logging
    /// out of one leaves the other alone. Both names are also their cookie schemes.
    /// </summary>
    public const string StaffCookie = "tongban.staff";
    public const string CitizenCookie = "tongban.citizen";
    /// <summary>
    /// Which side a request acting for both is for (staff | citizen), when both cookies are present: the web app sends it
    /// from the page's side. Only chooses between the caller's own two logins; it grants nothing.
    /// </summary>
    public const string ActorHeader = "X-Tongban-Actor";

    /// <summary>A kiosk's device header (and a citizen's session header on it): the Kiosks module's scheme.</summary>
    public const string KioskScheme = "kiosk";
    public const string KioskDeviceHeader = "X-Kiosk-Device";

    private static bool HasKioskDevice(HttpContext ctx) => ctx.Request.Headers.ContainsKey(KioskDeviceHeader);

    private static bool HasBearer(HttpContext ctx) => ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For endpoints open to staff and citizens (a case, a file): the only cookie present, or with both the one
    /// <see cref="ActorHeader"/> names, or else the page the request came from (a link or an image sends no header, but
    /// its Referer: /workbench, /screen and /login are staff pages), and staff when nothing tells.
    /// </summary>
    internal static string SelectCookie(HttpContext ctx)
    {
        var cookies = ctx.Request.Cookies;
        var staff = cookies.ContainsKey(StaffCookie);
        var citizen = cookies.ContainsKey(CitizenCookie);
        if (staff != citizen) return staff ? StaffCookie : CitizenCookie;
        var actor = ctx.Request.Headers[ActorHeader].ToString();
        if (actor.Equals("citizen", StringComparison.OrdinalIgnoreCase)) return CitizenCookie;
        if (actor.Equals("staff", StringComparison.OrdinalIgnoreCase)) return StaffCookie;
        if (staff && Uri.TryCreate(ctx.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.Host == ctx.Request.Host.Host)
        {
            var path = referer.AbsolutePath;
            var staffPage = path.StartsWith("/workbench", StringComparison.Ordinal) || path.StartsWith("/screen", StringComparison.Ordinal) || path.StartsWith("/login", StringComparison.Ordinal);
            return staffPage ? StaffCookie : CitizenCookie;
        }
        return StaffCookie;
    }

    public static IServiceCollection AddTongbanSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        DatabaseKeyRing.AddDatabaseKeyRing(services);
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        void Cookie(CookieAuthenticationOptions o, string name, TimeSpan lifetime)
        {
            o.Cookie.Name = name;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = options.CookieSecurePolicy;
            o.ExpireTimeSpan = lifetime;
            o.SlidingExpiration = false;
            // An API answers 401/403; it never redirects to a login page.
            o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        }

        // A Bearer header wins (API clients, kiosks), otherwise a cookie (web app): the staff one, the citizen one, or for
        // endpoints open to both the one SelectCookie picks.
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer or cookie", o => o.ForwardDefaultSelector = ctx => HasKioskDevice(ctx) ? KioskScheme : HasBearer(ctx) ? BearerTokenDefaults.AuthenticationScheme : SelectCookie(ctx))
            .AddPolicyScheme(StaffScheme, "Bearer or staff cookie", o => o.ForwardDefaultSelector = ctx => HasKioskDevice(ctx) ? KioskScheme : HasBearer(ctx) ? BearerTokenDefaults.AuthenticationScheme : StaffCookie)
            .AddPolicyScheme(CitizenScheme, "Bearer or citizen cookie", o => o.ForwardDefaultSelector = ctx => HasKioskDevice(ctx) ? KioskScheme : HasBearer(ctx) ? BearerTokenDefaults.AuthenticationScheme : CitizenCookie)
            .AddBearerToken(o => o.BearerTokenExpiration = options.TokenLifetime)
            .AddCookie(StaffCookie, o => Cookie(o, StaffCookie, options.TokenLifetime))
            .AddCookie(CitizenCookie, o => Cookie(o, CitizenCookie, options.CitizenTokenLifetime));

        services.AddAuthorizationBuilder()
            // Deny by default: an endpoint without [AllowAnonymous] needs a logged-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.AddAuthenticationSchemes(StaffScheme).RequireAuthenticatedUser().RequireClaim(TongbanClaims.ActorKind, "staff"))
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Admin))
            // A clerk files for an applicant at the window; a citizen applies online for themself (or as an agent).
            .AddPolicy(Policies.CaseIntake, p => p.RequireAssertion(ctx =>
                (ctx.User.HasClaim(TongbanClaims.ActorKind, "staff") && ctx.User.IsInRole(StaffRoles.Clerk)) || ctx.User.HasClaim(TongbanClaims.ActorKind, "citizen")))
            .AddPolicy(Policies.Citizen, p => p.AddAuthenticationSchemes(CitizenScheme).RequireClaim(TongbanClaims.ActorKind, "citizen"))
            .AddPolicy(Policies.StaffOrCitizen, p => p.RequireClaim(TongbanClaims.ActorKind, "staff", "citizen"))
            .AddPolicy(Policies.CaseWork, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.CaseWork))
            .AddPolicy(Policies.CaseWorkOrCitizen, p => p.RequireAssertion(ctx =>
                (ctx.User.HasClaim(TongbanClaims.ActorKind, "staff") && StaffRoles.CaseWork.Any(ctx.User.IsInRole)) || ctx.User.HasClaim(TongbanClaims.ActorKind, "citizen")))
            .AddPolicy(Policies.Supervise, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Supervisor))
            .AddPolicy(Policies.CaseHandling, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Handling))
            // A kiosk device is neither staff nor citizen: the policies above refuse it (403). A session on it is its person.
            .AddPolicy(Policies.KioskDevice, p => p.RequireClaim(TongbanClaims.KioskCode))
            .AddPolicy(Policies.KioskSession, p => p.RequireClaim(TongbanClaims.KioskSession))
            .AddPolicy(Policies.WindowClerk, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Clerk))
            .AddPolicy(Policies.AuditVerify, p => p.AddAuthenticationSchemes(StaffScheme).RequireClaim(TongbanClaims.ActorKind, "staff").RequireRole(StaffRoles.Supervisor, StaffRoles.Admin));
        return services;
    }

    public const string ClientHeader = "X-Tongban-Client";

    /// <summary>
    /// CSRF defence for the cookie: a state-changing API request that carries the auth cookie (and no bearer
    /// token) must also carry <see cref="ClientHeader"/>. A custom header cannot be sent cross-site without a
    /// CORS preflight (which Tongban never grants), so a form post or a body-less POST from another site —
    /// even one on the same registrable domain, which SameSite=Strict lets through — is refused.
    /// </summary>
    /// <summary>
    /// X-Forwarded-For / X-Forwarded-Proto, only from the configured proxies (Tongban:Security:KnownProxies) and only their
    /// last hop. With none configured nothing is added: a client's own X-Forwarded-For changes nothing.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app, SecurityOptions options)
    {
        if (options.KnownProxies.Length == 0) return app;
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        // The defaults trust loopback; only what is configured is trusted.
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var entry in options.KnownProxies) forwarded.KnownIPNetworks.Add(ParseProxy(entry));
        return app.UseForwardedHeaders(forwarded);
    }

    internal static System.Net.IPNetwork ParseProxy(string entry)
    {
        var text = entry.Trim();
        if (System.Net.IPNetwork.TryParse(text, out var network)) return network;
        if (System.Net.IPAddress.TryParse(text, out var ip)) return new System.Net.IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new InvalidOperationException($"Tongban:Security:KnownProxies: \"{entry}\" is neither an IP address nor a CIDR network (e.g. 10.0.0.5 or 10.0.0.0/24).");
    }

    public static IApplicationBuilder UseCookieCsrfGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if (unsafeMethod && request.Path.StartsWithSegments("/api") && (request.Cookies.ContainsKey(StaffCookie) || request.Cookies.ContainsKey(CitizenCookie))
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
