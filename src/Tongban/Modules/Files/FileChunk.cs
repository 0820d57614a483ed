namespace Tongban.Modules.Files;

/// <summary>
/// A piece of a file kept in PostgreSQL by <see cref="PostgresFileStore"/>: rows 0, 1, 2 … of a storage key, each
/// <see cref="Size"/> bytes but the last. Written and read with plain SQL; the entity exists for the migration.
/// </summary>
internal sealed class FileChunk
{
    /// <summary>256 KiB: a 20 MB upload is 80 rows, and a reader holds one piece at a time.</summary>
    public const int Size = 256 * 1024;

    public required string StorageKey { get; init; }
    public int Seq { get; init; }
    public required byte[] Data { get; init; }
}
