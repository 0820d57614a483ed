using System.Security.Cryptography;
using System.Text;
using Tongban.Infrastructure.Crypto;

namespace Tongban.Infrastructure.Security;

/// <summary>
/// The personal-data keys of one deployment (docs/cryptography.md, ADR 0013). Key 0 is the master key from
/// configuration: it reads the legacy AES-256-GCM values, keys both blind indexes and the keyed hashes, and never
/// changes. Keys 1, 2, … are SM4 keys created by <c>keys rotate</c> as files in the key folder; the highest is current.
/// </summary>
internal sealed class PersonalDataKeys
{
    public const string FilePrefix = "personal-data-";

    private PersonalDataKeys(byte[] master, string? folder, IReadOnlyDictionary<int, byte[]> sm4, string signature)
    {
        Master = master;
        Folder = folder;
        Sm4 = sm4;
        Signature = signature;
        CurrentId = sm4.Keys.Max();
        LegacyEncryption = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.ASCII.GetBytes("tongban personal-data encryption v1"));
        LegacyIndex = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.ASCII.GetBytes("tongban personal-data blind index v1"));
        Index = Sm4Gcm.DeriveKey(master, "tongban personal-data blind index sm3 v2", 32);
    }

    public byte[] Master { get; }
    public string? Folder { get; }
    public IReadOnlyDictionary<int, byte[]> Sm4 { get; }
    public int CurrentId { get; }
    public byte[] LegacyEncryption { get; }
    public byte[] LegacyIndex { get; }
    /// <summary>The HMAC-SM3 key of blind index key 0 (the only index key so far).</summary>
    public byte[] Index { get; }
    /// <summary>The key files present when these keys were read: a change means "read them again".</summary>
    public string Signature { get; }

    public static PersonalDataKeys Load(byte[] master, string? folder)
    {
        var sm4 = new Dictionary<int, byte[]> { [0] = Sm4Gcm.DeriveKey(master, "tongban personal-data sm4 key 0", Sm4Gcm.KeySize) };
        foreach (var (id, path) in KeyFilesIn(folder))
            sm4[id] = Sm4Gcm.DeriveKey(KeyFiles.Decode(File.ReadAllText(path), path), $"tongban personal-data sm4 key {id}", Sm4Gcm.KeySize);
        return new PersonalDataKeys(master, folder, sm4, SignatureOf(folder));
    }

    public static string SignatureOf(string? folder) => string.Join('|', KeyFilesIn(folder).Select(k => k.Id));

    /// <summary>The numbered key files (personal-data-N.key) in <paramref name="folder"/>, lowest first.</summary>
    public static IEnumerable<(int Id, string Path)> KeyFilesIn(string? folder)
    {
        if (folder is null || !Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, FilePrefix + "*.key")
            .Select(p => (Ok: int.TryParse(Path.GetFileNameWithoutExtension(p)[FilePrefix.Length..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var id), Id: id, Path: p))
            .Where(k => k.Ok && k.Id > 0).Select(k => (k.Id, k.Path)).OrderBy(k => k.Id).ToList();
    }

    /// <summary>Writes key <c>CurrentId + 1</c> (32 random bytes, owner-only) and marks it as being rotated to.</summary>
    public static int CreateNext(string folder)
    {
        Directory.CreateDirectory(folder);
        var id = KeyFilesIn(folder).Select(k => k.Id).DefaultIfEmpty(0).Max() + 1;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        // The marker first: a key file without it is a finished rotation, so a crash in between must leave the marker.
        File.WriteAllText(MarkerPath(folder, id), "");
        using (var stream = new FileStream(Path.Combine(folder, $"{FilePrefix}{id}.key"), options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyFiles.MinimumLength))));
            stream.Flush(flushToDisk: true);
        }
        return id;
    }

    /// <summary>Present while rows are still being moved to key <paramref name="id"/>.</summary>
    public static string MarkerPath(string folder, int id) => Path.Combine(folder, $"{FilePrefix}{id}.rotating");
}
