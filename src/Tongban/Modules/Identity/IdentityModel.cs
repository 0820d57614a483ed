using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Identity;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> e)
    {
        e.HasIndex(x => x.Username).IsUnique();
        e.Property(x => x.Username).HasMaxLength(64);
        e.Property(x => x.PasswordHash).HasMaxLength(200);
        e.Property(x => x.Mobile).HasConversion(PersonalData.EncryptedConverter!);
    }
}

/// <summary>Citizens: one account per mobile number and per ID number, both found through blind indexes.</summary>
internal sealed class CitizenConfiguration : IEntityTypeConfiguration<Citizen>
{
    public void Configure(EntityTypeBuilder<Citizen> e)
    {
        e.ToTable("citizens");
        e.Property(x => x.Mobile).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.IdNumber).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.MobileIndex).HasMaxLength(32);
        e.Property(x => x.IdIndex).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(50);
        e.HasIndex(x => x.MobileIndex).IsUnique();
        e.HasIndex(x => x.IdIndex).IsUnique();
    }
}

internal sealed class LoginCodeConfiguration : IEntityTypeConfiguration<LoginCode>
{
    public void Configure(EntityTypeBuilder<LoginCode> e)
    {
        e.ToTable("login_codes");
        e.Property(x => x.MobileIndex).HasMaxLength(32);
        e.Property(x => x.CodeHash).HasMaxLength(32);
        e.Property(x => x.Ip).HasMaxLength(64);
        // The newest code of a number; the per-number and per-IP sending limits.
        e.HasIndex(x => new { x.MobileIndex, x.IssuedAt });
        e.HasIndex(x => new { x.Ip, x.IssuedAt });
    }
}

internal sealed class CitizenLoginGuardConfiguration : IEntityTypeConfiguration<CitizenLoginGuard>
{
    public void Configure(EntityTypeBuilder<CitizenLoginGuard> e)
    {
        e.ToTable("citizen_login_guards");
        e.HasKey(x => x.MobileIndex);
        e.Property(x => x.MobileIndex).HasMaxLength(32);
    }
}

/// <summary>Login sessions (ADR 0010): found by id on every request, and by person when all of theirs end.</summary>
internal sealed class LoginSessionConfiguration : IEntityTypeConfiguration<LoginSession>
{
    public void Configure(EntityTypeBuilder<LoginSession> e)
    {
        e.ToTable("login_sessions");
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.ActorKind).HasMaxLength(16);
        e.Property(x => x.EndReason).HasMaxLength(16);
        e.HasIndex(x => new { x.ActorKind, x.SubjectId });
    }
}

internal sealed class StaffLoginThrottleConfiguration : IEntityTypeConfiguration<StaffLoginThrottle>
{
    public void Configure(EntityTypeBuilder<StaffLoginThrottle> e)
    {
        e.ToTable("staff_login_throttles");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(80);
        // Forgetting quiet keys.
        e.HasIndex(x => x.LastFailureAt);
    }
}
