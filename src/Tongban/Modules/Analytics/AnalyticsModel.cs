using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Analytics;

/// <summary>Daily counters, one row per day × department × point × item × channel × window/kiosk.</summary>
internal sealed class DailyCaseStatConfiguration : IEntityTypeConfiguration<DailyCaseStat>
{
    public void Configure(EntityTypeBuilder<DailyCaseStat> e)
    {
        e.ToTable("daily_case_stats");
        e.HasKey(x => new { x.Day, x.DepartmentCode, x.ServicePointCode, x.ItemCode, x.Channel, x.DeskCode });
        e.Property(x => x.DeskCode).HasMaxLength(32);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        // Per-department and per-item ranges of days (the key serves the center-wide ranges).
        e.HasIndex(x => new { x.DepartmentCode, x.Day });
        e.HasIndex(x => new { x.ItemCode, x.Day });
    }
}

/// <summary>The dashboards' roll-up by day and month (no item, no service point).</summary>
internal sealed class PeriodCaseStatConfiguration : IEntityTypeConfiguration<PeriodCaseStat>
{
    public void Configure(EntityTypeBuilder<PeriodCaseStat> e)
    {
        e.ToTable("period_case_stats");
        e.HasKey(x => new { x.Grain, x.PeriodStart, x.DepartmentCode, x.Channel, x.DeskCode, x.VisitsClass });
        e.Property(x => x.Grain).HasMaxLength(1);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.DeskCode).HasMaxLength(32);
        // A department's ranges (the key serves the center-wide ranges).
        e.HasIndex(x => new { x.DepartmentCode, x.Grain, x.PeriodStart });
    }
}

/// <summary>存量转化 (paper certificates converted into e-certificates) per day, department and certificate type.</summary>
internal sealed class CertificateConversionConfiguration : IEntityTypeConfiguration<CertificateConversion>
{
    public void Configure(EntityTypeBuilder<CertificateConversion> e)
    {
        e.ToTable("certificate_conversions");
        e.HasKey(x => new { x.Day, x.DepartmentCode, x.CertificateTypeCode });
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.CertificateTypeCode).HasMaxLength(RecordCertificateConversion.MaxTypeCodeLength);
        // A department's ranges (the key serves the center-wide ranges).
        e.HasIndex(x => new { x.DepartmentCode, x.Day });
    }
}

/// <summary>Decline alerts of the daily scan; at most one open per subject and metric.</summary>
internal sealed class DeclineAlertConfiguration : IEntityTypeConfiguration<DeclineAlert>
{
    public void Configure(EntityTypeBuilder<DeclineAlert> e)
    {
        e.ToTable("decline_alerts");
        e.Property(x => x.Subject).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Metric).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        e.Property(x => x.WindowCode).HasMaxLength(32);
        e.HasIndex(x => new { x.Subject, x.DepartmentCode, x.ItemCode, x.WindowCode, x.Metric }).IsUnique().HasFilter("resolved_at IS NULL");
        e.HasIndex(x => x.ResolvedAt);
    }
}

internal sealed class AnalyticsJobRunConfiguration : IEntityTypeConfiguration<AnalyticsJobRun>
{
    public void Configure(EntityTypeBuilder<AnalyticsJobRun> e)
    {
        e.ToTable("analytics_job_runs");
        e.HasKey(x => x.Job);
        e.Property(x => x.Job).HasMaxLength(32);
    }
}
