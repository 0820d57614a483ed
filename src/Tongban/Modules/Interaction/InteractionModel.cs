using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Interaction;

/// <summary>The Interaction module's tables: consultations (网上咨询) and complaints (投诉建议).</summary>
internal static class InteractionModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<ConsultationStatus>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<ComplaintKind>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<ComplaintStatus>().HaveConversion<string>().HaveMaxLength(16);
    }
}

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> e)
    {
        e.ToTable("consultations");
        e.HasIndex(x => x.Number).IsUnique();
        e.Property(x => x.Number).HasMaxLength(20);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(64);
        e.Property(x => x.Question).HasMaxLength(2000);
        e.Property(x => x.Answer).HasMaxLength(2000);
        e.Property(x => x.Mobile).HasConversion(PersonalData.EncryptedConverter!);
        e.Property(x => x.MobileIndex).HasMaxLength(32);
        // The department's list by status, oldest first; the overdue scan; the FAQ; the citizen's own.
        e.HasIndex(x => new { x.DepartmentCode, x.Status, x.AskedAt });
        e.HasIndex(x => new { x.Status, x.DueDate });
        e.HasIndex(x => x.NextCheckAt);
        e.HasIndex(x => new { x.ItemCode, x.Published });
        e.HasIndex(x => new { x.CitizenId, x.AskedAt });
    }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> e)
    {
        e.ToTable("complaints");
        e.HasIndex(x => x.Number).IsUnique();
        e.Property(x => x.Number).HasMaxLength(20);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.Channel).HasMaxLength(16);
        e.Property(x => x.Text).HasMaxLength(2000);
        e.Property(x => x.Reply).HasMaxLength(2000);
        e.Property(x => x.Mobile).HasConversion(PersonalData.EncryptedConverter!);
        e.Property(x => x.MobileIndex).HasMaxLength(32);
        e.Property(x => x.FeedbackTokenHash).HasMaxLength(64);
        e.HasIndex(x => new { x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.DepartmentCode, x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.Status, x.ReplyDueDate });
        e.HasIndex(x => x.NextCheckAt);
        e.HasIndex(x => new { x.CitizenId, x.SubmittedAt });
    }
}
