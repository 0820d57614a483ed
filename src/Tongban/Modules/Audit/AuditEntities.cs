using System.Globalization;
using System.Security.Claims;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Audit;

/// <summary>
/// One audit record (留痕). Entries form a chain per stream: <see cref="PreviousHash"/> is the MAC of
/// the entry before it in the same stream, <see cref="Hash"/> is HMAC-SM3 over every other field
/// (ADR 0005). Rows are only ever inserted; nothing in the application updates or deletes them.
/// </summary>
internal sealed class AuditEntry : Infrastructure.Data.IContendedRow
{
    public long Id { get; init; }
    public required string Stream { get; init; }
    public long Sequence { get; init; }
    public DateTimeOffset At { get; init; }
    public required string ActorKind { get; init; }
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public string? Role { get; init; }
    public required string Action { get; init; }
    public string? CaseNumber { get; init; }
    public required string Summary { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? Ip { get; init; }
    public string? Channel { get; init; }
    public required string PreviousHash { get; init; }
    public string Hash { get; set; } = "";
}

/// <summary>
/// The newest entry of a stream, updated in the same transaction as each append. Without it,
/// deleting the newest entries of a stream would leave a shorter but still consistent chain.
/// <see cref="LastSequence"/> is a concurrency token: two appends racing on one stream cannot both commit.
/// </summary>
internal sealed class AuditStreamHead : Infrastructure.Data.IContendedRow
{
    public required string Stream { get; init; }
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string Mac { get; set; } = "";
}

/// <summary>Who did it. Kinds: staff, citizen, kiosk, system.</summary>
internal sealed record AuditActor(string Kind, string Id, string Name, string? Role, string? Ip, string? Channel)
{
    public const string StaffKind = "staff";
    public const string CitizenKind = "citizen";
    public const string KioskKind = "kiosk";
    public const string SystemKind = "system";

    public static readonly AuditActor System = new(SystemKind, "system", "系统", null, null, null);

    /// <summary>The caller of the current request: staff from their claims, otherwise the claimed actor kind, else an anonymous citizen.</summary>
    public static AuditActor FromHttp(HttpContext http, string? channel = null)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (StaffActor.From(http.User) is { } staff)
            return new(StaffKind, staff.Id.ToString(CultureInfo.InvariantCulture), staff.Name, staff.Roles.Count == 0 ? null : string.Join(',', staff.Roles), ip, channel);
        var kind = http.User.FindFirst(TongbanClaims.ActorKind)?.Value;
        var id = http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var name = http.User.FindFirst(ClaimTypes.Name)?.Value;
        return kind is KioskKind or CitizenKind && id is not null
            // A citizen's real name stays out of the trail in clear: the id says who, the masked name reads well.
            ? new(kind, id, kind == CitizenKind && name is not null ? Validation.PersonName.Mask(name) : name ?? id, null, ip, channel)
            : new(CitizenKind, "anonymous", "匿名用户", null, ip, channel);
    }
}

/// <summary>What happened. <see cref="Before"/>/<see cref="After"/> are small JSON summaries (≤ 4000 characters), never personal data in clear.</summary>
internal sealed record AuditEvent(string Stream, AuditActor Actor, string Action, string? CaseNumber, string Summary, string? Before = null, string? After = null);

/// <summary>Stream names. One stream per case keeps concurrent work on different cases apart.</summary>
internal static class AuditStreams
{
    public const string Staff = "staff";
    public const string System = "system";

    public static string Case(string caseNumber) => "case:" + caseNumber;

    public static string Catalog(string itemCode) => "catalog:" + itemCode;

    public static string Citizen(int citizenId) => "citizen:" + citizenId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A person's or enterprise's material library: every opening of it (查阅) is recorded here, by blind index.</summary>
    public static string Library(string ownerIndex) => "library:" + ownerIndex;

    /// <summary>
    /// The actor's own stream ("staff:12"): reads of personal data go here, so reading a case never
    /// competes with the writes on that case's stream, and one person's reads are naturally serial.
    /// </summary>
    public static string Of(AuditActor actor) => actor.Kind + ":" + actor.Id;
}
