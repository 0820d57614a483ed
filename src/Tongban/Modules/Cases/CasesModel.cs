using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Cases;

/// <summary>The Cases module's tables: cases with their steps, materials, clock events and correction notices; drafts.</summary>
internal static class CasesModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<CaseStatus>().HaveConversion<string>().HaveMaxLength(32);
        c.Properties<ApplicationChannel>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<ApplicantKind>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<ClockEventKind>().HaveConversion<string>().HaveMaxLength(16);
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> e)
    {
        e.HasIndex(x => x.Number).IsUnique();
        // Staff queues: by handling department or receiving point and status, newest first.
        e.HasIndex(x => new { x.DepartmentCode, x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.ServicePointCode, x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.Status, x.SubmittedAt });
        e.HasIndex(x => new { x.ItemCode, x.SubmittedAt });
        // Encrypted at rest (random nonce): never compared in SQL; lookups use the blind index.
        e.Property(x => x.ApplicantIdNumber).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.ApplicantMobile).HasConversion(PersonalData.EncryptedConverter);
        // 我的办件 and the window lookup: a person's cases newest first; an agent's filings.
        e.HasIndex(x => new { x.ApplicantIdIndex, x.SubmittedAt });
        e.HasIndex(x => new { x.SubmittedByCitizenId, x.SubmittedAt });
        e.Property(x => x.ApplicantIdIndex).HasMaxLength(32);
        // 待办 queues: what awaits a role at a department or a service point.
        e.HasIndex(x => new { x.DepartmentCode, x.AwaitingRole, x.SubmittedAt });
        e.HasIndex(x => new { x.ServicePointCode, x.AwaitingRole, x.SubmittedAt });
        // 待办 asks for two roles at once (clerk or handler at a point; reviewer or handler in a department), oldest first.
        // With the role in the middle of the indexes above, that is two ranges to merge and sort; partial indexes in the
        // queue's own order answer it with one scan.
        e.HasIndex(x => new { x.ServicePointCode, x.SubmittedAt, x.Id }).HasFilter("awaiting_role IN ('clerk', 'handler')").HasDatabaseName("ix_cases_point_queue");
        e.HasIndex(x => new { x.DepartmentCode, x.SubmittedAt, x.Id }).HasFilter("awaiting_role IN ('reviewer', 'handler')").HasDatabaseName("ix_cases_department_queue");
        e.Property(x => x.AwaitingRole).HasMaxLength(16);
        // Unfiltered lists (全部) per department, per service point, or center-wide, newest first.
        e.HasIndex(x => new { x.DepartmentCode, x.SubmittedAt });
        e.HasIndex(x => new { x.ServicePointCode, x.SubmittedAt });
        e.HasIndex(x => x.SubmittedAt);
        e.Property(x => x.Number).HasMaxLength(32);
        e.Property(x => x.FormJson).HasMaxLength(100_000);
        e.Property(x => x.Revision).IsConcurrencyToken();
        e.HasMany(x => x.Steps).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Materials).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.ClockEvents).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.CorrectionNotices).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.Ignore(x => x.CurrentReviewStepKind);
        e.Ignore(x => x.CurrentMaterials);
        e.Property(x => x.ClosingReason).HasMaxLength(1000);
        // 结果领取方式 chosen at submission; the express address and recipient's mobile are personal data, encrypted at rest.
        e.Property(x => x.RequestedDeliveryMethod).HasMaxLength(16);
        e.Property(x => x.PickupPointCode).HasMaxLength(32);
        // 200 characters of up to 4 UTF-8 bytes each, with nonce and tag, in base64.
        e.Property(x => x.DeliveryAddress).HasConversion(PersonalData.EncryptedConverter!).HasMaxLength(1200);
        e.Property(x => x.RecipientName).HasMaxLength(50);
        e.Property(x => x.RecipientMobile).HasConversion(PersonalData.EncryptedConverter!);
        // The supervision watcher reads only what is due (ORDER BY next_check_at LIMIT n).
        e.HasIndex(x => x.NextCheckAt);
    }
}

internal sealed class CaseStepConfiguration : IEntityTypeConfiguration<CaseStep>
{
    public void Configure(EntityTypeBuilder<CaseStep> e)
    {
        e.HasIndex(x => new { x.CaseId, x.Sequence }).IsUnique();
        // 已办: cases a staff member has handled.
        e.HasIndex(x => new { x.HandlerStaffId, x.CaseId });
        e.Property(x => x.Opinion).HasMaxLength(2000);
    }
}

internal sealed class CaseMaterialConfiguration : IEntityTypeConfiguration<CaseMaterial>
{
    public void Configure(EntityTypeBuilder<CaseMaterial> e)
    {
        e.HasIndex(x => x.CaseId);
        e.HasOne(x => x.LibraryMaterial).WithMany().HasForeignKey(x => x.LibraryMaterialId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseClockEventConfiguration : IEntityTypeConfiguration<CaseClockEvent>
{
    public void Configure(EntityTypeBuilder<CaseClockEvent> e)
    {
        e.HasIndex(x => x.CaseId);
        e.Property(x => x.Reason).HasMaxLength(1000);
    }
}

internal sealed class CorrectionNoticeConfiguration : IEntityTypeConfiguration<CorrectionNotice>
{
    public void Configure(EntityTypeBuilder<CorrectionNotice> e)
    {
        e.HasIndex(x => new { x.CaseId, x.Sequence }).IsUnique();
        e.HasIndex(x => x.Number).IsUnique();
        e.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.CorrectionNoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CorrectionItemConfiguration : IEntityTypeConfiguration<CorrectionItem>
{
    public void Configure(EntityTypeBuilder<CorrectionItem> e) => e.Property(x => x.Reason).HasMaxLength(500);
}

internal sealed class CaseNumberBlockConfiguration : IEntityTypeConfiguration<CaseNumberBlock>
{
    public void Configure(EntityTypeBuilder<CaseNumberBlock> e) => e.HasKey(x => new { x.RegionCode, x.Year });
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e) => e.HasIndex(x => new { x.Caller, x.Key }).IsUnique();
}

internal sealed class ApplicationDraftConfiguration : IEntityTypeConfiguration<ApplicationDraft>
{
    public void Configure(EntityTypeBuilder<ApplicationDraft> e)
    {
        e.ToTable("application_drafts");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ItemCode).HasMaxLength(64);
        e.Property(x => x.ItemName).HasMaxLength(200);
        e.Property(x => x.StateJson).HasMaxLength(100_000);
        e.Property(x => x.SubmittedCaseNumber).HasMaxLength(32);
        e.HasIndex(x => new { x.CitizenId, x.UpdatedAt });
    }
}

internal sealed class CaseQueryFailureConfiguration : IEntityTypeConfiguration<CaseQueryFailure>
{
    public void Configure(EntityTypeBuilder<CaseQueryFailure> e)
    {
        e.ToTable("case_query_failures");
        e.Property(x => x.CaseNumber).HasMaxLength(40);
        e.Property(x => x.Ip).HasMaxLength(64);
        // The two limits of the public progress query, and the sweep of old rows.
        e.HasIndex(x => new { x.CaseNumber, x.At });
        e.HasIndex(x => new { x.Ip, x.At });
        e.HasIndex(x => x.At);
    }
}
