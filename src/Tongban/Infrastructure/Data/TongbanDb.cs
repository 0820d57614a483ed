using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Modules.Files;
using Tongban.Modules.Identity;
using Tongban.Modules.Organization;

namespace Tongban.Infrastructure.Data;

/// <summary>
/// The one DbContext. Each module's tables are configured in its own block below; a module
/// writes only its own tables. Provider subclasses exist only so each provider has its own
/// migration set (RECIPES: one DbContext subclass per provider).
/// </summary>
internal abstract class TongbanDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<ServiceWindow> Windows => Set<ServiceWindow>();
    public DbSet<Kiosk> Kiosks => Set<Kiosk>();
    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();
    public DbSet<Citizen> Citizens => Set<Citizen>();
    public DbSet<LoginCode> LoginCodes => Set<LoginCode>();
    public DbSet<CitizenLoginGuard> CitizenLoginGuards => Set<CitizenLoginGuard>();
    public DbSet<Modules.Materials.LibraryMaterial> LibraryMaterials => Set<Modules.Materials.LibraryMaterial>();
    public DbSet<ApplicationDraft> ApplicationDrafts => Set<ApplicationDraft>();
    public DbSet<Modules.Analytics.DailyCaseStat> DailyCaseStats => Set<Modules.Analytics.DailyCaseStat>();
    public DbSet<Modules.Analytics.PeriodCaseStat> PeriodCaseStats => Set<Modules.Analytics.PeriodCaseStat>();
    public DbSet<Modules.Analytics.DeclineAlert> DeclineAlerts => Set<Modules.Analytics.DeclineAlert>();
    public DbSet<Modules.Analytics.CertificateConversion> CertificateConversions => Set<Modules.Analytics.CertificateConversion>();
    public DbSet<Modules.Analytics.AnalyticsJobRun> AnalyticsJobRuns => Set<Modules.Analytics.AnalyticsJobRun>();
    public DbSet<ServiceItemVersion> ItemVersions => Set<ServiceItemVersion>();
    public DbSet<MaterialRequirement> MaterialRequirements => Set<MaterialRequirement>();
    public DbSet<CalendarDayOverride> CalendarOverrides => Set<CalendarDayOverride>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseStep> CaseSteps => Set<CaseStep>();
    public DbSet<CaseMaterial> CaseMaterials => Set<CaseMaterial>();
    public DbSet<CaseClockEvent> CaseClockEvents => Set<CaseClockEvent>();
    public DbSet<Modules.Notifications.OutboxMessage> OutboxMessages => Set<Modules.Notifications.OutboxMessage>();
    public DbSet<Modules.Notifications.SmsOptOut> SmsOptOuts => Set<Modules.Notifications.SmsOptOut>();
    public DbSet<Modules.Evaluation.CaseEvaluation> Evaluations => Set<Modules.Evaluation.CaseEvaluation>();
    public DbSet<Modules.Evaluation.CaseEvaluationReason> EvaluationReasons => Set<Modules.Evaluation.CaseEvaluationReason>();
    public DbSet<Modules.Notifications.SmsTemplate> SmsTemplates => Set<Modules.Notifications.SmsTemplate>();
    public DbSet<Modules.Notifications.SupplementReminder> SupplementReminders => Set<Modules.Notifications.SupplementReminder>();
    public DbSet<CorrectionNotice> CorrectionNotices => Set<CorrectionNotice>();
    public DbSet<CaseNumberBlock> CaseNumberBlocks => Set<CaseNumberBlock>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    // Supervision
    public DbSet<Modules.Supervision.SupervisionAlert> SupervisionAlerts => Set<Modules.Supervision.SupervisionAlert>();
    public DbSet<Modules.Supervision.SupervisionDirective> SupervisionDirectives => Set<Modules.Supervision.SupervisionDirective>();

    // Files
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    // Audit
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditStreamHead> AuditStreamHeads => Set<AuditStreamHead>();

    /// <summary>ID numbers and mobiles are stored encrypted (see <see cref="PersonalData"/>).</summary>
    private static readonly ValueConverter<string, string> EncryptedConverter =
        new(v => PersonalData.Protect(v), v => PersonalData.Unprotect(v));

    /// <summary>Keeps the blind index of new cases in step with the (encrypted) ID number.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<Case>())
            // Intake sets it already (the library needs the owner before the save); others get it here.
            if (entry.State == EntityState.Added && entry.Entity.ApplicantIdIndex.Length == 0) entry.Entity.ApplicantIdIndex = PersonalData.BlindIndex(entry.Entity.ApplicantIdNumber);
        foreach (var entry in ChangeTracker.Entries<Citizen>())
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.MobileIndex = PersonalData.BlindIndex(entry.Entity.Mobile);
                entry.Entity.IdIndex = PersonalData.BlindIndex(entry.Entity.IdNumber);
            }
        foreach (var entry in ChangeTracker.Entries<Modules.Notifications.OutboxMessage>())
            if (entry.State == EntityState.Added) entry.Entity.RecipientIndex = PersonalData.BlindIndex(entry.Entity.Recipient);
        // The statistics move with the cases, in the same transaction (issue 7: never by scanning cases at query time).
        var statistics = Modules.Analytics.CaseStatistics.Collect(ChangeTracker);
        return statistics.Count == 0 ? base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
            : SaveWithStatisticsAsync(statistics, acceptAllChangesOnSuccess, cancellationToken);
    }

    private async Task<int> SaveWithStatisticsAsync(Dictionary<Modules.Analytics.StatKey, int[]> statistics, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null)
        {
            var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            await Modules.Analytics.CaseStatistics.ApplyAsync(this, statistics, ct);
            return n;
        }
        await using var tx = await Database.BeginTransactionAsync(ct);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        await Modules.Analytics.CaseStatistics.ApplyAsync(this, statistics, ct);
        await tx.CommitAsync(ct);
        return saved;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and stable when members are reordered.
        configurationBuilder.Properties<CaseStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ApplicationChannel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ApplicantKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ItemType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CaseKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<LimitUnit>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TongbanScope>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ItemVersionStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Necessity>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MaterialForm>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MaterialSource>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ServicePointLevel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<KioskLocationKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ClockEventKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Modules.Notifications.MessageStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<Modules.Supervision.AlertLevel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Modules.Evaluation.EvaluationChannel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Modules.Evaluation.BadRatingReason>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Organization
        b.Entity<Region>(e => { e.HasKey(x => x.Code); e.Property(x => x.Code).HasMaxLength(12); });
        b.Entity<ServicePoint>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.RegionCode, x.Level });
            e.HasIndex(x => x.ParentCode);
            e.Property(x => x.Code).HasMaxLength(32);
        });
        b.Entity<Department>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.CreditCode).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.CreditCode).HasMaxLength(18);
        });
        b.Entity<ServiceWindow>(e =>
        {
            e.ToTable("service_windows");
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.ServicePointCode);
        });
        b.Entity<Kiosk>(e => e.HasIndex(x => x.Code).IsUnique());

        // Identity
        b.Entity<StaffUser>(e =>
        {
            e.HasIndex(x => x.Username).IsUnique();
            e.Property(x => x.Username).HasMaxLength(64);
            e.Property(x => x.PasswordHash).HasMaxLength(200);
            e.Property(x => x.Mobile).HasConversion(EncryptedConverter!);
        });

        // Catalog
        b.Entity<ServiceItemVersion>(e =>
        {
            e.ToTable("item_versions");
            e.HasIndex(x => new { x.Code, x.Version }).IsUnique();
            // At most one published version per item, even when two admins publish at once (the loser gets 409).
            e.HasIndex(x => x.Code).IsUnique().HasFilter("status = 'Published'").HasDatabaseName("ux_item_versions_one_published");
            // Portal reads: published items, optionally per department, ordered by name.
            e.HasIndex(x => new { x.Status, x.DepartmentCode, x.Name });
            e.HasIndex(x => new { x.Status, x.Name });
            e.Property(x => x.Code).HasMaxLength(80);
            e.Property(x => x.Conditions).HasMaxLength(4000);
            e.Property(x => x.LegalBasis).HasMaxLength(4000);
            e.Property(x => x.ProcessDescription).HasMaxLength(4000);
            e.Property(x => x.FeeDescription).HasMaxLength(1000);
            e.Property(x => x.Status).HasField("<Status>k__BackingField");
            e.Ignore(x => x.LegalLimit);
            e.Ignore(x => x.PromisedLimit);
            e.HasMany(x => x.Materials).WithOne().HasForeignKey(m => m.ItemVersionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MaterialRequirement>(e =>
        {
            e.HasIndex(x => new { x.ItemVersionId, x.Code }).IsUnique();
            e.Property(x => x.Notes).HasMaxLength(1000);
        });

        // Calendar
        b.Entity<CalendarDayOverride>(e => e.HasIndex(x => x.Date).IsUnique());

        // Cases
        b.Entity<Case>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            // Staff queues: by handling department or receiving point and status, newest first.
            e.HasIndex(x => new { x.DepartmentCode, x.Status, x.SubmittedAt });
            e.HasIndex(x => new { x.ServicePointCode, x.Status, x.SubmittedAt });
            e.HasIndex(x => new { x.Status, x.SubmittedAt });
            e.HasIndex(x => new { x.ItemCode, x.SubmittedAt });
            // Encrypted at rest (random nonce): never compared in SQL; lookups use the blind index.
            e.Property(x => x.ApplicantIdNumber).HasConversion(EncryptedConverter);
            e.Property(x => x.ApplicantMobile).HasConversion(EncryptedConverter);
            // 我的办件 and the window lookup: a person's cases newest first; an agent's filings.
            e.HasIndex(x => new { x.ApplicantIdIndex, x.SubmittedAt });
            e.HasIndex(x => new { x.SubmittedByCitizenId, x.SubmittedAt });
            e.Property(x => x.ApplicantIdIndex).HasMaxLength(32);
            // 待办 queues: what awaits a role at a department or a service point.
            e.HasIndex(x => new { x.DepartmentCode, x.AwaitingRole, x.SubmittedAt });
            e.HasIndex(x => new { x.ServicePointCode, x.AwaitingRole, x.SubmittedAt });
            // 待办 asks for two roles at once (clerk or handler at a point; reviewer or handler in a department), oldest first.
            // With the role in the middle of the indexes above, that is two ranges to merge and sort: 292 ms for a district
            // center's queue at 100 k cases (bench/perf.sh). Partial indexes in the queue's own order answer it with one scan.
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
            // The supervision watcher reads only what is due (ORDER BY next_check_at LIMIT n).
            e.HasIndex(x => x.NextCheckAt);
        });
        // Citizens: one account per mobile number and per ID number, both found through blind indexes.
        b.Entity<Citizen>(e =>
        {
            e.ToTable("citizens");
            e.Property(x => x.Mobile).HasConversion(EncryptedConverter);
            e.Property(x => x.IdNumber).HasConversion(EncryptedConverter);
            e.Property(x => x.MobileIndex).HasMaxLength(32);
            e.Property(x => x.IdIndex).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(50);
            e.HasIndex(x => x.MobileIndex).IsUnique();
            e.HasIndex(x => x.IdIndex).IsUnique();
        });
        b.Entity<LoginCode>(e =>
        {
            e.ToTable("login_codes");
            e.Property(x => x.MobileIndex).HasMaxLength(32);
            e.Property(x => x.CodeHash).HasMaxLength(32);
            e.Property(x => x.Ip).HasMaxLength(64);
            // The newest code of a number; the per-number and per-IP sending limits.
            e.HasIndex(x => new { x.MobileIndex, x.IssuedAt });
            e.HasIndex(x => new { x.Ip, x.IssuedAt });
        });
        b.Entity<CitizenLoginGuard>(e =>
        {
            e.ToTable("citizen_login_guards");
            e.HasKey(x => x.MobileIndex);
            e.Property(x => x.MobileIndex).HasMaxLength(32);
        });
        b.Entity<ApplicationDraft>(e =>
        {
            e.ToTable("application_drafts");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.ItemCode).HasMaxLength(64);
            e.Property(x => x.ItemName).HasMaxLength(200);
            e.Property(x => x.StateJson).HasMaxLength(100_000);
            e.Property(x => x.SubmittedCaseNumber).HasMaxLength(32);
            e.HasIndex(x => new { x.CitizenId, x.UpdatedAt });
        });
        // Materials: the once-only library, per owner (blind index) and class.
        b.Entity<Modules.Materials.LibraryMaterial>(e =>
        {
            e.ToTable("library_materials");
            e.Property(x => x.OwnerIndex).HasMaxLength(32);
            e.Property(x => x.TypeKey).HasMaxLength(120);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.FirstCaseNumber).HasMaxLength(32);
            e.Property(x => x.VerifiedBy).HasMaxLength(100);
            e.Property(x => x.TrustLevel).HasConversion<string>().HasMaxLength(1);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            // "What does this owner keep of these classes" (reuse) and "my library, newest first".
            e.HasIndex(x => new { x.OwnerKind, x.OwnerIndex, x.TypeKey });
            e.HasIndex(x => new { x.OwnerKind, x.OwnerIndex, x.CreatedAt });
            e.HasIndex(x => x.FileId);
        });
        // Analytics: daily counters, one row per day × department × point × item × channel × window/kiosk.
        b.Entity<Modules.Analytics.DailyCaseStat>(e =>
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
        });
        // Analytics: the dashboards' roll-up by day and month (no item, no service point).
        b.Entity<Modules.Analytics.PeriodCaseStat>(e =>
        {
            e.ToTable("period_case_stats");
            e.HasKey(x => new { x.Grain, x.PeriodStart, x.DepartmentCode, x.Channel, x.DeskCode, x.VisitsClass });
            e.Property(x => x.Grain).HasMaxLength(1);
            e.Property(x => x.DepartmentCode).HasMaxLength(32);
            e.Property(x => x.DeskCode).HasMaxLength(32);
            // A department's ranges (the key serves the center-wide ranges).
            e.HasIndex(x => new { x.DepartmentCode, x.Grain, x.PeriodStart });
        });
        // Analytics: 存量转化 (paper certificates converted into e-certificates) per day, department and certificate type.
        b.Entity<Modules.Analytics.CertificateConversion>(e =>
        {
            e.ToTable("certificate_conversions");
            e.HasKey(x => new { x.Day, x.DepartmentCode, x.CertificateTypeCode });
            e.Property(x => x.DepartmentCode).HasMaxLength(32);
            e.Property(x => x.CertificateTypeCode).HasMaxLength(Modules.Analytics.RecordCertificateConversion.MaxTypeCodeLength);
            // A department's ranges (the key serves the center-wide ranges).
            e.HasIndex(x => new { x.DepartmentCode, x.Day });
        });
        // Analytics: decline alerts of the daily scan; at most one open per subject and metric.
        b.Entity<Modules.Analytics.DeclineAlert>(e =>
        {
            e.ToTable("decline_alerts");
            e.Property(x => x.Subject).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Metric).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.DepartmentCode).HasMaxLength(32);
            e.Property(x => x.ItemCode).HasMaxLength(80);
            e.Property(x => x.WindowCode).HasMaxLength(32);
            e.HasIndex(x => new { x.Subject, x.DepartmentCode, x.ItemCode, x.WindowCode, x.Metric }).IsUnique().HasFilter("resolved_at IS NULL");
            e.HasIndex(x => x.ResolvedAt);
        });
        b.Entity<Modules.Analytics.AnalyticsJobRun>(e =>
        {
            e.ToTable("analytics_job_runs");
            e.HasKey(x => x.Job);
            e.Property(x => x.Job).HasMaxLength(32);
        });
        // Notifications: the outbox (DESIGN §3 rule 5).
        b.Entity<Modules.Notifications.OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.Property(x => x.Recipient).HasConversion(EncryptedConverter);
            e.Property(x => x.RecipientIndex).HasMaxLength(32);
            e.Property(x => x.Text).HasMaxLength(1000);
            e.Property(x => x.Event).HasMaxLength(40);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.CaseNumber).HasMaxLength(32);
            // The dispatcher reads only what is due.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.Property(x => x.CallbackToken).HasMaxLength(32);
            e.HasIndex(x => x.RecipientIndex);
            e.HasIndex(x => x.CaseNumber);
        });
        b.Entity<Modules.Notifications.SmsOptOut>(e =>
        {
            e.ToTable("sms_opt_outs");
            e.HasKey(x => x.RecipientIndex);
            e.Property(x => x.RecipientIndex).HasMaxLength(32);
        });
        // Evaluation (好差评)
        b.Entity<Modules.Evaluation.CaseEvaluation>(e =>
        {
            e.ToTable("case_evaluations");
            // 一事一评: one evaluation per case.
            e.HasIndex(x => x.CaseId).IsUnique();
            e.HasIndex(x => x.CaseNumber);
            e.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.CaseNumber).HasMaxLength(32);
            e.Property(x => x.EvaluatorIndex).HasMaxLength(32);
            e.Property(x => x.Comment).HasMaxLength(Modules.Evaluation.EvaluationRules.MaxComment);
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
        });
        b.Entity<Modules.Evaluation.CaseEvaluationReason>(e =>
        {
            e.ToTable("case_evaluation_reasons");
            e.HasIndex(x => new { x.EvaluationId, x.Reason }).IsUnique();
        });
        b.Entity<Modules.Notifications.SmsTemplate>(e =>
        {
            e.ToTable("sms_templates");
            e.Property(x => x.Code).HasMaxLength(40);
            e.Property(x => x.Body).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            // Versions are immutable and numbered per template; two admins saving at once cannot both take the same number.
            e.HasIndex(x => new { x.Code, x.Version }).IsUnique();
        });
        b.Entity<Modules.Notifications.SupplementReminder>(e =>
        {
            e.ToTable("supplement_reminders");
            e.Property(x => x.CaseNumber).HasMaxLength(32);
            e.Property(x => x.ClosedReason).HasMaxLength(40);
            // The scan reads only what is due; a case's open reminders are closed when it leaves 待补正.
            e.HasIndex(x => x.NextReminderAt);
            e.HasIndex(x => new { x.CaseNumber, x.NoticeSequence }).IsUnique();
        });
        b.Entity<CaseClockEvent>(e =>
        {
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.Reason).HasMaxLength(1000);
        });
        b.Entity<CorrectionNotice>(e =>
        {
            e.HasIndex(x => new { x.CaseId, x.Sequence }).IsUnique();
            e.HasIndex(x => x.Number).IsUnique();
            e.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.CorrectionNoticeId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CorrectionItem>(e => e.Property(x => x.Reason).HasMaxLength(500));
        b.Entity<CaseStep>(e =>
        {
            e.HasIndex(x => new { x.CaseId, x.Sequence }).IsUnique();
            // 已办: cases a staff member has handled.
            e.HasIndex(x => new { x.HandlerStaffId, x.CaseId });
            e.Property(x => x.Opinion).HasMaxLength(2000);
        });
        b.Entity<CaseMaterial>(e =>
        {
            e.HasIndex(x => x.CaseId);
            e.HasOne(x => x.LibraryMaterial).WithMany().HasForeignKey(x => x.LibraryMaterialId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CaseNumberBlock>(e => e.HasKey(x => new { x.RegionCode, x.Year }));
        b.Entity<IdempotencyRecord>(e => e.HasIndex(x => new { x.Caller, x.Key }).IsUnique());

        // Supervision (电子监察, GB/T 39046 table 11)
        b.Entity<Modules.Supervision.SupervisionAlert>(e =>
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
        });
        b.Entity<Modules.Supervision.AlertEscalation>(e =>
        {
            e.ToTable("supervision_escalations");
            e.HasIndex(x => new { x.AlertId, x.Level }).IsUnique();
            e.Property(x => x.ToRole).HasMaxLength(16);
        });
        b.Entity<Modules.Supervision.SupervisionDirective>(e =>
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
        });

        // Files
        b.Entity<StoredFile>(e =>
        {
            e.ToTable("stored_files");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
            e.Property(x => x.OriginalName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Sm3).HasMaxLength(64);
            e.Property(x => x.StorageKey).HasMaxLength(200);
            e.Property(x => x.UploadedBy).HasMaxLength(64);
            // The same scan uploaded twice is found by its digest (material reuse, duplicate checks).
            e.HasIndex(x => x.Sha256);
            e.HasIndex(x => new { x.UploadedBy, x.UploadedAt });
        });
        // Audit (ADR 0005): append-only entries chained per stream, and one head row per stream.
        b.Entity<AuditEntry>(e =>
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
        });
        b.Entity<AuditStreamHead>(e =>
        {
            e.ToTable("audit_stream_heads");
            e.HasKey(x => x.Stream);
            e.Property(x => x.Stream).HasMaxLength(120);
            e.Property(x => x.LastSequence).IsConcurrencyToken();
            e.Property(x => x.LastHash).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.Mac).HasMaxLength(64).IsFixedLength();
        });
    }
}

internal sealed class SqliteTongbanDb(DbContextOptions<SqliteTongbanDb> options) : TongbanDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset stored as text; store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

internal sealed class PostgresTongbanDb(DbContextOptions<PostgresTongbanDb> options) : TongbanDb(options);
