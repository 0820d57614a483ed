using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tongban.Infrastructure.Security;

/// <summary>Tongban:PersonalData — the key that encrypts ID numbers and mobile numbers at rest.</summary>
internal sealed class PersonalDataOptions
{
    public const string Section = "Tongban:PersonalData";

    /// <summary>Base64 of at least 32 random bytes. Required in Production; all nodes share it; never rotate without re-encrypting.</summary>
    public string? Key { get; set; }

    /// <summary>Where a development key is generated and kept when <see cref="Key"/> is not set (not in Production).</summary>
    public string DevKeyFile { get; set; } = "data/personal-data.key";
}

/// <summary>
/// Encryption at rest of personal identifiers (DESIGN §3 rule 6): AES-256-GCM with a random nonce per
/// value ("v1." + base64(nonce ‖ ciphertext ‖ tag)), so equal ID numbers never look equal in the
/// database; lookups go through a blind index, an HMAC-SHA-256 of the normalised value under a
/// second key derived from the same master key. EF value converters call this, and EF caches one model
/// per context type, so the key is one per process (one deployment, one key).
/// </summary>
internal static class PersonalData
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static Keys? _keys;

    private sealed record Keys(byte[] Master, byte[] Encryption, byte[] Index);

    public static bool IsConfigured => _keys is not null;

    /// <summary>The value converter of every encrypted column (ID numbers, mobiles), shared by the modules' models.</summary>
    public static readonly ValueConverter<string, string> EncryptedConverter = new(v => Protect(v), v => Unprotect(v));

    public static void Configure(byte[] master)
    {
        var current = _keys;
        if (current is not null)
        {
            if (!CryptographicOperations.FixedTimeEquals(current.Master, master))
                throw new InvalidOperationException("A different personal-data key is already in use in this process.");
            return;
        }
        _keys = new Keys(master,
            HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.ASCII.GetBytes("tongban personal-data encryption v1")),
            HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.ASCII.GetBytes("tongban personal-data blind index v1")));
    }

    private static Keys Current => _keys ?? throw new InvalidOperationException("Personal-data protection is not configured (Tongban:PersonalData:Key).");

    public static string Protect(string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + data.Length + TagSize];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Current.Encryption, TagSize);
        aes.Encrypt(nonce, data, buffer.AsSpan(NonceSize, data.Length), buffer.AsSpan(NonceSize + data.Length, TagSize));
        return Prefix + Convert.ToBase64String(buffer);
    }

    public static string Unprotect(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            throw new CryptographicException("Stored personal data is not in the encrypted format.");
        var buffer = Convert.FromBase64String(stored[Prefix.Length..]);
        var length = buffer.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(Current.Encryption, TagSize);
        aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize, length), buffer.AsSpan(NonceSize + length, TagSize), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The blind index of a normalised identifier (32 hex characters): equal inputs, equal outputs; no way back.</summary>
    public static string BlindIndex(string normalized) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Current.Index, Encoding.UTF8.GetBytes(normalized)))[..32];

    /// <summary>
    /// A keyed hash for another purpose (e.g. a case's query code): HMAC-SHA-256 under a key derived from the master key
    /// with <paramref name="purpose"/>, so no two purposes share a key and none can be turned into a blind index.
    /// </summary>
    public static byte[] KeyedHash(string purpose, string value) =>
        HMACSHA256.HashData(HKDF.DeriveKey(HashAlgorithmName.SHA256, Current.Master, 32, info: Encoding.ASCII.GetBytes("tongban " + purpose)),
            Encoding.UTF8.GetBytes(value));

    /// <summary>Reads the key (configuration, or the development key file) and installs it for this process.</summary>
    public static void ConfigureFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var (key, _) = KeyFiles.Resolve(options.Key, "Tongban:PersonalData:Key", options.DevKeyFile, environment);
        Configure(key);
    }
}
