namespace Tongban.Modules.Identity;

/// <summary>登录: staff by password, citizens by SMS code (the session and security setup is infrastructure).</summary>
internal static class IdentityModule
{
    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        StaffLogin.Map(auth);
        RequestLoginCode.Map(auth);
        CitizenLogin.Map(auth);
    }
}
