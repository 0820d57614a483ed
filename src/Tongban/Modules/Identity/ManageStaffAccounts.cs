using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Identity;

/// <summary>
/// An operator disables a staff account or sets a new password (command line: <c>staff disable|enable|password</c>;
/// there is no account administration in the web app yet). Disabling or a new password ends every open session of
/// the account (ADR 0010), recorded on the account's audit stream.
/// </summary>
internal static class ManageStaffAccounts
{
    public static async Task<bool> DisableAsync(IServiceProvider services, string username, CancellationToken ct) =>
        await ChangeAsync(services, username, user => user.IsActive = false, "auth.account_disabled", "账号已停用，登录会话全部结束", "disabled", ct);

    public static async Task<bool> EnableAsync(IServiceProvider services, string username, CancellationToken ct) =>
        await ChangeAsync(services, username, user => user.IsActive = true, "auth.account_enabled", "账号已启用", null, ct);

    public static async Task<bool> SetPasswordAsync(IServiceProvider services, string username, string password, CancellationToken ct) =>
        await ChangeAsync(services, username, user => user.PasswordHash = StaffLogin.HashPassword(user, password),
            "auth.password_set", "已设置新密码，登录会话全部结束", "password", ct);

    private static async Task<bool> ChangeAsync(IServiceProvider services, string username, Action<StaffUser> change, string action, string summary,
        string? endSessionsBecause, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var user = await db.StaffUsers.SingleOrDefaultAsync(u => u.Username == username, ct);
        if (user is null) return false;
        change(user);
        var actor = new AuditActor(AuditActor.SystemKind, "cli", "运维命令", null, null, "cli");
        var stream = AuditStreams.Of(new AuditActor(AuditActor.StaffKind, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Name, null, null, null));
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(db, new AuditEvent(stream, actor, action, null, summary), ct);
        await db.SaveChangesAsync(ct);
        if (endSessionsBecause is not null)
            await scope.ServiceProvider.GetRequiredService<LoginSessions>().EndAllOfStaffAsync(db, user.Id, endSessionsBecause, ct);
        return true;
    }

    /// <summary><c>staff disable|enable &lt;username&gt;</c>, <c>staff password &lt;username&gt;</c> (the new password on standard input).</summary>
    public static async Task<int> RunCliAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: staff disable|enable|password <username>");
            return 2;
        }
        var (verb, username) = (args[1], args[2]);
        bool found;
        switch (verb)
        {
            case "disable": found = await DisableAsync(services, username, default); break;
            case "enable": found = await EnableAsync(services, username, default); break;
            case "password":
                var password = Console.ReadLine()?.Trim() ?? "";
                if (password.Length < 10)
                {
                    Console.Error.WriteLine("The new password (on standard input) must have at least 10 characters.");
                    return 2;
                }
                found = await SetPasswordAsync(services, username, password, default);
                break;
            default:
                Console.Error.WriteLine("usage: staff disable|enable|password <username>");
                return 2;
        }
        Console.WriteLine(found ? $"Staff account {username}: {verb} done." : $"No staff account {username}.");
        return found ? 0 : 1;
    }
}
