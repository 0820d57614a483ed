using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Certificates;

/// <summary>Tongban:Certificates — seal keys, verification limits.</summary>
internal sealed class CertificateOptions
{
    public const string Section = "Tongban:Certificates";

    /// <summary>Base64 of at least 32 random bytes that encrypts the seals' private keys at rest. Required in Production; kept outside the database.</summary>
    public string? SealKey { get; set; }

    /// <summary>Where a development seal key is generated and kept when <see cref="SealKey"/> is not set (not in Production).</summary>
    public string DevKeyFile { get; set; } = "data/seal.key";

    /// <summary>Public verifications (by identifier or by file) one network may make per minute, across all nodes.</summary>
    public int VerificationsPerAddressPerMinute { get; set; } = 30;

    /// <summary>The largest PDF the public file verification reads.</summary>
    public long MaxVerifyFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The public address the QR codes point to (e.g. https://zwfw.example.gov.cn); empty: the address of the request that issued it.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a department's seal certificate is valid when created.</summary>
    public int SealValidityYears { get; set; } = 10;
}

/// <summary>
/// Encrypts seal private keys at rest: AES-256-GCM under a key derived from Tongban:Certificates:SealKey, which lives
/// outside the database (as the personal-data key does), so a copy of the database alone cannot seal anything.
/// Format "v1." + base64(nonce ‖ ciphertext ‖ tag).
/// </summary>
internal sealed class SealKeyRing
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SealKeyRing(IOptions<CertificateOptions> options, IHostEnvironment environment)
    {
        var o = options.Value;
        var (master, _) = KeyFiles.Resolve(o.SealKey, "Tongban:Certificates:SealKey", o.DevKeyFile, environment);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.ASCII.GetBytes("tongban seal private keys v1"));
    }

    public string Protect(byte[] privateKey)
    {
        var buffer = new byte[NonceSize + privateKey.Length + TagSize];
        RandomNumberGenerator.Fill(buffer.AsSpan(0, NonceSize));
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(buffer.AsSpan(0, NonceSize), privateKey, buffer.AsSpan(NonceSize, privateKey.Length), buffer.AsSpan(NonceSize + privateKey.Length, TagSize));
        return Prefix + Convert.ToBase64String(buffer);
    }

    public byte[] Unprotect(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) throw new CryptographicException("A seal key is not in the encrypted format.");
        var buffer = Convert.FromBase64String(stored[Prefix.Length..]);
        var length = buffer.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize, length), buffer.AsSpan(NonceSize + length, TagSize), plain);
        return plain;
    }
}
