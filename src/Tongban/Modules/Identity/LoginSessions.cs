using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

/// <summary>
/// One login (a staff member's or a citizen's): its id travels in the token and the cookie
/// (<see cref="TongbanClaims.SessionId"/>), and a request is accepted only while this row is open and
/// unexpired (ADR 0010). Logging out, a new password or disabling the account ends it on the server.
/// </summary>
internal sealed class LoginSession
{
    public const string Staff = "staff";
    public const string Citizen = "citizen";

    public required string Id { get; init; }
    /// <summary><see cref="Staff"/> or <see cref="Citizen"/>.</summary>
    public required string ActorKind { get; init; }
    /// <summary>The staff user's or the citizen's id.</summary>
    public int SubjectId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Why it ended: logout, disabled, password.</summary>
    public string? EndReason { get; set; }
}

/// <summary>
/// Starts, checks and ends <see cref="LoginSession"/>s. A session seen open is believed for
/// <see cref="SecurityOptions.SessionRecheckInterval"/> without asking the database again; ending a session on
/// this node forgets it at once, so only another node (or the command line) can see it open for that long.
/// </summary>
internal sealed class LoginSessions(TimeProvider clock, IOptions<SecurityOptions> options)
{
    private readonly record struct Seen(DateTimeOffset ExpiresAt, DateTimeOffset CheckedAt);

    private readonly ConcurrentDictionary<string, Seen> _open = new(StringComparer.Ordinal);

    /// <summary>Adds the session row (saved by the caller's SaveChanges) and answers the claim that names it.</summary>
    public Claim Start(TongbanDb db, string actorKind, int subjectId, DateTimeOffset expiresAt)
    {
        var now = clock.GetUtcNow();
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        db.LoginSessions.Add(new LoginSession { Id = id, ActorKind = actorKind, SubjectId = subjectId, CreatedAt = now, ExpiresAt = expiresAt });
        _open[id] = new Seen(expiresAt, now);
        return new Claim(TongbanClaims.SessionId, id);
    }

    /// <summary>
    /// Whether the principal's session is open: not ended, not expired and, for staff, the account still active.
    /// A token without a session id (issued before sessions existed) is refused: one new login after the upgrade.
    /// </summary>
    public async Task<bool> IsOpenAsync(ClaimsPrincipal principal, TongbanDb db, CancellationToken ct)
    {
        if (principal.FindFirstValue(TongbanClaims.SessionId) is not { } id) return false;
        var now = clock.GetUtcNow();
        if (_open.TryGetValue(id, out var seen) && now - seen.CheckedAt < options.Value.SessionRecheckInterval) return seen.ExpiresAt > now;

        var expiresAt = await db.LoginSessions.AsNoTracking()
            .Where(s => s.Id == id && s.EndedAt == null
                && (s.ActorKind != LoginSession.Staff || db.StaffUsers.Any(u => u.Id == s.SubjectId && u.IsActive)))
            .Select(s => (DateTimeOffset?)s.ExpiresAt).FirstOrDefaultAsync(ct);
        if (expiresAt is not { } until || until <= now)
        {
            _open.TryRemove(id, out _);
            return false;
        }
        if (_open.Count > 100_000) ForgetStale(now);
        _open[id] = new Seen(until, now);
        return true;
    }

    /// <summary>Ends the principal's own session (logout): other sessions of the same person stay.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, TongbanDb db, CancellationToken ct)
    {
        if (principal.FindFirstValue(TongbanClaims.SessionId) is not { } id) return;
        _open.TryRemove(id, out _);
        var now = clock.GetUtcNow();
        await db.LoginSessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "logout"), ct);
    }

    /// <summary>Ends every open session of a staff member (disabled, new password).</summary>
    public async Task<int> EndAllOfStaffAsync(TongbanDb db, int staffId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = await db.LoginSessions.Where(s => s.ActorKind == LoginSession.Staff && s.SubjectId == staffId && s.EndedAt == null).Select(s => s.Id).ToListAsync(ct);
        foreach (var id in ids) _open.TryRemove(id, out _);
        return await db.LoginSessions.Where(s => s.ActorKind == LoginSession.Staff && s.SubjectId == staffId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    private void ForgetStale(DateTimeOffset now)
    {
        foreach (var (id, seen) in _open)
            if (now - seen.CheckedAt >= options.Value.SessionRecheckInterval) _open.TryRemove(id, out _);
    }
}
