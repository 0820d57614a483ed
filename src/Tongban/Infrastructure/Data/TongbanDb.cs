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
/// The one DbContext: the sets, and little else. Each module configures its own tables beside its
/// entities and writes only those. Provider subclasses exist only so each provider has its own
/// migration set (RECIPES: one DbContext subclass per provider).
/// </summary>
internal abstract class TongbanDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<ServiceWindow> Windows => Set<ServiceWindow>();
    public DbSet<Kiosk> Kiosks => Set<Kiosk>();
    public DbSet<Modules.Kiosks.KioskDevice> KioskDevices => Set<Modules.Kiosks.KioskDevice>();
    public DbSet<Modules.Kiosks.KioskSession> KioskSessions => Set<Modules.Kiosks.KioskSession>();
    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();
    public DbSet<Citizen> Citizens => Set<Citizen>();
    public DbSet<LoginCode> LoginCodes => Set<LoginCode>();
    public DbSet<CitizenLoginGuard> CitizenLoginGuards => Set<CitizenLoginGuard>();
    public DbSet<LoginSession> LoginSessions => Set<LoginSession>();
    public DbSet<StaffLoginThrottle> StaffLoginThrottles => Set<StaffLoginThrottle>();
    public DbSet<Modules.Materials.LibraryMaterial> LibraryMaterials => Set<Modules.Materials.LibraryMaterial>();
    public DbSet<ApplicationDraft> ApplicationDrafts => Set<ApplicationDraft>();
    public DbSet<Modules.Analytics.DailyCaseStat> DailyCaseStats => Set<Modules.Analytics.DailyCaseStat>();
    public DbSet<Modules.Analytics.PeriodCaseStat> PeriodCaseStats => Set<Modules.Analytics.PeriodCaseStat>();
    public DbSet<Modules.Analytics.DeclineAlert> DeclineAlerts => Set<Modules.Analytics.DeclineAlert>();
    public DbSet<Modules.Analytics.CertificateConversion> CertificateConversions => Set<Modules.Analytics.CertificateConversion>();
    public DbSet<Modules.Analytics.AnalyticsJobRun> AnalyticsJobRuns => Set<Modules.Analytics.AnalyticsJobRun>();
    public DbSet<ServiceItemVersion> ItemVersions => Set<ServiceItemVersion>();
    public DbSet<MaterialRequirement> MaterialRequirements => Set<MaterialRequirement>();
    public DbSet<ItemPopularity> ItemPopularity => Set<ItemPopularity>();
    public DbSet<ItemSituationSet> ItemSituations => Set<ItemSituationSet>();
    public DbSet<CalendarDayOverride> CalendarOverrides => Set<CalendarDayOverride>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseStep> CaseSteps => Set<CaseStep>();
    public DbSet<CaseMaterial> CaseMaterials => Set<CaseMaterial>();
    public DbSet<CaseClockEvent> CaseClockEvents => Set<CaseClockEvent>();
    public DbSet<Modules.Notifications.OutboxMessage> OutboxMessages => Set<Modules.Notifications.OutboxMessage>();
    public DbSet<Modules.Notifications.SmsOptOut> SmsOptOuts => Set<Modules.Notifications.SmsOptOut>();
    public DbSet<Modules.Evaluation.CaseEvaluation> Evaluations => Set<Modules.Evaluation.CaseEvaluation>();
    public DbSet<Modules.Evaluation.CaseEvaluationReason> EvaluationReasons => Set<Modules.Evaluation.CaseEvaluationReason>();
    public DbSet<Modules.Evaluation.Rectification.RectificationOrder> RectificationOrders => Set<Modules.Evaluation.Rectification.RectificationOrder>();
    public DbSet<Modules.Notifications.SmsTemplate> SmsTemplates => Set<Modules.Notifications.SmsTemplate>();
    public DbSet<Modules.Notifications.SupplementReminder> SupplementReminders => Set<Modules.Notifications.SupplementReminder>();
    public DbSet<CorrectionNotice> CorrectionNotices => Set<CorrectionNotice>();
    public DbSet<CaseNumberBlock> CaseNumberBlocks => Set<CaseNumberBlock>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    // Supervision
    public DbSet<Modules.Supervision.SupervisionAlert> SupervisionAlerts => Set<Modules.Supervision.SupervisionAlert>();
    public DbSet<Modules.Supervision.SupervisionDirective> SupervisionDirectives => Set<Modules.Supervision.SupervisionDirective>();

    // Certificates
    public DbSet<Modules.Certificates.SealAuthority> SealAuthorities => Set<Modules.Certificates.SealAuthority>();
    public DbSet<Modules.Certificates.DepartmentSeal> DepartmentSeals => Set<Modules.Certificates.DepartmentSeal>();
    public DbSet<Modules.Certificates.VerificationWindow> CertificateVerificationWindows => Set<Modules.Certificates.VerificationWindow>();
    public DbSet<Modules.Certificates.CertificateType> CertificateTypes => Set<Modules.Certificates.CertificateType>();
    public DbSet<Modules.Certificates.Certificate> Certificates => Set<Modules.Certificates.Certificate>();
    public DbSet<Modules.Certificates.SealedLetter> SealedLetters => Set<Modules.Certificates.SealedLetter>();

    // Files
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    // Audit
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditStreamHead> AuditStreamHeads => Set<AuditStreamHead>();

    /// <summary>Keeps the blind indexes of encrypted identifiers in step before anything is written.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<IHasBlindIndexes>())
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Entity.UpdateBlindIndexes(entry.State == EntityState.Added);
        // Search reads one precomputed column per item version; it follows every edit of the words it is made of.
        foreach (var entry in ChangeTracker.Entries<ServiceItemVersion>())
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Entity.RefreshSearchText();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and stable when members are reordered. Each module lists its own.
        CasesModel.ConfigureConventions(configurationBuilder);
        CatalogModel.ConfigureConventions(configurationBuilder);
        OrganizationModel.ConfigureConventions(configurationBuilder);
        Modules.Notifications.NotificationsModel.ConfigureConventions(configurationBuilder);
        Modules.Supervision.SupervisionModel.ConfigureConventions(configurationBuilder);
        Modules.Evaluation.EvaluationModel.ConfigureConventions(configurationBuilder);
        Modules.Appointments.AppointmentsModel.ConfigureConventions(configurationBuilder);
        Modules.Interaction.InteractionModel.ConfigureConventions(configurationBuilder);
        Modules.Certificates.CertificatesModel.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    /// <summary>Each module configures its own tables (Modules/&lt;Module&gt;/&lt;Module&gt;Model.cs).</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TongbanDb).Assembly);
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
