using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Identity;

/// <summary>
/// The SMS code check shared by the citizen login and by anything an anonymous person proves a mobile number for (网上咨询,
/// 投诉建议): the newest unused code of the number (sent by POST /api/auth/citizen/otp), wrong codes counted per number,
/// the fifth locking it. A wrong code is saved here; the right one is handed back for the caller to spend
/// (<c>UsedAt</c>) in its own unit of work, so a request refused for another reason does not cost the code.
/// </summary>
internal static class MobileCodes
{
    public sealed record Check(LoginCode? Code, IResult? Refusal);

    public static async Task<Check> CheckAsync(TongbanDb db, string mobile, string code, SecurityOptions options, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        var mobileIndex = PersonalData.BlindIndex(mobile);
        var indexes = PersonalData.BlindIndexes(mobile);
        var guard = await db.CitizenLoginGuards.Where(g => indexes.Contains(g.MobileIndex)).OrderByDescending(g => g.LockedUntil).FirstOrDefaultAsync(ct);
        if (guard?.LockedUntil > now) return new(null, RequestLoginCode.Locked(guard.LockedUntil.Value, now));

        var pending = await db.LoginCodes.Where(c => indexes.Contains(c.MobileIndex) && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(ct);
        if (pending is not null && pending.CodeHash == RequestLoginCode.HashCode(mobile, code))
        {
            if (guard is not null) guard.FailedAttempts = 0;
            return new(pending, null);
        }

        if (guard is null) db.CitizenLoginGuards.Add(guard = new CitizenLoginGuard { MobileIndex = mobileIndex });
        guard.FailedAttempts++;
        if (pending is not null) pending.FailedAttempts++;
        var locked = guard.FailedAttempts >= options.MaxFailedCodes;
        if (locked)
        {
            guard.LockedUntil = now + options.LockoutDuration;
            guard.FailedAttempts = 0;
            // Whatever code is outstanding dies with the lock: after it, a new code is needed.
            if (pending is not null) pending.UsedAt = now;
            log.LogWarning("Mobile code checks locked for {Mobile} after repeated wrong codes", MobileNumber.Mask(mobile));
        }
        await db.SaveChangesAsync(ct);
        return new(null, locked
            ? RequestLoginCode.Locked(guard.LockedUntil!.Value, now)
            : Problems.Of(StatusCodes.Status401Unauthorized, "auth.invalid_code", "验证码错误或已过期",
                $"请核对短信中的验证码，或重新获取；再错 {options.MaxFailedCodes - guard.FailedAttempts} 次该号码将被临时锁定。"));
    }
}
