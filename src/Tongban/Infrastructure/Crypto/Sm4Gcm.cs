using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tongban.Infrastructure.Crypto;

/// <summary>
/// SM4 (GB/T 32907-2016), the national block cipher, in GCM (authenticated: a changed byte fails to decrypt).
/// BouncyCastle does the work; this keeps callers free of its types.
/// </summary>
internal static class Sm4Gcm
{
    public const int KeySize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The bare block cipher on one 16-byte block (for known-answer tests of the engine).</summary>
    public static byte[] EncryptBlock(byte[] key, byte[] block)
    {
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }

    /// <summary>ciphertext ‖ tag of <paramref name="plaintext"/> under <paramref name="key"/> and <paramref name="nonce"/>.</summary>
    public static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext)
    {
        var gcm = Create(true, key, nonce);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext.ToArray(), 0, plaintext.Length, output, 0);
        gcm.DoFinal(output, written);
        return output;
    }

    /// <summary>The plaintext of ciphertext ‖ tag; throws <see cref="System.Security.Cryptography.CryptographicException"/> when it was altered.</summary>
    public static byte[] Decrypt(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedData)
    {
        var gcm = Create(false, key, nonce);
        var output = new byte[gcm.GetOutputSize(sealedData.Length)];
        try
        {
            var written = gcm.ProcessBytes(sealedData.ToArray(), 0, sealedData.Length, output, 0);
            gcm.DoFinal(output, written);
        }
        catch (InvalidCipherTextException e)
        {
            throw new System.Security.Cryptography.CryptographicException("SM4-GCM authentication failed.", e);
        }
        return output;
    }

    private static GcmBlockCipher Create(bool encrypt, byte[] key, ReadOnlySpan<byte> nonce)
    {
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(encrypt, new AeadParameters(new KeyParameter(key), TagSize * 8, nonce.ToArray()));
        return gcm;
    }

    /// <summary>HKDF (RFC 5869) over SM3: keys derived from a master key with SM-series primitives only.</summary>
    public static byte[] DeriveKey(byte[] master, string info, int length)
    {
        var hkdf = new HkdfBytesGenerator(new SM3Digest());
        hkdf.Init(new HkdfParameters(master, null, System.Text.Encoding.ASCII.GetBytes(info)));
        var output = new byte[length];
        hkdf.GenerateBytes(output, 0, length);
        return output;
    }
}
