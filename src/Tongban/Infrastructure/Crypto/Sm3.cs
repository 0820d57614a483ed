using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tongban.Infrastructure.Crypto;

/// <summary>
/// SM3 (GB/T 32905-2016), the national hash: file fingerprints next to SHA-256, the audit hash
/// chain and e-certificate digests. BouncyCastle does the work; this keeps callers free of its types.
/// </summary>
internal static class Sm3
{
    public const int DigestLength = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data);
        var result = new byte[DigestLength];
        digest.DoFinal(result, 0);
        return result;
    }

    /// <summary>Lower-case hex, the form stored in the database and shown to users.</summary>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Hash(data));

    /// <summary>HMAC-SM3 (RFC 2104 over SM3).</summary>
    public static byte[] Hmac(byte[] key, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var result = new byte[DigestLength];
        mac.DoFinal(result, 0);
        return result;
    }

    /// <summary>An incremental SM3 for streams (uploads are hashed while they are written to disk).</summary>
    public static Sm3Hasher CreateIncremental() => new();
}

internal sealed class Sm3Hasher
{
    private readonly SM3Digest _digest = new();

    public void Append(ReadOnlySpan<byte> data) => _digest.BlockUpdate(data);

    public byte[] GetHashAndReset()
    {
        var result = new byte[Sm3.DigestLength];
        _digest.DoFinal(result, 0);
        return result;
    }
}
