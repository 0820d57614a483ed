using System.Security.Cryptography;

namespace Tongban.Tests;

/// <summary>
/// Databases in the field have run every released migration; EF never runs one again, so an edited one would leave
/// them on a schema the code no longer describes. ReleasedMigrations.txt holds each released file's SHA-256.
/// </summary>
public class ReleasedMigrationsTests
{
    private const string Rule = "released migrations are never edited; add a new migration";

    internal static DirectoryInfo RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Tongban.slnx"))) root = root.Parent;
        return root ?? throw new InvalidOperationException("Tongban.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The file's text as released, whatever the checkout did to it: no UTF-8 BOM, LF line ends.</summary>
    internal static string Sha256OfText(byte[] bytes)
    {
        var text = bytes.AsSpan();
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
        var normalised = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
            if (!(text[i] == (byte)'\r' && i + 1 < text.Length && text[i + 1] == (byte)'\n')) normalised.Add(text[i]);
        return Convert.ToHexStringLower(SHA256.HashData(normalised.ToArray()));
    }

    private static List<(string Path, string Sha256)> Manifest() =>
        [.. File.ReadLines(Path.Combine(RepositoryRoot().FullName, "tests", "Tongban.Tests", "ReleasedMigrations.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split("  ", 2))
            .Select(parts => (parts[1], parts[0]))];

    public static TheoryData<string, string> Released() => [.. Manifest()];

    [Theory]
    [MemberData(nameof(Released))]
    public void A_released_migration_file_is_unchanged(string path, string sha256)
    {
        var file = Path.Combine(RepositoryRoot().FullName, path);
        Assert.True(File.Exists(file), $"{path} is gone: {Rule}.");
        var actual = Sha256OfText(File.ReadAllBytes(file));
        Assert.True(actual == sha256, $"{path} changed (SHA-256 {actual}, released {sha256}): {Rule}.");
    }

    [Fact]
    public void The_manifest_lists_the_v0_1_migrations_of_both_providers()
    {
        var paths = Manifest().Select(m => m.Path).ToList();
        string[] v01 =
        [
            "src/Tongban/Infrastructure/Data/Migrations/Sqlite/20261130191218_Initial.cs",
            "src/Tongban/Infrastructure/Data/Migrations/Sqlite/20261130191218_Initial.Designer.cs",
            "src/Tongban/Infrastructure/Data/Migrations/Postgres/20261130191222_Initial.cs",
            "src/Tongban/Infrastructure/Data/Migrations/Postgres/20261130191222_Initial.Designer.cs",
        ];
        Assert.All(v01, p => Assert.Contains(p, paths));
        Assert.DoesNotContain(paths, p => p.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Line_ends_and_the_byte_order_mark_do_not_change_the_hash()
    {
        var lf = "a\nb\n"u8.ToArray();
        byte[] crlfWithBom = [0xEF, 0xBB, 0xBF, .. "a\r\nb\r\n"u8];
        Assert.Equal(Sha256OfText(lf), Sha256OfText(crlfWithBom));
        Assert.NotEqual(Sha256OfText(lf), Sha256OfText("a\nc\n"u8.ToArray()));
    }
}
