using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Supervision;

/// <summary>The Supervision module's tables (电子监察, GB/T 39046 table 11): alerts, escalations and directives.</summary>
internal static class SupervisionModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c) =>
        c.Properties<AlertLevel>().HaveConversion<string>().HaveMaxLength(16);
}

internal sealed class SupervisionAlertConfiguration : IEntityTypeConfiguration<SupervisionAlert>
{
    public void Configure(EntityTypeBuilder<SupervisionAlert> e)
    {
        e.ToTable("supervision_alerts");
        // Never twice: one alert per case, rule and subject (the deadline it is about), ever.
        e.HasIndex(x => new { x.CaseId, x.RuleCode, x.Subject }).IsUnique();
        // The board: open alerts (resolved_at null) by department or point, newest first; and center-wide.
        e.HasIndex(x => new { x.DepartmentCode, x.ResolvedAt, x.RaisedAt });
        e.HasIndex(x => new { x.ServicePointCode, x.ResolvedAt, x.RaisedAt });
        e.HasIndex(x => new { x.ResolvedAt, x.RaisedAt });
        e.HasIndex(x => x.CaseNumber);
        // The live feed: "what changed since" (SupervisionLive).
        e.HasIndex(x => x.ChangedAt);
        e.Property(x => x.LastChange).HasMaxLength(16);
        e.Property(x => x.Number).HasMaxLength(120);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.RuleCode).HasMaxLength(8);
        e.Property(x => x.Subject).HasMaxLength(64);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.Message).HasMaxLength(1000);
        e.Property(x => x.Result).HasMaxLength(1000);
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Escalations).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Directives).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertEscalationConfiguration : IEntityTypeConfiguration<AlertEscalation>
{
    public void Configure(EntityTypeBuilder<AlertEscalation> e)
    {
        e.ToTable("supervision_escalations");
        e.HasIndex(x => new { x.AlertId, x.Level }).IsUnique();
        e.Property(x => x.ToRole).HasMaxLength(16);
    }
}

internal sealed class SupervisionDirectiveConfiguration : IEntityTypeConfiguration<SupervisionDirective>
{
    public void Configure(EntityTypeBuilder<SupervisionDirective> e)
    {
        e.ToTable("supervision_directives");
        e.HasIndex(x => x.AlertId);
        e.HasIndex(x => x.CaseNumber);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.Text).HasMaxLength(1000);
        e.Property(x => x.Answer).HasMaxLength(1000);
        e.Property(x => x.ToDepartmentCode).HasMaxLength(32);
        e.Property(x => x.SentByName).HasMaxLength(100);
        e.Property(x => x.AnsweredByName).HasMaxLength(100);
    }
}
