using System.Text;
using Tongban.Infrastructure.Crypto;

namespace Tongban.Tests;

public sealed class Sm3Tests
{
    [Fact]
    public void Abc_matches_the_GB_T_32905_example_1() =>
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Sm3.HashHex("abc"u8));

    [Fact]
    public void A_512_bit_message_matches_the_GB_T_32905_example_2() =>
        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            Sm3.HashHex(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)))));

    [Fact]
    public void Incremental_hashing_equals_one_shot_hashing()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        var hasher = Sm3.CreateIncremental();
        hasher.Append(data.AsSpan(0, 33));
        hasher.Append(data.AsSpan(33));
        Assert.Equal(Sm3.Hash(data), hasher.GetHashAndReset());
    }

    [Fact]
    public void Hmac_depends_on_key_and_data_and_is_32_bytes()
    {
        var a = Sm3.Hmac("key-1"u8.ToArray(), "message"u8);
        Assert.Equal(32, a.Length);
        Assert.Equal(a, Sm3.Hmac("key-1"u8.ToArray(), "message"u8));
        Assert.NotEqual(a, Sm3.Hmac("key-2"u8.ToArray(), "message"u8));
        Assert.NotEqual(a, Sm3.Hmac("key-1"u8.ToArray(), "message!"u8));
        Assert.NotEqual(a, Sm3.Hash("message"u8));
    }
}
