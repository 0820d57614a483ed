using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

/// <summary>
/// Recent failed staff logins under one key — an address, a user name from an address, or a user name from
/// anywhere — and until when that key must wait before the next try. Kept in the database so every node sees it.
/// </summary>
internal sealed class StaffLoginThrottle
{
    public required string Key { get; init; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? WaitUntil { get; set; }
}

/// <summary>
/// Slows password guessing instead of locking accounts. Each key has a few free failures, then every further failure
/// doubles the wait before the next try (429 with Retry-After). The keys depend only on what the caller sent, never on
/// whether the account exists, so unknown and known names are answered alike. The per-account keys are per address
/// (a stranger's guesses do not hold back the clerk at her own counter) plus one far higher cap from anywhere.
/// </summary>
internal static class StaffLoginThrottling
{
    internal sealed record Keys(string Address, string AccountAtAddress, string Account)
    {
        public string[] All => [Address, AccountAtAddress, Account];
    }

    public static Keys KeysFor(string username, HttpContext http)
    {
        var address = AddressKey(http.Connection.RemoteIpAddress);
        var name = username.Trim().ToLowerInvariant();
        // Hashed: a key has a fixed length whatever was typed, and the table does not list guessed names.
        return new Keys("ip:" + address, "ua:" + PersonalData.BlindIndex("staff-login:" + name + "@" + address), "u:" + PersonalData.BlindIndex("staff-login:" + name));
    }

    /// <summary>An IPv6 client usually holds a whole /64: that network is one address here.</summary>
    internal static string AddressKey(IPAddress? ip)
    {
        if (ip is null) return "none";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>How long the caller must still wait, or null when they may try now.</summary>
    public static async Task<TimeSpan?> WaitAsync(TongbanDb db, Keys keys, DateTimeOffset now, CancellationToken ct)
    {
        var all = keys.All;
        var until = await db.StaffLoginThrottles.AsNoTracking().Where(t => all.Contains(t.Key) && t.WaitUntil != null)
            .Select(t => t.WaitUntil!.Value).ToListAsync(ct);
        var latest = until.Where(u => u > now).DefaultIfEmpty().Max();
        return latest > now ? latest - now : null;
    }

    /// <summary>Counts a failure under each key and sets the next wait; saved at once, apart from the caller's changes.</summary>
    public static async Task RecordFailureAsync(TongbanDb db, Keys keys, DateTimeOffset now, SecurityOptions options, ILogger log, CancellationToken ct)
    {
        var forgetBefore = now - options.StaffLoginFailureMemory;
        // Keys quiet for long are forgotten: sprayed names do not pile up.
        await db.StaffLoginThrottles.Where(t => t.LastFailureAt < forgetBefore && (t.WaitUntil == null || t.WaitUntil < now)).ExecuteDeleteAsync(ct);
        var all = keys.All;
        var rows = await db.StaffLoginThrottles.Where(t => all.Contains(t.Key)).ToListAsync(ct);
        foreach (var (key, free) in new[] { (keys.Address, options.StaffLoginFreeFailuresPerAddress), (keys.AccountAtAddress, options.StaffLoginFreeFailuresPerAccount), (keys.Account, options.StaffLoginFreeFailuresPerAccountAnywhere) })
        {
            var row = rows.FirstOrDefault(r => r.Key == key);
            if (row is null) db.StaffLoginThrottles.Add(row = new StaffLoginThrottle { Key = key });
            if (row.LastFailureAt < forgetBefore) row.Failures = 0;
            row.Failures++;
            row.LastFailureAt = now;
            if (row.Failures <= free) continue;
            row.WaitUntil = now + Delay(row.Failures - free, options);
            if (row.Failures == free + 1 && key == keys.Address) log.LogWarning("Staff logins from {Address} are slowed down after {Failures} failures", keys.Address[3..], row.Failures);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node counted a first failure under the same key at the same moment: this one goes uncounted.
            foreach (var entry in db.ChangeTracker.Entries<StaffLoginThrottle>().ToList()) entry.State = EntityState.Detached;
        }
    }

    /// <summary>The right password: that name's counters start again (the address's does not: one good account must not
    /// reset a spray from the same address).</summary>
    public static Task ForgetAccountAsync(TongbanDb db, Keys keys, CancellationToken ct) =>
        db.StaffLoginThrottles.Where(t => t.Key == keys.AccountAtAddress || t.Key == keys.Account).ExecuteDeleteAsync(ct);

    /// <summary>First delay, doubled with each further failure, at most the maximum.</summary>
    internal static TimeSpan Delay(int beyondFree, SecurityOptions options)
    {
        var doublings = Math.Min(beyondFree - 1, 30);
        var ticks = Math.Min((double)options.StaffLoginFirstDelay.Ticks * Math.Pow(2, doublings), options.StaffLoginMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <param name="attempt">What was tried, in the message: 登录, or 登记 for a kiosk's enrolment code.</param>
    public static IResult TooManyAttempts(TimeSpan wait, string attempt = "登录")
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new RetryAfter(seconds, Problems.Of(StatusCodes.Status429TooManyRequests, "auth.too_many_attempts", $"{attempt}尝试过于频繁",
            $"{attempt}失败次数较多，请 {seconds} 秒后再试。"));
    }

    private sealed class RetryAfter(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
