using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Evaluation;

/// <summary>The Evaluation module's tables (好差评): one evaluation per case and its bad-rating reasons.</summary>
internal static class EvaluationModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<EvaluationChannel>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<BadRatingReason>().HaveConversion<string>().HaveMaxLength(32);
    }
}

internal sealed class CaseEvaluationConfiguration : IEntityTypeConfiguration<CaseEvaluation>
{
    public void Configure(EntityTypeBuilder<CaseEvaluation> e)
    {
        e.ToTable("case_evaluations");
        // 一事一评: one evaluation per case.
        e.HasIndex(x => x.CaseId).IsUnique();
        e.HasIndex(x => x.CaseNumber);
        e.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.EvaluatorIndex).HasMaxLength(32);
        e.Property(x => x.Comment).HasMaxLength(EvaluationRules.MaxComment);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        e.Property(x => x.DeskCode).HasMaxLength(32);
        e.Ignore(x => x.IsBad);
        // The bad-reason figures read bad ratings (levels 1–2, few) of a period, center-wide or for one department:
        // level first, so the range scan skips the many good ratings.
        e.HasIndex(x => new { x.Level, x.EvaluatedAt });
        e.HasIndex(x => new { x.DepartmentCode, x.Level, x.EvaluatedAt });
        e.HasMany(x => x.Reasons).WithOne().HasForeignKey(x => x.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseEvaluationReasonConfiguration : IEntityTypeConfiguration<CaseEvaluationReason>
{
    public void Configure(EntityTypeBuilder<CaseEvaluationReason> e)
    {
        e.ToTable("case_evaluation_reasons");
        e.HasIndex(x => new { x.EvaluationId, x.Reason }).IsUnique();
    }
}
