using System.Security.Cryptography;
using System.Text;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Cases;

/// <summary>
/// 查询码: six characters printed on the receipt and sent in the first SMS, which with the case number open the public
/// progress query. It is a keyed hash of the case number (under a key derived from the personal-data key), so every
/// case has one from the moment it is numbered — window, online, kiosk and demo history alike — nothing is stored that
/// could leak it, and a receipt printed again shows the same code. The alphabet leaves out 0/O, 1/I/L so it can be read
/// aloud and typed from paper.
/// </summary>
internal static class CaseQueryCode
{
    public const int Length = 6;
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string For(string caseNumber)
    {
        var hash = PersonalData.KeyedHash("case query code v1", caseNumber);
        // 8 bytes of the hash as one number, written in the alphabet: the bias of the modulo is far below one in a billion.
        var value = BitConverter.ToUInt64(hash, 0);
        var code = new StringBuilder(Length);
        for (var i = 0; i < Length; i++)
        {
            code.Append(Alphabet[(int)(value % (ulong)Alphabet.Length)]);
            value /= (ulong)Alphabet.Length;
        }
        return code.ToString();
    }

    /// <summary>The typed code as compared: spaces and dashes dropped, upper case (a code read aloud may be typed in lower case).</summary>
    public static string Normalize(string? typed) =>
        new((typed ?? "").Where(ch => !char.IsWhiteSpace(ch) && ch != '-').Select(char.ToUpperInvariant).ToArray());

    /// <summary>Whether <paramref name="typed"/> is the case's code, compared in constant time.</summary>
    public static bool Matches(string caseNumber, string? typed)
    {
        var normalized = Normalize(typed);
        return normalized.Length == Length
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(caseNumber)), Encoding.ASCII.GetBytes(normalized));
    }
}
