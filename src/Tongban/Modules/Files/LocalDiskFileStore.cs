using Microsoft.Extensions.Options;

namespace Tongban.Modules.Files;

/// <summary>Files on the local disk under Tongban:Files:Root, as yyyy/MM/&lt;id&gt;.</summary>
internal sealed class LocalDiskFileStore : IFileStore
{
    private readonly string _root;

    public LocalDiskFileStore(IOptions<FileOptions> options)
    {
        _root = Path.GetFullPath(options.Value.Root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var final = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        // Same folder as the final name, so the move is an atomic rename on one file system.
        var temp = $"{final}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var target = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
                Options = System.IO.FileOptions.Asynchronous, BufferSize = 81920,
            }))
            {
                await content.CopyToAsync(target, 81920, cancellationToken);
                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
            }
            File.Move(temp, final, overwrite: false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var path = PathOf(storageKey);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, System.IO.FileOptions.Asynchronous | System.IO.FileOptions.SequentialScan)
            : null);
    }

    public Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(storageKey)));

    public Task DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        TryDelete(PathOf(storageKey));
        return Task.CompletedTask;
    }

    private string PathOf(string storageKey)
    {
        var path = Path.GetFullPath(Path.Combine(_root, storageKey));
        // Keys come from our own rows, but a path outside the root must never be opened.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Storage key leaves the file store root.", nameof(storageKey));
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: an orphan file is harmless, a failed request because of it is not.
        }
    }
}
