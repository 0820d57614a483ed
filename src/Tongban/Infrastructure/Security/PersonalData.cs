using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tongban.Infrastructure.Crypto;

namespace Tongban.Infrastructure.Security;

/// <summary>Tongban:PersonalData — the keys that encrypt ID numbers and mobile numbers at rest.</summary>
internal sealed class PersonalDataOptions
{
    public const string Section = "Tongban:PersonalData";

    /// <summary>Base64 of at least 32 random bytes: key 0, the master key. Required in Production; all nodes share it; never changes.</summary>
    public string? Key { get; set; }

    /// <summary>Where a development key is generated and kept when <see cref="Key"/> is not set (not in Production).</summary>
    public string DevKeyFile { get; set; } = "data/personal-data.key";

    /// <summary>The folder of the rotated SM4 keys (personal-data-N.key), the same on every node.</summary>
    public string KeyFolder { get; set; } = "data/personal-data-keys";
}

/// <summary>
/// Encryption at rest of personal identifiers (DESIGN §3 rule 6; ADR 0013). A stored value names its algorithm and key:
/// "v2.&lt;key id&gt;." + base64(nonce ‖ SM4-GCM ciphertext ‖ tag) for new data, "v1." + the same under AES-256-GCM and
/// key 0 for data written before. Lookups go through a blind index: "i2.0." + HMAC-SM3 (hex, 32 characters in all) for
/// new rows, 32 hex characters of HMAC-SHA-256 for older ones; a search computes both (<see cref="BlindIndexes"/>).
/// EF value converters call this, and EF caches one model per context type, so the keys are one set per process.
/// </summary>
internal static class PersonalData
{
    private const string LegacyPrefix = "v1.";
    private const string Sm4Prefix = "v2.";
    public const string IndexPrefix = "i2.0.";
    private const int IndexLength = 32;
    private const int AesNonceSize = 12;
    private const int AesTagSize = 16;
    private static PersonalDataKeys? _keys;
    private static long _checkedAt;
    private static readonly Lock ReloadGate = new();

    public static bool IsConfigured => _keys is not null;

    /// <summary>The value converter of every encrypted column (ID numbers, mobiles), shared by the modules' models.</summary>
    public static readonly ValueConverter<string, string> EncryptedConverter = new(v => Protect(v), v => Unprotect(v));

    public static void Configure(byte[] master, string? keyFolder = null)
    {
        lock (ReloadGate)
        {
            var current = _keys;
            if (current is not null)
            {
                if (!CryptographicOperations.FixedTimeEquals(current.Master, master))
                    throw new InvalidOperationException("A different personal-data key is already in use in this process.");
                if (keyFolder is null || current.Folder == keyFolder) return;
            }
            _keys = PersonalDataKeys.Load(master, keyFolder);
        }
    }

    private static PersonalDataKeys Keys => _keys ?? throw new InvalidOperationException("Personal-data protection is not configured (Tongban:PersonalData:Key).");

    /// <summary>The key new values are written under (the highest in the key folder, 0 when it holds none).</summary>
    public static int CurrentKeyId => Fresh().CurrentId;

    public static IReadOnlyCollection<int> KeyIds => Keys.Sm4.Keys.Order().ToList();

    public static string? KeyFolder => Keys.Folder;

    /// <summary>The stored-value prefix of key <paramref name="keyId"/>; a value starting with the current one needs no rotation.</summary>
    public static string PrefixOf(int keyId) => Sm4Prefix + keyId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";

    public const string LegacyValuePrefix = LegacyPrefix;

    /// <summary>Reads the key folder again (a rotation on another process added a key).</summary>
    public static void Reload()
    {
        lock (ReloadGate)
        {
            var keys = Keys;
            _keys = PersonalDataKeys.Load(keys.Master, keys.Folder);
            _checkedAt = Environment.TickCount64;
        }
    }

    // A running node learns of a new current key within seconds, without a restart: a directory listing, at most every 5 s.
    private static PersonalDataKeys Fresh()
    {
        var keys = Keys;
        if (keys.Folder is null || Environment.TickCount64 - Volatile.Read(ref _checkedAt) < 5000) return keys;
        Volatile.Write(ref _checkedAt, Environment.TickCount64);
        if (PersonalDataKeys.SignatureOf(keys.Folder) != keys.Signature) Reload();
        return Keys;
    }

    public static string Protect(string plaintext)
    {
        var keys = Fresh();
        var nonce = RandomNumberGenerator.GetBytes(Sm4Gcm.NonceSize);
        var sealedData = Sm4Gcm.Encrypt(keys.Sm4[keys.CurrentId], nonce, Encoding.UTF8.GetBytes(plaintext));
        return PrefixOf(keys.CurrentId) + Convert.ToBase64String([.. nonce, .. sealedData]);
    }

    public static string Unprotect(string stored)
    {
        if (stored.StartsWith(LegacyPrefix, StringComparison.Ordinal)) return UnprotectAes(stored);
        if (!stored.StartsWith(Sm4Prefix, StringComparison.Ordinal))
            throw new CryptographicException("Stored personal data is not in the encrypted format.");
        var dot = stored.IndexOf('.', Sm4Prefix.Length);
        if (dot < 0 || !int.TryParse(stored.AsSpan(Sm4Prefix.Length, dot - Sm4Prefix.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var keyId))
            throw new CryptographicException("Stored personal data names no key.");
        if (!Keys.Sm4.ContainsKey(keyId)) Reload();
        if (!Keys.Sm4.TryGetValue(keyId, out var key))
            throw new CryptographicException($"Personal-data key {keyId} is not in the key folder ({Keys.Folder}); copy it there from the node that created it.");
        var buffer = Convert.FromBase64String(stored[(dot + 1)..]);
        if (buffer.Length < Sm4Gcm.NonceSize + Sm4Gcm.TagSize) throw new CryptographicException("Stored personal data is truncated.");
        return Encoding.UTF8.GetString(Sm4Gcm.Decrypt(key, buffer.AsSpan(0, Sm4Gcm.NonceSize), buffer.AsSpan(Sm4Gcm.NonceSize)));
    }

    private static string UnprotectAes(string stored)
    {
        var buffer = Convert.FromBase64String(stored[LegacyPrefix.Length..]);
        var length = buffer.Length - AesNonceSize - AesTagSize;
        if (length < 0) throw new CryptographicException("Stored personal data is truncated.");
        var plaintext = new byte[length];
        using var aes = new AesGcm(Keys.LegacyEncryption, AesTagSize);
        aes.Decrypt(buffer.AsSpan(0, AesNonceSize), buffer.AsSpan(AesNonceSize, length), buffer.AsSpan(AesNonceSize + length, AesTagSize), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>
    /// The blind index new rows get: "i2.0." + HMAC-SM3 of the normalised identifier in hex, 32 characters; equal inputs,
    /// equal outputs; no way back.
    /// </summary>
    public static string BlindIndex(string normalized) =>
        IndexPrefix + Convert.ToHexStringLower(Sm3.Hmac(Keys.Index, Encoding.UTF8.GetBytes(normalized)))[..(IndexLength - IndexPrefix.Length)];

    /// <summary>The HMAC-SHA-256 blind index of rows written before SM3 (32 hex characters).</summary>
    public static string LegacyBlindIndex(string normalized) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Keys.LegacyIndex, Encoding.UTF8.GetBytes(normalized)))[..IndexLength];

    /// <summary>Every index a row holding <paramref name="normalized"/> may carry: search with <c>IN</c> over these.</summary>
    public static string[] BlindIndexes(string normalized) => [BlindIndex(normalized), LegacyBlindIndex(normalized)];

    /// <summary>True when <paramref name="index"/> is in the current (SM3) form.</summary>
    public static bool IsCurrentIndex(string? index) => index is null || index.StartsWith(IndexPrefix, StringComparison.Ordinal);

    /// <summary>
    /// A keyed hash for another purpose (e.g. a case's query code): HMAC-SHA-256 under a key derived from the master key
    /// with <paramref name="purpose"/>, so no two purposes share a key and none can be turned into a blind index.
    /// Printed codes depend on it, so it stays on key 0 and its algorithm.
    /// </summary>
    public static byte[] KeyedHash(string purpose, string value) =>
        HMACSHA256.HashData(HKDF.DeriveKey(HashAlgorithmName.SHA256, Keys.Master, 32, info: Encoding.ASCII.GetBytes("tongban " + purpose)),
            Encoding.UTF8.GetBytes(value));

    /// <summary>Reads the keys (configuration or the development key file, and the key folder) and installs them for this process.</summary>
    public static void ConfigureFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var (key, _) = KeyFiles.Resolve(options.Key, "Tongban:PersonalData:Key", options.DevKeyFile, environment);
        Configure(key, Path.GetFullPath(options.KeyFolder));
    }
}
