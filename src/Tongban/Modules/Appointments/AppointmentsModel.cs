using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Appointments;

/// <summary>The Appointments module's tables: opening hours (weekly, rotation, special days), the capacity template, slots and bookings.</summary>
internal static class AppointmentsModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c) =>
        c.Properties<AppointmentStatus>().HaveConversion<string>().HaveMaxLength(16);
}

internal sealed class WeeklyOpeningDayConfiguration : IEntityTypeConfiguration<WeeklyOpeningDay>
{
    public void Configure(EntityTypeBuilder<WeeklyOpeningDay> e)
    {
        e.ToTable("opening_weekly");
        e.HasKey(x => new { x.ServicePointCode, x.DayOfWeek });
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.Periods).HasMaxLength(200);
    }
}

internal sealed class WeekendRotationDayConfiguration : IEntityTypeConfiguration<WeekendRotationDay>
{
    public void Configure(EntityTypeBuilder<WeekendRotationDay> e)
    {
        e.ToTable("opening_weekend_rotation");
        e.HasKey(x => new { x.ServicePointCode, x.Date });
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.WindowCodes).HasMaxLength(1000);
        e.Property(x => x.Periods).HasMaxLength(200);
        e.Property(x => x.Note).HasMaxLength(200);
    }
}

internal sealed class SpecialOpeningDayConfiguration : IEntityTypeConfiguration<SpecialOpeningDay>
{
    public void Configure(EntityTypeBuilder<SpecialOpeningDay> e)
    {
        e.ToTable("opening_special_days");
        e.HasKey(x => new { x.ServicePointCode, x.Date });
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.Periods).HasMaxLength(200);
        e.Property(x => x.Note).HasMaxLength(200);
    }
}

internal sealed class AppointmentTemplateConfiguration : IEntityTypeConfiguration<AppointmentTemplate>
{
    public void Configure(EntityTypeBuilder<AppointmentTemplate> e)
    {
        e.ToTable("appointment_templates");
        e.HasKey(x => x.ServicePointCode);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
    }
}

internal sealed class AppointmentSlotConfiguration : IEntityTypeConfiguration<AppointmentSlot>
{
    public void Configure(EntityTypeBuilder<AppointmentSlot> e)
    {
        e.ToTable("appointment_slots");
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        // One counter per slot: the unique key is what makes the first booking's insert race safe.
        e.HasIndex(x => new { x.ServicePointCode, x.ItemCode, x.Date, x.Start }).IsUnique();
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> e)
    {
        e.ToTable("appointments");
        e.Property(x => x.Number).HasMaxLength(20);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.ItemCode).HasMaxLength(80);
        e.HasIndex(x => x.Number).IsUnique();
        // 我的预约 (newest first), the open-bookings count and the no-show count all read one person's rows.
        e.HasIndex(x => new { x.CitizenId, x.Date });
        // The reminder scan reads only due rows.
        e.HasIndex(x => x.RemindAt);
        // The no-show scan and the check-in: booked rows up to today.
        e.HasIndex(x => new { x.Status, x.Date });
        // The queue statistics' booking figures: one point's bookings of a period.
        e.HasIndex(x => new { x.ServicePointCode, x.Date });
    }
}
