using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Files;

namespace Tongban.IntegrationTests;

/// <summary>The app keeping its files in PostgreSQL (Tongban:Files:Store=postgres), as every node of a two-node district does.</summary>
public sealed class PostgresFileStoreApp() : TongbanAppFactory(DatabaseKind.Postgres)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Tongban:Files:Store", "postgres")];

    public async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var scope = Services.CreateAsyncScope();
        var connection = (NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(
            scope.ServiceProvider.GetRequiredService<TongbanDb>().Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class PostgresFileStoreTests(PostgresFileStoreApp app) : ApiTestBase<PostgresFileStoreApp>(app)
{
    private IFileStore Store => App.Services.GetRequiredService<IFileStore>();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task An_upload_lives_in_the_database_and_downloads_byte_for_byte()
    {
        Assert.IsType<PostgresFileStore>(Store);
        var clerk = await App.LoginAsync("clerk");
        var jpeg = FileUploadTests<SqliteSmallUploadApp>.Jpeg();
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(jpeg);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "file", "身份证正面.jpg");
        var upload = await clerk.PostAsync("/api/files", form, Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await Json(upload)).GetProperty("fileId").GetGuid();

        var download = await clerk.GetAsync($"/api/files/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(jpeg, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(1, await App.ScalarAsync("SELECT count(*) FROM file_chunks c JOIN stored_files f ON f.storage_key = c.storage_key WHERE f.id = $1", id));
        // Nothing on this node's disk: another node serves the same file.
        Assert.False(Directory.Exists(App.FilesRoot) && Directory.EnumerateFiles(App.FilesRoot, "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData(20 * 1024 * 1024 + 1, 81)] // the upload limit and one byte: 80 full chunks and one of a byte
    [InlineData(FileChunk.Size * 2, 2)] // ends exactly at a chunk border: two full chunks, the reader finds no third
    [InlineData(0, 1)] // an empty file is one empty chunk, so it is not "missing"
    public async Task A_file_is_kept_in_chunks_and_read_back_whole_through_small_reads(int length, int chunks)
    {
        var bytes = RandomBytes(length, length);
        var key = $"test/{Guid.NewGuid():N}";
        await Store.SaveAsync(key, new MemoryStream(bytes), Ct);

        Assert.Equal(chunks, await App.ScalarAsync("SELECT count(*) FROM file_chunks WHERE storage_key = $1", key));
        Assert.Equal(Math.Min(length, FileChunk.Size), await App.ScalarAsync("SELECT max(length(data)) FROM file_chunks WHERE storage_key = $1", key));
        await using var read = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, 8 * 1024, Ct);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(copy.ToArray()));
        Assert.True(await Store.ExistsAsync(key, Ct));
    }

    [Fact]
    public async Task A_source_that_fails_halfway_leaves_nothing_behind_its_key()
    {
        var key = $"test/{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<IOException>(() => Store.SaveAsync(key, new FailingStream(RandomBytes(FileChunk.Size * 3, 7), failAfter: FileChunk.Size * 2 + 10), Ct));
        Assert.Equal(0, await App.ScalarAsync("SELECT count(*) FROM file_chunks WHERE storage_key = $1", key));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
        Assert.False(await Store.ExistsAsync(key, Ct));
    }

    [Fact]
    public async Task Delete_removes_every_chunk()
    {
        var key = $"test/{Guid.NewGuid():N}";
        await Store.SaveAsync(key, new MemoryStream(RandomBytes(FileChunk.Size + 5, 3)), Ct);
        await Store.DeleteAsync(key, Ct);
        Assert.Equal(0, await App.ScalarAsync("SELECT count(*) FROM file_chunks WHERE storage_key = $1", key));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
    }

    [Fact]
    public async Task Files_move_from_a_node_disk_into_the_database_checked_by_digest_and_resumable()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tongban-move-{Guid.NewGuid():N}");
        var local = new LocalDiskFileStore(Options.Create(new Modules.Files.FileOptions { Root = folder }));
        try
        {
            var good = Enumerable.Range(0, 3).Select(i => RandomBytes(FileChunk.Size + 1000 * i, 100 + i)).ToList();
            var rows = new List<StoredFile>();
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
                StoredFile Row(byte[] content, string note) => new()
                {
                    Id = Guid.CreateVersion7(), OriginalName = $"{note}.pdf", ContentType = "application/pdf", Kind = FileKind.Pdf, Size = content.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Sm3 = new string('0', 64),
                    StorageKey = $"move/{Guid.NewGuid():N}", UploadedBy = "staff:1", UploadedAt = App.Clock.GetUtcNow(),
                };
                foreach (var content in good)
                {
                    var row = Row(content, "good");
                    await local.SaveAsync(row.StorageKey, new MemoryStream(content), Ct);
                    rows.Add(row);
                }
                var lost = Row(good[0], "lost"); // a row whose bytes the old store no longer has
                var changed = Row(good[1], "changed"); // bytes on disk that are not what the row says
                await local.SaveAsync(changed.StorageKey, new MemoryStream(good[2]), Ct);
                db.StoredFiles.AddRange([.. rows, lost, changed]);
                await db.SaveChangesAsync(Ct);

                var first = await MoveFilesBetweenStores.MoveAsync(db, local, Store, Ct);
                Assert.Equal(3, first.Copied);
                Assert.Equal(1, first.MissingInSource);
                Assert.Equal(1, first.Mismatched);
                Assert.False(await Store.ExistsAsync(changed.StorageKey, Ct));

                var again = await MoveFilesBetweenStores.MoveAsync(db, local, Store, Ct);
                Assert.Equal(0, again.Copied);
                Assert.Equal(first.AlreadyThere + 3, again.AlreadyThere);
                db.StoredFiles.RemoveRange(lost, changed);
                await db.SaveChangesAsync(Ct);
            }
            for (var i = 0; i < good.Count; i++)
            {
                await using var read = await Store.OpenReadAsync(rows[i].StorageKey, Ct);
                Assert.Equal(rows[i].Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(read!, Ct)));
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A source that breaks after <paramref name="failAfter"/> bytes, like a client whose connection drops mid-upload.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter) throw new IOException("connection reset");
            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}

/// <summary>The PostgreSQL file store on a SQLite deployment is a setting error found at start, not at the first upload.</summary>
public sealed class SqlitePostgresFileStoreApp() : TongbanAppFactory(DatabaseKind.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Tongban:Files:Store", "postgres")];
}

public sealed class FileStoreSettingTests
{
    [Fact]
    public void The_database_file_store_on_sqlite_refuses_to_start_naming_the_settings()
    {
        using var app = new SqlitePostgresFileStoreApp();
        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);
        Assert.Contains("Tongban:Database:Provider=postgres", error.Message, StringComparison.Ordinal);
    }
}
