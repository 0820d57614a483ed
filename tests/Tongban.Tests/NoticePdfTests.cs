using System.Diagnostics;
using Tongban.Infrastructure.Documents;

namespace Tongban.Tests;

public sealed class NoticePdfTests
{
    internal static CorrectionNoticeDocument SampleCorrection() => new(
        "BZ-350505-2026-000017", "350505-2026-000123", "食品经营许可（新办）", "泉州市泉港区海味小吃店",
        "泉港区行政服务中心", "泉州市泉港区市场监督管理局", new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 16), "林晓燕", "0595-12345",
        [
            new("营业执照副本", "复印件不清晰，统一社会信用代码无法辨认，请提供清晰的复印件并加盖公章。"),
            new("经营场所使用证明", "租赁合同已于 2025 年 12 月 31 日到期，请提供在有效期内的租赁合同或产权证明。"),
            new("食品安全管理制度", "缺少从业人员健康管理制度和食品安全自查制度，请补充完整后由法定代表人签字确认。这一条原因写得很长，用来检验表格单元格中的中文文字能否按字符宽度正确折行而不溢出边框。"),
        ]);

    [Fact]
    public void A_correction_notice_is_a_small_pdf_that_lists_every_material()
    {
        var doc = SampleCorrection();
        var pdf = CorrectionNoticePdf.Render(doc);
        Assert.True(pdf.AsSpan().StartsWith("%PDF"u8));
        Assert.True(pdf.Length < 2 * 1024 * 1024, $"{pdf.Length} bytes");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "tongban-correction-notice.pdf"), pdf);

        var text = PdfText(pdf);
        if (text is null) return; // poppler-utils not installed: the byte checks above still ran
        Assert.Contains("一次性告知", text, StringComparison.Ordinal);
        Assert.Contains(doc.CaseNumber, text, StringComparison.Ordinal);
        Assert.Contains("第三十二条", text, StringComparison.Ordinal);
        Assert.Contains(doc.Hotline, text, StringComparison.Ordinal);
        foreach (var item in doc.Items) Assert.Contains(item.MaterialName, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acceptance_notice_shows_both_due_dates()
    {
        var pdf = AcceptanceNoticePdf.Render(new AcceptanceNoticeDocument(
            "SL-350505-2026-000009", "350505-2026-000123", "食品经营许可（新办）", "泉州市泉港区海味小吃店",
            "泉港区行政服务中心", "泉州市泉港区市场监督管理局", new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 30), "林晓燕", "0595-12345"));
        Assert.True(pdf.AsSpan().StartsWith("%PDF"u8));
        Assert.True(pdf.Length < 2 * 1024 * 1024, $"{pdf.Length} bytes");
        var text = PdfText(pdf);
        if (text is null) return;
        Assert.Contains("受理通知书", text, StringComparison.Ordinal);
        Assert.Contains("2026年3月9日", text, StringComparison.Ordinal);
        Assert.Contains("2026年3月30日", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_materials_flow_onto_a_second_page()
    {
        var doc = SampleCorrection() with
        {
            Items = [.. Enumerable.Range(1, 40).Select(i => new DeficientMaterial($"材料{i}", "需要提供原件核验，复印件须加盖公章并注明与原件一致。"))],
        };
        var text = PdfText(CorrectionNoticePdf.Render(doc));
        if (text is null) return;
        Assert.Contains("\f", text.TrimEnd('\f'), StringComparison.Ordinal); // pdftotext separates pages with form feeds
        Assert.Contains("材料40", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_true_type_collection_face_becomes_a_standalone_font()
    {
        const string path = DocumentOptions.DefaultFontPath;
        Assert.SkipUnless(File.Exists(path), "fonts-wqy-microhei is not installed");
        var ttc = File.ReadAllBytes(path);
        var face = TrueTypeCollection.ExtractFace(ttc, 0);
        Assert.False(TrueTypeCollection.IsCollection(face));
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, face[..4]); // TrueType outlines
        Assert.True(face.Length < ttc.Length);
    }

    /// <summary>The text of a PDF through poppler's pdftotext, or null when it is not installed.</summary>
    internal static string? PdfText(byte[] pdf)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, pdf);
            var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", input, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
