using System.Text;

namespace Tongban.Modules.Certificates;

/// <summary>What the signature trailer of a sealed PDF says (docs/adr/0012-certificate-signature-format.md).</summary>
/// <param name="SignedBytes">Everything before the signature line: the PDF and the identity line.</param>
/// <param name="Identifier">The certificate identifier (or letter number) the identity line names, inside the signed bytes.</param>
/// <param name="UseCopyUntil">For a 加注件: the last day it may be used, inside the signed bytes.</param>
internal sealed record SignedPdfParts(byte[] SignedBytes, string Identifier, string? UseCopyUntil, byte[] Signature, byte[] CertificateDer);

/// <summary>
/// The self-contained signature format of Tongban's sealed PDFs. The rendered PDF is followed by two comment lines after
/// its %%EOF, which PDF readers ignore:
/// <code>
/// %TONGBAN-ID {identifier}[ use-copy {until}]\n        ← signed
/// %TONGBAN-SIG {base64 DER SM2 signature} {base64 DER seal certificate}\n
/// </code>
/// The signature (SM3withSM2, ID 1234567812345678) covers every byte before the %TONGBAN-SIG line, so splitting it off is
/// exact and one changed byte anywhere else breaks it.
/// </summary>
internal static class SignedPdf
{
    private static readonly byte[] SigMarker = "\n%TONGBAN-SIG "u8.ToArray();
    private const string IdPrefix = "%TONGBAN-ID ";

    /// <summary>The bytes to sign: the PDF and the identity line.</summary>
    public static byte[] ToSign(byte[] pdf, string identifier, string? useCopyUntil = null)
    {
        var line = Encoding.ASCII.GetBytes($"{(pdf.Length > 0 && pdf[^1] == (byte)'\n' ? "" : "\n")}{IdPrefix}{identifier}{(useCopyUntil is null ? "" : " use-copy " + useCopyUntil)}");
        return [.. pdf, .. line];
    }

    public static byte[] Seal(byte[] signedBytes, byte[] signature, byte[] certificateDer) =>
        [.. signedBytes, .. SigMarker, .. Encoding.ASCII.GetBytes($"{Convert.ToBase64String(signature)} {Convert.ToBase64String(certificateDer)}\n")];

    /// <summary>Splits a sealed PDF into its parts, or says (in Chinese) why it is not one.</summary>
    public static (SignedPdfParts? Parts, string? Problem) Split(byte[] file)
    {
        var at = LastIndexOf(file, SigMarker);
        if (at < 0) return (null, "文件中没有通办电子签章：不是本平台签发的电子证照，或签章已被去除");
        var signed = file[..at];
        var tail = Encoding.ASCII.GetString(file, at + SigMarker.Length, file.Length - at - SigMarker.Length).TrimEnd('\n', '\r');
        var pieces = tail.Split(' ');
        if (pieces.Length != 2) return (null, "签章数据格式错误，文件可能已被修改");
        byte[] signature, certificate;
        try
        {
            signature = Convert.FromBase64String(pieces[0]);
            certificate = Convert.FromBase64String(pieces[1]);
        }
        catch (FormatException)
        {
            return (null, "签章数据格式错误，文件可能已被修改");
        }
        var lineStart = Array.LastIndexOf(signed, (byte)'\n') + 1;
        var idLine = Encoding.ASCII.GetString(signed, lineStart, signed.Length - lineStart);
        if (!idLine.StartsWith(IdPrefix, StringComparison.Ordinal)) return (null, "签章数据格式错误：缺少证照标识，文件可能已被修改");
        var words = idLine[IdPrefix.Length..].Split(' ');
        var until = words.Length == 3 && words[1] == "use-copy" ? words[2] : null;
        if (words.Length != 1 && until is null) return (null, "签章数据格式错误：证照标识行无法识别");
        return (new SignedPdfParts(signed, words[0], until, signature, certificate), null);
    }

    private static int LastIndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = haystack.Length - needle.Length; i >= 0; i--)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
