using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Catalog;

/// <summary>The Catalog module's tables: item versions and their material requirements.</summary>
internal static class CatalogModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<ItemType>().HaveConversion<string>().HaveMaxLength(32);
        c.Properties<CaseKind>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<LimitUnit>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<TongbanScope>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<ItemVersionStatus>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<Necessity>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<MaterialForm>().HaveConversion<string>().HaveMaxLength(16);
        c.Properties<MaterialSource>().HaveConversion<string>().HaveMaxLength(16);
    }
}

internal sealed class ServiceItemVersionConfiguration : IEntityTypeConfiguration<ServiceItemVersion>
{
    public void Configure(EntityTypeBuilder<ServiceItemVersion> e)
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
        e.Property(x => x.SearchText).HasMaxLength(ItemSearchText.MaxLength).HasField("<SearchText>k__BackingField");
        e.Property(x => x.SearchGrams).HasField("<SearchGrams>k__BackingField");
        e.Ignore(x => x.LegalLimit);
        e.Ignore(x => x.PromisedLimit);
        e.HasMany(x => x.Materials).WithOne().HasForeignKey(m => m.ItemVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MaterialRequirementConfiguration : IEntityTypeConfiguration<MaterialRequirement>
{
    public void Configure(EntityTypeBuilder<MaterialRequirement> e)
    {
        e.HasIndex(x => new { x.ItemVersionId, x.Code }).IsUnique();
        e.Property(x => x.Notes).HasMaxLength(1000);
    }
}
