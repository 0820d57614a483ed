using System.ComponentModel.DataAnnotations;

namespace Tongban.Modules.Files;

/// <summary>Tongban:Files — where uploaded files are kept and how large one may be.</summary>
internal sealed class FileOptions
{
    public const string Section = "Tongban:Files";

    /// <summary>
    /// Where the bytes go: <c>local</c> (a folder on this node, the default) or <c>postgres</c> (the database every node
    /// reaches; needs Tongban:Database:Provider=postgres).
    /// </summary>
    [RegularExpression("^(local|postgres)$", ErrorMessage = "Tongban:Files:Store must be 'local' or 'postgres'.")]
    public string Store { get; set; } = "local";

    public bool InPostgres => string.Equals(Store, "postgres", StringComparison.Ordinal);

    /// <summary>Folder of the local file store; relative paths are resolved against the working folder.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Tongban:Files:Root must name a folder.")]
    public string Root { get; set; } = "data/files";

    /// <summary>Largest accepted upload in bytes (20 MB: a scanned multi-page application form).</summary>
    [Range(1, 1L << 32, ErrorMessage = "Tongban:Files:MaxBytes must be between 1 and 4 GiB.")]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;
}
