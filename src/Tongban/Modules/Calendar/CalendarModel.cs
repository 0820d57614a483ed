using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Calendar;

internal sealed class CalendarDayOverrideConfiguration : IEntityTypeConfiguration<CalendarDayOverride>
{
    public void Configure(EntityTypeBuilder<CalendarDayOverride> e) => e.HasIndex(x => x.Date).IsUnique();
}
