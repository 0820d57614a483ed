using System.Security.Cryptography;
using Tongban.Infrastructure.Security;

namespace Tongban.Tests;

public class PersonalDataTests
{
    static PersonalDataTests()
    {
        // One key per process, as in the app; tests that need the key share this one.
        if (!PersonalData.IsConfigured) PersonalData.Configure(Convert.FromBase64String("dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXk="));
    }

    [Fact]
    public void An_id_number_round_trips_and_never_appears_in_the_stored_form()
    {
        const string id = "11010519491231002X";
        var stored = PersonalData.Protect(id);
        Assert.StartsWith("v2.0.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(id, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("110105", stored, StringComparison.Ordinal);
        Assert.Equal(id, PersonalData.Unprotect(stored));
    }

    [Fact]
    public void The_same_value_encrypts_differently_each_time_but_has_one_blind_index()
    {
        var a = PersonalData.Protect("13800138000");
        var b = PersonalData.Protect("13800138000");
        Assert.NotEqual(a, b);
        Assert.Equal(PersonalData.BlindIndex("13800138000"), PersonalData.BlindIndex("13800138000"));
        Assert.NotEqual(PersonalData.BlindIndex("13800138000"), PersonalData.BlindIndex("13800138001"));
        Assert.Equal(32, PersonalData.BlindIndex("x").Length);
    }

    [Fact]
    public void A_tampered_value_is_refused_not_decrypted_to_garbage()
    {
        var stored = PersonalData.Protect("11010519491231002X");
        var bytes = Convert.FromBase64String(stored["v2.0.".Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => PersonalData.Unprotect("v2.0." + Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => PersonalData.Unprotect("v2.9." + stored["v2.0.".Length..]));
        Assert.ThrowsAny<CryptographicException>(() => PersonalData.Unprotect("11010519491231002X"));
    }

    private static readonly byte[] Master = Convert.FromBase64String("dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXk=");

    [Fact]
    public void A_value_written_before_sm4_in_the_v1_format_still_reads_and_its_old_index_is_still_a_candidate()
    {
        // The v1 format as the earlier build wrote it: AES-256-GCM under HKDF-SHA-256(master), "v1." + base64(nonce ‖ ciphertext ‖ tag).
        const string id = "440524188001010014";
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Master, 32, info: System.Text.Encoding.ASCII.GetBytes("tongban personal-data encryption v1"));
        var data = System.Text.Encoding.UTF8.GetBytes(id);
        var buffer = new byte[12 + data.Length + 16];
        RandomNumberGenerator.Fill(buffer.AsSpan(0, 12));
        using (var aes = new AesGcm(key, 16))
            aes.Encrypt(buffer.AsSpan(0, 12), data, buffer.AsSpan(12, data.Length), buffer.AsSpan(12 + data.Length, 16));
        Assert.Equal(id, PersonalData.Unprotect("v1." + Convert.ToBase64String(buffer)));

        var indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Master, 32, info: System.Text.Encoding.ASCII.GetBytes("tongban personal-data blind index v1"));
        var legacy = Convert.ToHexStringLower(HMACSHA256.HashData(indexKey, data))[..32];
        Assert.Equal([PersonalData.BlindIndex(id), legacy], PersonalData.BlindIndexes(id));
        Assert.StartsWith(PersonalData.IndexPrefix, PersonalData.BlindIndex(id), StringComparison.Ordinal);
        Assert.False(PersonalData.IsCurrentIndex(legacy));
    }

    [Fact]
    public void The_new_blind_index_is_hmac_sm3_under_a_key_derived_from_the_master_key()
    {
        const string mobile = "13905950123";
        var indexKey = Tongban.Infrastructure.Crypto.Sm4Gcm.DeriveKey(Master, "tongban personal-data blind index sm3 v2", 32);
        var expected = "i2.0." + Convert.ToHexStringLower(Tongban.Infrastructure.Crypto.Sm3.Hmac(indexKey, System.Text.Encoding.UTF8.GetBytes(mobile)))[..27];
        Assert.Equal(expected, PersonalData.BlindIndex(mobile));
    }

    [Fact]
    public void Another_key_cannot_be_installed_in_the_same_process()
    {
        Assert.Throws<InvalidOperationException>(() => PersonalData.Configure(new byte[32]));
    }
}
