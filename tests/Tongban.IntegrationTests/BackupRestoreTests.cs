using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Tongban.Infrastructure;
using Tongban.Infrastructure.Operations;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>
/// The restore drill (docs/operations.md § Backup and restore): a running instance with cases and uploaded files is
/// backed up by `Tongban backup` while it serves, then wiped; `Tongban restore` puts the backup into another, empty
/// database and file store; the instance started there finds the same cases, the same file bytes, and a verifying
/// audit chain.
/// </summary>
public abstract class BackupRestoreTests(DatabaseKind kind) : IAsyncDisposable
{
    /// <summary>The node the backup is restored to: starts on what the restore put there, never on the template.</summary>
    private sealed class RestoredApp(DatabaseKind kind) : TongbanAppFactory(kind)
    {
        protected override bool UseTemplateDatabase => false;
    }

    private readonly string _backup = Path.Combine(Path.GetTempPath(), $"tongban-backup-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_of_a_running_instance_restores_elsewhere_with_the_same_cases_files_and_audit_chain()
    {
        var source = new TongbanAppFactory(kind);
        source.SkipIfUnavailable();
        var clerk = await source.LoginAsync("clerk");
        var (itemCode, requirement) = await IdCardItemAsync(source);
        (byte[] Bytes, string Name)[] uploads = [(Citizens.Png("甲"), "身份证.png"), (FileUploadTests<SqliteSmallUploadApp>.Jpeg(), "身份证.jpg"), (Citizens.Png("丙"), "户口簿.png")];
        var numbers = new List<string>();
        foreach (var (bytes, name) in uploads)
        {
            var fileId = await Citizens.UploadAsync(clerk, bytes, name);
            var response = await Scenario.PostJson(clerk, "/api/cases", new
            {
                itemCode, channel = "window",
                applicant = new { kind = "person", name = "林阿婆", idNumber = Citizens.NewIdNumber(), mobile = Citizens.NewMobile() },
                materials = new object[] { new { requirementCode = requirement, fileId } },
            }, Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            numbers.Add((await Scenario.Json(response)).GetProperty("caseNumber").GetString()!);
        }
        var cases = await CasesAsync(clerk, numbers);
        var files = await StoredFilesAsync(source);
        Assert.Equal(uploads.Length, files.Count);

        // Online: the source keeps serving while the backup is taken.
        Assert.Equal(0, await Command(["backup", _backup]).RunAsync(source.Services, ["backup", _backup]));
        var manifest = await BackupManifest.ReadAsync(_backup, Ct);
        Assert.Equal(kind == DatabaseKind.Sqlite ? "sqlite" : "postgres", manifest.Provider);
        Assert.Equal(files.Select(f => (f.Key, f.Sha256)).Order(), manifest.Files.Select(f => (f.Path, f.Sha256)).Order());
        Assert.Empty(manifest.MissingFiles);
        Assert.DoesNotContain(Directory.EnumerateFiles(_backup, "*", SearchOption.AllDirectories), f => f.EndsWith(".key", StringComparison.Ordinal));

        // Wiped: the source's database and file store are gone.
        var (sqlite, filesRoot) = (source.SqlitePath, source.FilesRoot);
        await source.DisposeAsync();
        Assert.False(File.Exists(sqlite));
        Assert.False(Directory.Exists(filesRoot));

        await using var target = new RestoredApp(kind);
        Assert.Equal(0, await RunCommandAsync(target, ["restore", _backup]));
        var staff = await target.LoginAsync("clerk");
        Assert.Equal(cases, await CasesAsync(staff, numbers));
        Assert.Equal(files, await StoredFilesAsync(target));
        foreach (var file in files)
        {
            var download = await staff.GetAsync($"/api/files/{file.Id}", Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync(Ct))));
        }
        Assert.Equal(0, await Command(["audit", "verify"]).RunAsync(target.Services, ["audit", "verify"]));
        await target.WithDbAsync(async db => Assert.True(await db.AuditEntries.LongCountAsync(Ct) > manifest.Counts.AuditEntries));

        // A second restore onto the now running database is refused, not merged.
        Assert.Equal(1, await Command(["restore", _backup]).RunAsync(target.Services, ["restore", _backup]));
    }

    private static TongbanCommand Command(string[] args) => TongbanCommands.Find(args) ?? throw new InvalidOperationException(string.Join(' ', args));

    /// <summary>Runs a command as Program does (settings, then the app built but not started) against the target's database and store.</summary>
    private static async Task<int> RunCommandAsync(TongbanAppFactory target, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var settings = new Dictionary<string, string?>
        {
            ["Tongban:Files:Root"] = target.FilesRoot,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        if (target.Kind == DatabaseKind.Sqlite)
        {
            settings["Tongban:Database:Provider"] = "sqlite";
            settings["Tongban:Database:SqlitePath"] = target.SqlitePath;
        }
        else
        {
            settings["Tongban:Database:Provider"] = "postgres";
            settings["ConnectionStrings:Tongban"] = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TongbanAppFactory.PostgresVariable))
                { Database = target.PostgresDatabase }.ConnectionString;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTongban();
        await using var app = builder.Build();
        return await Command(args).RunAsync(app.Services, args);
    }

    private static async Task<(string Item, string Requirement)> IdCardItemAsync(TongbanAppFactory app)
    {
        (string, string)? found = null;
        await app.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised)
                .OrderBy(i => i.Id).Take(200).ToListAsync(Ct);
            var item = items.First(i => i.Channels.HasFlag(Channels.Window) && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card"));
            found = (item.Code, item.Materials.First(m => m.MaterialTypeCode == "resident-id-card").Code);
        });
        return found!.Value;
    }

    /// <summary>Each case as the API shows it: status, masked applicant, how many materials.</summary>
    private static async Task<List<string>> CasesAsync(HttpClient staff, IEnumerable<string> numbers)
    {
        var list = new List<string>();
        foreach (var number in numbers)
        {
            var body = JsonDocument.Parse(await staff.GetStringAsync($"/api/cases/{number}", Ct)).RootElement;
            list.Add($"{number} {body.GetProperty("status").GetString()} {body.GetProperty("applicant").GetProperty("name").GetString()} {body.GetProperty("materials").GetArrayLength()} materials");
        }
        return list;
    }

    /// <summary>Each stored file's record and the SHA-256 of the bytes the store holds for it.</summary>
    private static async Task<List<(Guid Id, string Key, string Sha256, string Stored)>> StoredFilesAsync(TongbanAppFactory app)
    {
        var rows = new List<(Guid, string, string, string)>();
        await app.WithDbAsync(async db =>
        {
            foreach (var f in await db.StoredFiles.AsNoTracking().OrderBy(f => f.StorageKey).ToListAsync(Ct))
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(app.FilesRoot, f.StorageKey), Ct);
                rows.Add((f.Id, f.StorageKey, f.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            }
        });
        return rows;
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_backup)) Directory.Delete(_backup, recursive: true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteBackupRestoreTests() : BackupRestoreTests(DatabaseKind.Sqlite);

public sealed class PostgresBackupRestoreTests() : BackupRestoreTests(DatabaseKind.Postgres);
