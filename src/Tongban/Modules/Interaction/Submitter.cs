using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Identity;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Interaction;

/// <summary>
/// Who asks or complains: a logged-in citizen (their account's mobile unless they give another) or a kiosk session, or
/// an anonymous person who proves the mobile with an SMS code (sent by POST /api/auth/citizen/otp). The anonymous path
/// spends the code in the caller's unit of work.
/// </summary>
internal sealed record Submitter(int? CitizenId, string? Mobile, string Channel)
{
    public const string NumberAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>A readable, unguessable number: prefix, the Beijing date, six random characters.</summary>
    public static string NewNumber(string prefix, DateTimeOffset now) =>
        prefix + Infrastructure.Clock.ChinaTime.DateOf(now).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetString(NumberAlphabet, 6);

    public static async Task<(Submitter? Submitter, IResult? Refusal)> ResolveAsync(HttpContext http, TongbanDb db, string? mobile, string? code,
        FieldErrors errors, DateTimeOffset now, CancellationToken ct)
    {
        var typed = string.IsNullOrWhiteSpace(mobile) ? null : MobileNumber.Normalize(mobile);
        if (typed is not null && MobileNumber.Validate(typed) is { IsValid: false } bad) errors.Add("mobile", bad.Message!, bad.Rule!);

        if (CitizenActor.From(http.User) is { } citizen)
        {
            if (errors.Any) return (null, errors.ToResult());
            var own = citizen.Kiosk is null ? await db.Citizens.AsNoTracking().Where(c => c.Id == citizen.Id).Select(c => c.Mobile).FirstOrDefaultAsync(ct) : null;
            return (new Submitter(citizen.Kiosk is null ? citizen.Id : null, typed ?? own, citizen.Kiosk is null ? "portal" : "kiosk"), null);
        }

        if (typed is null) errors.Add("mobile", "未登录时请填写手机号码，并输入短信验证码");
        if (string.IsNullOrWhiteSpace(code)) errors.Add("code", "请输入发送到该手机的短信验证码");
        if (errors.Any) return (null, errors.ToResult());
        var security = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tongban.Interaction");
        var (pending, refusal) = await MobileCodes.CheckAsync(db, typed!, code!.Trim(), security, now, log, ct);
        if (refusal is not null) return (null, refusal);
        pending!.UsedAt = now;
        return (new Submitter(null, typed, "portal"), null);
    }
}
