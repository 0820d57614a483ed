using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

/// <summary>登录: staff by password, citizens by SMS code (the session and security setup is infrastructure).</summary>
internal static class IdentityModule
{
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddSingleton<LoginSessions>();
        // Every authenticated request, by cookie or by bearer token, must name a session that is still open (ADR 0010).
        foreach (var cookie in new[] { SecuritySetup.StaffCookie, SecuritySetup.CitizenCookie })
            services.PostConfigure<CookieAuthenticationOptions>(cookie, o => o.Events.OnValidatePrincipal = async ctx =>
            {
                var http = ctx.HttpContext;
                if (ctx.Principal is null || !await Sessions(http).IsOpenAsync(ctx.Principal, Db(http), http.RequestAborted))
                {
                    ctx.RejectPrincipal();
                    await http.SignOutAsync(ctx.Scheme.Name);
                }
            });
        services.PostConfigure<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme, o => o.Events.OnMessageReceived = async ctx =>
        {
            var header = ctx.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return;
            // An unreadable token is left to the handler, which refuses it as before.
            var ticket = ctx.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
            if (ticket is not null && !await Sessions(ctx.HttpContext).IsOpenAsync(ticket.Principal, Db(ctx.HttpContext), ctx.HttpContext.RequestAborted))
                ctx.Fail("The session has ended.");
        });
        return services;
    }

    private static LoginSessions Sessions(HttpContext http) => http.RequestServices.GetRequiredService<LoginSessions>();

    private static TongbanDb Db(HttpContext http) => http.RequestServices.GetRequiredService<TongbanDb>();

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        StaffLogin.Map(auth);
        RequestLoginCode.Map(auth);
        CitizenLogin.Map(auth);
    }
}
