using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Materials;

/// <summary>The once-only library, per owner (blind index) and class.</summary>
internal sealed class LibraryMaterialConfiguration : IEntityTypeConfiguration<LibraryMaterial>
{
    public void Configure(EntityTypeBuilder<LibraryMaterial> e)
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
    }
}
