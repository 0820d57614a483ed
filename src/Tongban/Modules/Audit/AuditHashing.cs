using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Tongban.Modules.Audit;

/// <summary>
/// HMAC-SM3 (GB/T 32905, RFC 2104 construction; see Infrastructure/Crypto/Sm3.cs) over the canonical form of audit entries.
/// The canonical form is a version tag followed by every field in a fixed order, each as a presence
/// byte and a length-prefixed UTF-8 value, so no two different entries serialize alike (no
/// separator that a value could contain, null distinct from empty).
/// </summary>
internal static class AuditHashing
{
    /// <summary>The previous hash of a stream's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string EntryTag = "tongban-audit-entry-v1";
    private const string HeadTag = "tongban-audit-head-v1";

    public static byte[] Sm3(ReadOnlySpan<byte> data) => Infrastructure.Crypto.Sm3.Hash(data);

    public static byte[] HmacSm3(byte[] key, ReadOnlySpan<byte> data) => Infrastructure.Crypto.Sm3.Hmac(key, data);

    /// <summary>Instants are hashed (and stored) at millisecond precision: SQLite keeps 0.1 ms, PostgreSQL 1 µs.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static byte[] Canonical(AuditEntry e)
    {
        var w = new CanonicalWriter();
        w.Add(EntryTag);
        w.Add(e.Stream);
        w.Add(e.Sequence.ToString(CultureInfo.InvariantCulture));
        w.Add(e.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        w.Add(e.ActorKind);
        w.Add(e.ActorId);
        w.Add(e.ActorName);
        w.Add(e.Role);
        w.Add(e.Action);
        w.Add(e.CaseNumber);
        w.Add(e.Summary);
        w.Add(e.Before);
        w.Add(e.After);
        w.Add(e.Ip);
        w.Add(e.Channel);
        w.Add(e.PreviousHash);
        return w.ToArray();
    }

    public static string EntryMac(byte[] key, AuditEntry e) => Convert.ToHexStringLower(HmacSm3(key, Canonical(e)));

    public static string HeadMac(byte[] key, AuditStreamHead h)
    {
        var w = new CanonicalWriter();
        w.Add(HeadTag);
        w.Add(h.Stream);
        w.Add(h.LastSequence.ToString(CultureInfo.InvariantCulture));
        w.Add(h.LastHash);
        return Convert.ToHexStringLower(HmacSm3(key, w.ToArray()));
    }

    private sealed class CanonicalWriter
    {
        private readonly MemoryStream _buffer = new();

        public void Add(string? value)
        {
            if (value is null)
            {
                _buffer.WriteByte(0);
                return;
            }
            _buffer.WriteByte(1);
            var bytes = Encoding.UTF8.GetBytes(value);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            _buffer.Write(length);
            _buffer.Write(bytes);
        }

        public byte[] ToArray() => _buffer.ToArray();
    }
}
