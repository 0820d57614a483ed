using System.Buffers;
using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Tongban.Modules.Files;

/// <summary>
/// Files in PostgreSQL (<c>Tongban:Files:Store=postgres</c>), so every node of a district serves every file and one
/// backup of the database holds them all. A file is rows of <see cref="FileChunk.Size"/> bytes in <c>file_chunks</c>:
/// it is written by one binary COPY (all rows or none) and read a chunk per query, so neither way holds a whole file in
/// memory nor a pooled connection for as long as a slow phone takes to download it.
/// </summary>
internal sealed class PostgresFileStore(NpgsqlDataSource source) : IFileStore, IAsyncDisposable
{
    public static PostgresFileStore Connect(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(FileChunk.Size);
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            // Disposed without CompleteAsync (the source failed, the request was cancelled), the COPY is cancelled: no rows.
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY file_chunks (storage_key, seq, data) FROM STDIN (FORMAT BINARY)", cancellationToken);
            var seq = 0;
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, FileChunk.Size), FileChunk.Size, throwOnEndOfStream: false, cancellationToken);
                // An empty file is one empty chunk, so that "no chunk 0" always means "missing".
                if (filled == 0 && seq > 0) break;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(key, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(seq++, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(new ArraySegment<byte>(buffer, 0, filled), NpgsqlDbType.Bytea, cancellationToken);
                if (filled < FileChunk.Size) break;
            }
            await copy.CompleteAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var stream = new ChunkStream(source, storageKey);
        return await stream.LoadAsync(0, cancellationToken) ? stream : null;
    }

    public async Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand("SELECT EXISTS (SELECT 1 FROM file_chunks WHERE storage_key = $1 AND seq = 0)");
        command.Parameters.Add(new NpgsqlParameter { Value = storageKey });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand("DELETE FROM file_chunks WHERE storage_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = storageKey });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();

    /// <summary>Reads a file chunk by chunk; a chunk shorter than <see cref="FileChunk.Size"/> is the last.</summary>
    private sealed class ChunkStream(NpgsqlDataSource source, string key) : Stream
    {
        private readonly byte[] _chunk = ArrayPool<byte>.Shared.Rent(FileChunk.Size);
        private int _length, _position, _seq;
        private bool _returned;

        public async Task<bool> LoadAsync(int seq, CancellationToken cancellationToken)
        {
            await using var command = source.CreateCommand("SELECT data FROM file_chunks WHERE storage_key = $1 AND seq = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            command.Parameters.Add(new NpgsqlParameter { Value = seq });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return false;
            await using var data = await reader.GetStreamAsync(0, cancellationToken);
            _length = await data.ReadAtLeastAsync(_chunk.AsMemory(0, FileChunk.Size), FileChunk.Size, throwOnEndOfStream: false, cancellationToken);
            _position = 0;
            _seq = seq;
            return true;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_returned, this);
            if (_position == _length)
            {
                // A short chunk was the last one; a full one may be followed by another (or end exactly at its border).
                if (_length < FileChunk.Size || !await LoadAsync(_seq + 1, cancellationToken)) return 0;
                if (_length == 0) return 0;
            }
            var count = Math.Min(buffer.Length, _length - _position);
            _chunk.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override bool CanRead => !_returned;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (!_returned)
            {
                _returned = true;
                ArrayPool<byte>.Shared.Return(_chunk);
            }
            base.Dispose(disposing);
        }
    }
}
