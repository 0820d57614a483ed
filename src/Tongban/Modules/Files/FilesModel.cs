using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Files;

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
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
    }
}

internal sealed class FileChunkConfiguration : IEntityTypeConfiguration<FileChunk>
{
    public void Configure(EntityTypeBuilder<FileChunk> e)
    {
        e.ToTable("file_chunks");
        e.HasKey(x => new { x.StorageKey, x.Seq });
        e.Property(x => x.StorageKey).HasMaxLength(200);
    }
}
