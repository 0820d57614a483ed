using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Audit;

/// <summary>Append-only entries chained per stream (ADR 0005).</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_entries");
        // Unique: two transactions appending to one stream cannot both commit (no fork).
        e.HasIndex(x => new { x.Stream, x.Sequence }).IsUnique();
        e.HasIndex(x => new { x.CaseNumber, x.At });
        e.Property(x => x.Stream).HasMaxLength(120);
        e.Property(x => x.ActorKind).HasMaxLength(16);
        e.Property(x => x.ActorId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(100);
        e.Property(x => x.Role).HasMaxLength(100);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.Summary).HasMaxLength(AuditTrail.MaxSummaryLength);
        e.Property(x => x.Before).HasMaxLength(AuditTrail.MaxStateLength);
        e.Property(x => x.After).HasMaxLength(AuditTrail.MaxStateLength);
        e.Property(x => x.Ip).HasMaxLength(64);
        e.Property(x => x.Channel).HasMaxLength(16);
        e.Property(x => x.PreviousHash).HasMaxLength(64).IsFixedLength();
        e.Property(x => x.Hash).HasMaxLength(64).IsFixedLength();
    }
}

/// <summary>One head row per stream, updated with each append (see <see cref="AuditStreamHead"/>).</summary>
internal sealed class AuditStreamHeadConfiguration : IEntityTypeConfiguration<AuditStreamHead>
{
    public void Configure(EntityTypeBuilder<AuditStreamHead> e)
    {
        e.ToTable("audit_stream_heads");
        e.HasKey(x => x.Stream);
        e.Property(x => x.Stream).HasMaxLength(120);
        e.Property(x => x.LastSequence).IsConcurrencyToken();
        e.Property(x => x.LastHash).HasMaxLength(64).IsFixedLength();
        e.Property(x => x.Mac).HasMaxLength(64).IsFixedLength();
    }
}
