using System.Text;
using Tongban.Modules.Audit;

namespace Tongban.Tests;

public sealed class AuditHashingTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static AuditEntry Sample() => new()
    {
        Stream = "case:350505-2026-000001",
        Sequence = 3,
        At = new DateTimeOffset(2026, 3, 2, 1, 30, 0, 123, TimeSpan.Zero),
        ActorKind = "staff",
        ActorId = "2",
        ActorName = "陈晓燕",
        Role = "Clerk",
        Action = "case.accept",
        CaseNumber = "350505-2026-000001",
        Summary = "受理",
        Before = """{"status":"submitted"}""",
        After = """{"status":"accepted"}""",
        Ip = "127.0.0.1",
        Channel = "window",
        PreviousHash = new string('a', 64),
    };

    [Fact]
    public void Sm3_matches_the_GB_T_32905_test_vector() =>
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            Convert.ToHexStringLower(AuditHashing.Sm3(Encoding.ASCII.GetBytes("abc"))));

    [Fact]
    public void The_mac_is_deterministic_and_keyed()
    {
        var mac = AuditHashing.EntryMac(Key, Sample());
        Assert.Equal(64, mac.Length);
        Assert.Equal(mac, AuditHashing.EntryMac(Key, Sample()));
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;
        Assert.NotEqual(mac, AuditHashing.EntryMac(otherKey, Sample()));
    }

    public static TheoryData<string> Fields() =>
    [
        "Stream", "Sequence", "At", "ActorKind", "ActorId", "ActorName", "Role", "Action", "CaseNumber",
        "Summary", "Before", "After", "Ip", "Channel", "PreviousHash",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_change_to_any_field_changes_the_mac(string field)
    {
        var original = AuditHashing.EntryMac(Key, Sample());
        var changed = Mutate(Sample(), field);
        Assert.NotEqual(original, AuditHashing.EntryMac(Key, changed));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Null_and_empty_are_different(string field)
    {
        if (field is not ("Role" or "CaseNumber" or "Before" or "After" or "Ip" or "Channel")) return;
        Assert.NotEqual(AuditHashing.EntryMac(Key, Set(Sample(), field, null)), AuditHashing.EntryMac(Key, Set(Sample(), field, "")));
    }

    [Fact]
    public void Moving_text_between_adjacent_fields_changes_the_mac()
    {
        var a = Sample();
        var b = Sample();
        a = Set(Set(a, "Summary", "ab"), "Before", "c");
        b = Set(Set(b, "Summary", "a"), "Before", "bc");
        Assert.NotEqual(AuditHashing.EntryMac(Key, a), AuditHashing.EntryMac(Key, b));
    }

    [Fact]
    public void Instants_are_kept_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        var truncated = AuditHashing.Truncate(at);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(0, truncated.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(at.ToUnixTimeMilliseconds(), truncated.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void The_head_mac_covers_sequence_and_hash()
    {
        var head = new AuditStreamHead { Stream = "case:1", LastSequence = 5, LastHash = new string('b', 64) };
        var mac = AuditHashing.HeadMac(Key, head);
        head.LastSequence = 4;
        Assert.NotEqual(mac, AuditHashing.HeadMac(Key, head));
        head.LastSequence = 5;
        head.LastHash = new string('c', 64);
        Assert.NotEqual(mac, AuditHashing.HeadMac(Key, head));
    }

    private static AuditEntry Mutate(AuditEntry e, string field) => field switch
    {
        "Sequence" => Copy(e, sequence: e.Sequence + 1),
        "At" => Copy(e, at: e.At.AddMilliseconds(1)),
        _ => Set(e, field, (typeof(AuditEntry).GetProperty(field)!.GetValue(e) as string) + "x"),
    };

    private static AuditEntry Set(AuditEntry e, string field, string? value)
    {
        var copy = Copy(e);
        var property = typeof(AuditEntry).GetProperty(field)!;
        // init-only setters are ordinary setters to reflection.
        property.SetValue(copy, value);
        return copy;
    }

    private static AuditEntry Copy(AuditEntry e, long? sequence = null, DateTimeOffset? at = null) => new()
    {
        Stream = e.Stream, Sequence = sequence ?? e.Sequence, At = at ?? e.At, ActorKind = e.ActorKind, ActorId = e.ActorId,
        ActorName = e.ActorName, Role = e.Role, Action = e.Action, CaseNumber = e.CaseNumber, Summary = e.Summary,
        Before = e.Before, After = e.After, Ip = e.Ip, Channel = e.Channel, PreviousHash = e.PreviousHash, Hash = e.Hash,
    };
}
