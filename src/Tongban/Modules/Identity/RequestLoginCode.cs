using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Identity;

/// <param name="Purpose">What the code is for, so the SMS says so: <c>login</c> (default), <c>consultation</c> (an anonymous
/// 网上咨询) or <c>complaint</c> (an anonymous 投诉建议). The code itself is the same one-use code either way.</param>
internal sealed record LoginCodeRequest(string? Mobile, string? Purpose = null);

/// <summary>
/// POST /api/auth/citizen/otp — sends a six-digit login code by SMS (through the outbox, like every
/// message). Limited per number (one a minute, a few an hour) and per IP address, so the endpoint can
/// neither flood a stranger's phone nor burn the SMS budget. Answers 202 whether or not the number
/// has an account: the answer never says who is registered.
/// </summary>
internal static class RequestLoginCode
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/citizen/otp", Handle).AllowAnonymous().Produces(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status423Locked).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("RequestCitizenLoginCode").WithSummary("发送群众登录短信验证码");

    internal static async Task<IResult> Handle(LoginCodeRequest request, HttpContext http, TongbanDb db, TimeProvider clock,
        IOptions<SecurityOptions> security, ILoggerFactory loggers, CancellationToken ct)
    {
        var mobile = MobileNumber.Normalize(request.Mobile ?? "");
        var check = MobileNumber.Validate(mobile);
        if (string.IsNullOrWhiteSpace(request.Mobile)) return new FieldErrors().Add("mobile", "手机号码不能为空").ToResult();
        if (!check.IsValid) return new FieldErrors().Add("mobile", check.Message!, check.Rule!).ToResult();
        var purpose = string.IsNullOrWhiteSpace(request.Purpose) ? "login" : request.Purpose.Trim();
        if (Notifications.PersonalMessages.CodeEventOf(purpose) is not { } codeEvent)
            return new FieldErrors().Add("purpose", "验证码用途只能是 login、consultation 或 complaint").ToResult();

        var options = security.Value;
        var now = clock.GetUtcNow();
        var index = PersonalData.BlindIndex(mobile);
        var indexes = PersonalData.BlindIndexes(mobile);
        var guard = await db.CitizenLoginGuards.AsNoTracking().Where(g => indexes.Contains(g.MobileIndex)).OrderByDescending(g => g.LockedUntil).FirstOrDefaultAsync(ct);
        if (guard?.LockedUntil > now) return Locked(guard.LockedUntil.Value, now);

        var hourAgo = now.AddHours(-1);
        var recent = await db.LoginCodes.AsNoTracking().Where(c => indexes.Contains(c.MobileIndex) && c.IssuedAt > hourAgo)
            .OrderByDescending(c => c.IssuedAt).Select(c => c.IssuedAt).ToListAsync(ct);
        if (recent.Count > 0 && now - recent[0] < TimeSpan.FromMinutes(1))
            return TooMany(recent[0].AddMinutes(1) - now, "验证码已发送，请稍后再试", "同一号码每分钟只能获取一次验证码，请查看短信。");
        if (recent.Count >= options.CodesPerNumberPerHour)
            return TooMany(recent[^1].AddHours(1) - now, "获取验证码次数过多", $"同一号码每小时最多获取 {options.CodesPerNumberPerHour} 次验证码。");
        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (ip is not null && await db.LoginCodes.CountAsync(c => c.Ip == ip && c.IssuedAt > hourAgo, ct) >= options.CodesPerIpPerHour)
            return TooMany(TimeSpan.FromHours(1), "获取验证码次数过多", "本网络获取验证码过于频繁，请稍后再试。");

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        db.LoginCodes.Add(new LoginCode { MobileIndex = index, CodeHash = HashCode(mobile, code), Ip = ip, IssuedAt = now, ExpiresAt = now + options.LoginCodeLifetime });
        await Notifications.PersonalMessages.QueueLoginCodeAsync(db, mobile, code, options.LoginCodeLifetime, now, ct, codeEvent);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger("Tongban.Identity.CitizenLogin").LogInformation("Login code sent to {Mobile}", MobileNumber.Mask(mobile));
        return TypedResults.Accepted((string?)null, new { expiresInSeconds = (int)options.LoginCodeLifetime.TotalSeconds });
    }

    /// <summary>A keyed hash of number and code: equal only for the right code on the right number.</summary>
    public static string HashCode(string mobile, string code) => PersonalData.BlindIndex("login-code:" + mobile + ":" + code);

    internal static IResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        Problems.Of(StatusCodes.Status423Locked, "auth.number_locked", "该号码已被临时锁定",
            $"验证码连续输错次数过多，请 {(int)Math.Ceiling((until - now).TotalMinutes)} 分钟后再试。");

    private static IResult TooMany(TimeSpan retryAfter, string title, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new RetryAfterResult(seconds, Problems.Of(StatusCodes.Status429TooManyRequests, "auth.too_many_codes", title, detail));
    }

    /// <summary>A ProblemDetails answer with a Retry-After header.</summary>
    private sealed class RetryAfterResult(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
