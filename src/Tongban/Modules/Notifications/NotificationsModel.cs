using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Notifications;

/// <summary>The Notifications module's tables: the outbox, opt-outs, SMS templates and 补正 reminders.</summary>
internal static class NotificationsModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c) =>
        c.Properties<MessageStatus>().HaveConversion<string>().HaveMaxLength(20);
}

/// <summary>The outbox (DESIGN §3 rule 5).</summary>
internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox_messages");
        e.Property(x => x.Recipient).HasConversion(PersonalData.EncryptedConverter);
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
    }
}

internal sealed class SmsOptOutConfiguration : IEntityTypeConfiguration<SmsOptOut>
{
    public void Configure(EntityTypeBuilder<SmsOptOut> e)
    {
        e.ToTable("sms_opt_outs");
        e.HasKey(x => x.RecipientIndex);
        e.Property(x => x.RecipientIndex).HasMaxLength(32);
    }
}

internal sealed class SmsTemplateConfiguration : IEntityTypeConfiguration<SmsTemplate>
{
    public void Configure(EntityTypeBuilder<SmsTemplate> e)
    {
        e.ToTable("sms_templates");
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Body).HasMaxLength(1000);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        // Versions are immutable and numbered per template; two admins saving at once cannot both take the same number.
        e.HasIndex(x => new { x.Code, x.Version }).IsUnique();
    }
}

internal sealed class SupplementReminderConfiguration : IEntityTypeConfiguration<SupplementReminder>
{
    public void Configure(EntityTypeBuilder<SupplementReminder> e)
    {
        e.ToTable("supplement_reminders");
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.ClosedReason).HasMaxLength(40);
        // The scan reads only what is due; a case's open reminders are closed when it leaves 待补正.
        e.HasIndex(x => x.NextReminderAt);
        e.HasIndex(x => new { x.CaseNumber, x.NoticeSequence }).IsUnique();
    }
}
