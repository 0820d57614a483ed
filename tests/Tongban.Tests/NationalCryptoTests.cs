using System.Security.Cryptography;
using System.Text;
using Tongban.Infrastructure.Crypto;

namespace Tongban.Tests;

/// <summary>Known-answer tests of the SM primitives personal data relies on (ADR 0013).</summary>
public class NationalCryptoTests
{
    [Fact]
    public void Sm4_encrypts_the_gb_t_32907_appendix_a_example()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        Assert.Equal("681edf34d206965e86b3e94f536e4246", Convert.ToHexStringLower(Sm4Gcm.EncryptBlock(key, key)));
    }

    [Fact]
    public void Hmac_sm3_agrees_with_openssl()
    {
        // printf abc | openssl dgst -sm3 -hmac tongban-hmac-sm3-test-key
        Assert.Equal("a9f5a3a9b4d07ee8756a3ddb5aa77c5f5d1471e6151ed77962dca1aa03e195c0",
            Convert.ToHexStringLower(Sm3.Hmac(Encoding.ASCII.GetBytes("tongban-hmac-sm3-test-key"), "abc"u8)));
        // printf 440524188001010014 | openssl dgst -sm3 -hmac 0123456789abcdeffedcba9876543210
        Assert.Equal("b45cc19cbe25b9f5c7065261ec6123cd9e8872d0aceeeee531935aef0c5241c5",
            Convert.ToHexStringLower(Sm3.Hmac(Encoding.ASCII.GetBytes("0123456789abcdeffedcba9876543210"), "440524188001010014"u8)));
    }

    [Fact]
    public void Sm4_gcm_round_trips_and_refuses_a_changed_byte()
    {
        var key = RandomNumberGenerator.GetBytes(Sm4Gcm.KeySize);
        var nonce = RandomNumberGenerator.GetBytes(Sm4Gcm.NonceSize);
        var sealedData = Sm4Gcm.Encrypt(key, nonce, "13905950123"u8);
        Assert.Equal(11 + Sm4Gcm.TagSize, sealedData.Length);
        Assert.Equal("13905950123", Encoding.UTF8.GetString(Sm4Gcm.Decrypt(key, nonce, sealedData)));
        sealedData[0] ^= 1;
        Assert.Throws<CryptographicException>(() => Sm4Gcm.Decrypt(key, nonce, sealedData));
    }
}
