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
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
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
        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => PersonalData.Unprotect("v1." + Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => PersonalData.Unprotect("11010519491231002X"));
    }

    [Fact]
    public void Another_key_cannot_be_installed_in_the_same_process()
    {
        Assert.Throws<InvalidOperationException>(() => PersonalData.Configure(new byte[32]));
    }
}
