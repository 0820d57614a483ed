using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Evaluation.Rectification;

internal sealed class RectificationOrderConfiguration : IEntityTypeConfiguration<RectificationOrder>
{
    public void Configure(EntityTypeBuilder<RectificationOrder> e)
    {
        e.ToTable("rectification_orders");
        // One order per bad rating.
        e.HasIndex(x => x.EvaluationId).IsUnique();
        e.HasOne(x => x.Evaluation).WithMany().HasForeignKey(x => x.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        e.Property(x => x.CallbackNote).HasMaxLength(RectificationRules.MaxNote);
        e.Property(x => x.ResolutionNote).HasMaxLength(RectificationRules.MaxNote);
        e.Property(x => x.AppealNote).HasMaxLength(RectificationRules.MaxNote);
        e.Property(x => x.AppealDecisionNote).HasMaxLength(RectificationRules.MaxNote);
        e.Property(x => x.CalledBackBy).HasMaxLength(64);
        e.Property(x => x.ResolvedBy).HasMaxLength(64);
        e.Property(x => x.AppealedBy).HasMaxLength(64);
        e.Property(x => x.AppealDecidedBy).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
        // The department's list (newest first) and the figures of a period, center-wide or per department.
        e.HasIndex(x => new { x.DepartmentCode, x.OpenedAt });
        e.HasIndex(x => x.OpenedAt);
        e.HasIndex(x => x.CaseNumber);
        // The supervision scan reads only due orders.
        e.HasIndex(x => x.NextCheckAt);
    }
}
