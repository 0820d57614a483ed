namespace Tongban.Modules.Files;

/// <summary>The kinds of file the platform accepts, recognised by content, never by name alone.</summary>
internal enum FileKind
{
    Pdf,
    Jpeg,
    Png,
    /// <summary>OFD (GB/T 33190), the national fixed-layout format: a ZIP holding OFD.xml.</summary>
    Ofd,
}

/// <summary>
/// An uploaded file's record. The bytes live in the <see cref="IFileStore"/> under
/// <see cref="StorageKey"/>; both digests are kept so a material or certificate can later prove
/// it is unchanged (SHA-256 for the world, SM3 for national-standard signatures and the audit chain).
/// </summary>
internal sealed class StoredFile
{
    public Guid Id { get; init; }
    public required string OriginalName { get; init; }
    public required string ContentType { get; init; }
    public FileKind Kind { get; init; }
    public long Size { get; init; }
    /// <summary>Lower-case hex SHA-256.</summary>
    public required string Sha256 { get; init; }
    /// <summary>Lower-case hex SM3.</summary>
    public required string Sm3 { get; init; }
    public required string StorageKey { get; init; }
    /// <summary>Who uploaded it: "staff:12" (later "citizen:…", "kiosk:…").</summary>
    public required string UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}
