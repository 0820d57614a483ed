using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Certificates;

internal static class CertificatesModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c) =>
        c.Properties<CertificateStatus>().HaveConversion<string>().HaveMaxLength(16);
}

internal sealed class SealAuthorityConfiguration : IEntityTypeConfiguration<SealAuthority>
{
    public void Configure(EntityTypeBuilder<SealAuthority> e)
    {
        e.ToTable("seal_authorities");
        e.HasIndex(x => x.RegionCode).IsUnique();
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.EncryptedPrivateKey).HasMaxLength(1000);
    }
}

internal sealed class DepartmentSealConfiguration : IEntityTypeConfiguration<DepartmentSeal>
{
    public void Configure(EntityTypeBuilder<DepartmentSeal> e)
    {
        e.ToTable("department_seals");
        // One seal in use per department: two first uses at once create it once (the loser reads the winner's); retired
        // seals stay, so the documents they sealed still verify.
        e.HasIndex(x => x.DepartmentCode).IsUnique().HasFilter("retired_at IS NULL");
        e.Property(x => x.Source).HasMaxLength(16).HasDefaultValue(SealSources.Generated);
        e.HasIndex(x => x.SealCode).IsUnique();
        e.Property(x => x.SealCode).HasMaxLength(40);
        e.Property(x => x.DepartmentCode).HasMaxLength(32);
        e.Property(x => x.DepartmentName).HasMaxLength(200);
        e.Property(x => x.CreditCode).HasMaxLength(18);
        e.Property(x => x.EncryptedPrivateKey).HasMaxLength(1000);
    }
}

internal sealed class CertificateTypeConfiguration : IEntityTypeConfiguration<CertificateType>
{
    public void Configure(EntityTypeBuilder<CertificateType> e)
    {
        e.ToTable("certificate_types");
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Code).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NationalTypeCode).HasMaxLength(21);
        e.Property(x => x.IssuerDepartmentCode).HasMaxLength(32);
        e.Property(x => x.FieldsJson).HasMaxLength(4000);
        e.Ignore(x => x.Fields);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> e)
    {
        e.ToTable("certificates");
        e.HasIndex(x => x.Identifier).IsUnique();
        // 我的证照 and reuse as material: a holder's certificates of a type.
        e.HasIndex(x => new { x.HolderKind, x.HolderIdIndex, x.TypeCode });
        e.HasIndex(x => new { x.IssuerDepartmentCode, x.IssuedAt });
        e.HasIndex(x => x.CaseNumber);
        e.Property(x => x.Identifier).HasMaxLength(120);
        e.Property(x => x.Number).HasMaxLength(40);
        e.Property(x => x.TypeCode).HasMaxLength(64);
        e.Property(x => x.TypeName).HasMaxLength(100);
        e.Property(x => x.IssuerDepartmentCode).HasMaxLength(32);
        e.Property(x => x.IssuerName).HasMaxLength(200);
        e.Property(x => x.IssuerCreditCode).HasMaxLength(18);
        e.Property(x => x.HolderName).HasMaxLength(100);
        e.Property(x => x.HolderIdNumber).HasConversion(PersonalData.EncryptedConverter);
        e.Property(x => x.HolderIdIndex).HasMaxLength(32);
        e.Property(x => x.FaceFieldsJson).HasMaxLength(8000);
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.Origin).HasMaxLength(16);
        e.Property(x => x.Fingerprint).HasMaxLength(64);
        e.Property(x => x.StatusReason).HasMaxLength(500);
        e.Property(x => x.StatusChangedBy).HasMaxLength(100);
    }
}

internal sealed class SealedLetterConfiguration : IEntityTypeConfiguration<SealedLetter>
{
    public void Configure(EntityTypeBuilder<SealedLetter> e)
    {
        e.ToTable("sealed_letters");
        e.HasIndex(x => x.CaseNumber);
        e.HasIndex(x => x.DocumentNumber).IsUnique();
        e.Property(x => x.CaseNumber).HasMaxLength(32);
        e.Property(x => x.Decision).HasMaxLength(16);
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.DocumentNumber).HasMaxLength(100);
        e.Property(x => x.Fingerprint).HasMaxLength(64);
    }
}

internal sealed class VerificationWindowConfiguration : IEntityTypeConfiguration<VerificationWindow>
{
    public void Configure(EntityTypeBuilder<VerificationWindow> e)
    {
        e.ToTable("certificate_verification_windows");
        e.HasKey(x => new { x.AddressKey, x.Minute });
        e.Property(x => x.AddressKey).HasMaxLength(64);
        e.HasIndex(x => x.Minute);
    }
}
