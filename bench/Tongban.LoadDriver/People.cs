using System.Globalization;
using System.Text;

namespace Tongban.LoadDriver;

/// <summary>A test applicant: who they are and which worker owns them.</summary>
internal sealed record Person(string Name, string IdNumber, string Mobile);

/// <summary>
/// Tiny but real files for uploads: the server checks the content (PDF, JPEG, PNG or OFD by magic
/// number and extension), so each is a minimal well-formed one-page PDF. The text in it differs per
/// person and material, so each upload has its own digest like a real scan would (the library keeps
/// one record per owner, class and digest).
/// </summary>
internal static class Files
{
    public static byte[] Pdf(string text)
    {
        // Only ASCII in the content stream: a Type1 Helvetica page cannot show Chinese, and this is a stand-in for a scan.
        var safe = new string([.. text.Select(c => c is >= ' ' and < (char)127 and not '(' and not ')' and not '\\' ? c : '_')]);
        var stream = $"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
