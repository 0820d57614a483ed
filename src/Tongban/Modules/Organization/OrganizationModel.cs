using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Organization;

/// <summary>The Organization module's tables: regions, service points, departments, windows and kiosks.</summary>
internal static class OrganizationModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<ServicePointLevel>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<KioskLocationKind>().HaveConversion<string>().HaveMaxLength(16);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> e)
    {
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(12);
    }
}

internal sealed class ServicePointConfiguration : IEntityTypeConfiguration<ServicePoint>
{
    public void Configure(EntityTypeBuilder<ServicePoint> e)
    {
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => new { x.RegionCode, x.Level });
        e.HasIndex(x => x.ParentCode);
        e.Property(x => x.Code).HasMaxLength(32);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> e)
    {
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.CreditCode).IsUnique();
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.CreditCode).HasMaxLength(18);
    }
}

internal sealed class ServiceWindowConfiguration : IEntityTypeConfiguration<ServiceWindow>
{
    public void Configure(EntityTypeBuilder<ServiceWindow> e)
    {
        e.ToTable("service_windows");
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.ServicePointCode);
    }
}

internal sealed class KioskConfiguration : IEntityTypeConfiguration<Kiosk>
{
    public void Configure(EntityTypeBuilder<Kiosk> e) => e.HasIndex(x => x.Code).IsUnique();
}
