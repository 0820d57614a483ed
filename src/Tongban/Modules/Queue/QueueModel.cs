using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Queue;

internal sealed class QueueTicketConfiguration : IEntityTypeConfiguration<QueueTicket>
{
    public void Configure(EntityTypeBuilder<QueueTicket> e)
    {
        e.ToTable("queue_tickets");
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.Category).HasMaxLength(2);
        e.Property(x => x.TicketNumber).HasMaxLength(8);
        e.Property(x => x.ItemCode).HasMaxLength(64);
        e.Property(x => x.AppointmentNumber).HasMaxLength(20);
        e.Property(x => x.Priority).HasMaxLength(16);
        e.Property(x => x.WindowCode).HasMaxLength(64);
        e.Property(x => x.TransferredToWindowCode).HasMaxLength(64);
        e.Property(x => x.TakenFrom).HasMaxLength(64);
        e.HasIndex(x => new { x.ServicePointCode, x.Day, x.TicketNumber }).IsUnique();
        // call-next and the board's waiting counts: today's waiting tickets of a point, by category, in calling order.
        e.HasIndex(x => new { x.ServicePointCode, x.Day, x.Status, x.Category, x.PriorityRank, x.IssuedAt });
        // The board's latest calls.
        e.HasIndex(x => new { x.ServicePointCode, x.LastCalledAt });
        // The per-address limit on taking tickets.
        e.HasIndex(x => new { x.TakenFrom, x.IssuedAt });
    }
}

internal sealed class QueueNumberCounterConfiguration : IEntityTypeConfiguration<QueueNumberCounter>
{
    public void Configure(EntityTypeBuilder<QueueNumberCounter> e)
    {
        e.ToTable("queue_number_counters");
        e.HasKey(x => new { x.ServicePointCode, x.Day, x.Category });
        e.Property(x => x.ServicePointCode).HasMaxLength(32);
        e.Property(x => x.Category).HasMaxLength(2);
    }
}
