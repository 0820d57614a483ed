using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Kiosks;

/// <summary>
/// The enrolment and health of one kiosk (one row per kiosk code, made on the first enrolment code). Only hashes of the
/// enrolment code and of the device token are kept: a copy of the database enrols no device and impersonates none.
/// </summary>
internal sealed class KioskDevice
{
    public required string KioskCode { get; init; }
    /// <summary>Keyed hash of the pending one-time enrolment code; null once used or revoked.</summary>
    public string? EnrolmentCodeHash { get; set; }
    public DateTimeOffset? EnrolmentExpiresAt { get; set; }
    /// <summary>SHA-256 of the device token; null when not enrolled or revoked.</summary>
    public string? TokenHash { get; set; }
    public DateTimeOffset? EnrolledAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastHeartbeatAt { get; set; }
    public string? Printer { get; set; }
    public string? Scanner { get; set; }
    public string? CardReader { get; set; }
    public string? Network { get; set; }
    /// <summary>When staff were last alerted about this device (silent or out of paper); cleared when it is well again.</summary>
    public DateTimeOffset? AlertedAt { get; set; }
}

/// <summary>
/// A citizen's session at a kiosk (card placed → card removed, 结束办理, or 60 s idle). Bound to the device: it is
/// accepted only with that device's token. The person is kept encrypted (name, ID number) and by blind index.
/// </summary>
internal sealed class KioskSession
{
    /// <summary>SHA-256 of the session token.</summary>
    public required string Id { get; init; }
    public required string KioskCode { get; init; }
    public required string PersonName { get; init; }
    public required string IdNumber { get; init; }
    public required string IdIndex { get; init; }
    /// <summary>The person's portal account, if they have one (their cases filed as an agent, their library).</summary>
    public int? CitizenId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

internal sealed class KioskDeviceConfiguration : IEntityTypeConfiguration<KioskDevice>
{
    public void Configure(EntityTypeBuilder<KioskDevice> e)
    {
        e.ToTable("kiosk_devices");
        e.HasKey(x => x.KioskCode);
        e.Property(x => x.KioskCode).HasMaxLength(16);
        e.Property(x => x.EnrolmentCodeHash).HasMaxLength(64);
        e.Property(x => x.TokenHash).HasMaxLength(64);
        e.HasIndex(x => x.TokenHash).IsUnique();
        foreach (var p in new[] { nameof(KioskDevice.Printer), nameof(KioskDevice.Scanner), nameof(KioskDevice.CardReader), nameof(KioskDevice.Network) })
            e.Property(p).HasMaxLength(16);
    }
}

internal sealed class KioskSessionConfiguration : IEntityTypeConfiguration<KioskSession>
{
    public void Configure(EntityTypeBuilder<KioskSession> e)
    {
        e.ToTable("kiosk_sessions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.Property(x => x.KioskCode).HasMaxLength(16);
        e.Property(x => x.PersonName).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.IdNumber).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.IdIndex).HasMaxLength(32);
        e.Property(x => x.EndReason).HasMaxLength(16);
        e.HasIndex(x => new { x.KioskCode, x.EndedAt });
    }
}
