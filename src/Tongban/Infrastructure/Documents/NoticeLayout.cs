using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Tongban.Infrastructure.Documents;

/// <summary>
/// The shared layout of the official notices (告知书, 通知书): A4, a centred title, labelled
/// fields, wrapped paragraphs, a numbered table, and a footer with the QR code, the issuing
/// organisation and the date. It flows onto new pages as needed. PDFsharp does not wrap CJK
/// text, so lines are broken by measured character width.
/// </summary>
internal sealed class NoticeLayout : IDisposable
{
    /// <summary>80 mm thermal receipt paper (the kiosk's printer): the page width in points.</summary>
    public static readonly double ThermalWidth = XUnit.FromMillimeter(80).Point;

    private readonly bool _thermal;
    private double Margin => _thermal ? 10 : 56;   // about 3.5 mm on a receipt, 20 mm on A4
    private const double LineGap = 1.45;
    private static readonly XColor Ink = XColor.FromArgb(30, 30, 30);
    // Closing punctuation hangs at the end of a line rather than starting the next one (禁则).
    private const string NoLineStart = "，。、；：？！）》」』】”’,.;:?!)";

    private readonly PdfDocument _document = new();
    private readonly XFont _title;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XBrush _ink = new XSolidBrush(Ink);
    private readonly XPen _rule = new(XColor.FromArgb(60, 60, 60), 0.6);
    private readonly Dictionary<(XFont, char), double> _widths = [];
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    /// <param name="thermal">An 80 mm thermal receipt (smaller type, the QR centred) instead of an A4 notice.</param>
    public NoticeLayout(string documentTitle, bool thermal = false)
    {
        ChineseFontResolver.EnsureInstalled();
        _thermal = thermal;
        _document.Info.Title = documentTitle;
        _document.Info.Creator = "Tongban 通办";
        _title = new XFont(ChineseFontResolver.FamilyName, thermal ? 14 : 20, XFontStyleEx.Bold);
        _body = new XFont(ChineseFontResolver.FamilyName, thermal ? 8.5 : 11.5, XFontStyleEx.Regular);
        _bold = new XFont(ChineseFontResolver.FamilyName, thermal ? 8.5 : 11.5, XFontStyleEx.Bold);
        _small = new XFont(ChineseFontResolver.FamilyName, thermal ? 7 : 9, XFontStyleEx.Regular);
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;

    private double Bottom => _page.Height.Point - Margin;

    public static string ChineseDate(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    public void Title(string title, string? numberLine)
    {
        _y += 8;
        DrawLine(title, _title, XStringFormats.TopCenter, Margin + Width / 2);
        _y += 6;
        if (numberLine is not null) DrawLine(numberLine, _small, XStringFormats.TopRight, Margin + Width);
        _y += 10;
    }

    /// <summary>"label：value" rows, the value wrapped under itself.</summary>
    public void Fields(params (string Label, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var labelWidth = fields.Max(f => Measure(f.Label + "：", _bold)) + 4;
        foreach (var (label, value) in fields)
        {
            var lines = Wrap(value, _body, Width - labelWidth);
            EnsureRoom(lines.Count * LineHeight(_body));
            _gfx.DrawString(label + "：", _bold, _ink, new XPoint(Margin, _y), XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                _gfx.DrawString(line, _body, _ink, new XPoint(Margin + labelWidth, _y), XStringFormats.TopLeft);
                _y += LineHeight(_body);
            }
        }
        _y += 6;
    }

    /// <summary>A paragraph; <paramref name="indent"/> starts it two characters in, as Chinese prose does.</summary>
    public void Paragraph(string text, bool indent = true, bool bold = false)
    {
        var font = bold ? _bold : _body;
        var lead = indent ? "\u3000\u3000" : "";
        foreach (var line in Wrap(lead + text, font, Width))
        {
            EnsureRoom(LineHeight(font));
            _gfx.DrawString(line, font, _ink, new XPoint(Margin, _y), XStringFormats.TopLeft);
            _y += LineHeight(font);
        }
        _y += 4;
    }

    /// <summary>A ruled table; <paramref name="widths"/> are fractions of the text width. Cells wrap; rows never split across pages.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = widths.Select(w => w * Width).ToArray();
        const double pad = 5;
        void Row(IReadOnlyList<string> cells, XFont font, bool shade)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, font, columns[i] - 2 * pad)).ToArray();
            var height = wrapped.Max(w => w.Count) * LineHeight(font) + 2 * pad;
            if (_y + height > Bottom)
            {
                NewPage();
                if (!shade) Row(headers, _bold, shade: true);
            }
            var x = Margin;
            if (shade) _gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(238, 238, 238)), Margin, _y, Width, height);
            for (var i = 0; i < columns.Length; i++)
            {
                _gfx.DrawRectangle(_rule, x, _y, columns[i], height);
                var ty = _y + pad;
                foreach (var line in wrapped[i])
                {
                    _gfx.DrawString(line, font, _ink, new XPoint(x + pad, ty), XStringFormats.TopLeft);
                    ty += LineHeight(font);
                }
                x += columns[i];
            }
            _y += height;
        }
        Row(headers, _bold, shade: true);
        foreach (var row in rows) Row(row, _body, shade: false);
        _y += 10;
    }

    /// <summary>
    /// The closing block: a QR code on the left (with a caption), the issuing organisation, the
    /// clerk and the date on the right, as on a paper notice.
    /// </summary>
    /// <param name="stamp">Draws a seal centred on the given point, over the signature lines (as a stamp is pressed on paper).</param>
    public void Footer(string qrPayload, string qrCaption, IReadOnlyList<string> signature, DateOnly date, Action<XGraphics, XPoint>? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        const double qrSize = 86;
        var lines = signature.Append(ChineseDate(date)).ToList();
        if (_thermal)
        {
            // A receipt is too narrow for QR and signature side by side: the QR centred, the lines under it.
            EnsureRoom(qrSize + LineHeight(_small) + lines.Count * LineHeight(_body) + 12);
            _y += 6;
            using (var image = XImage.FromStream(new MemoryStream(QrPng(qrPayload))))
                _gfx.DrawImage(image, Margin + (Width - qrSize) / 2, _y, qrSize, qrSize);
            _y += qrSize + 2;
            DrawLine(qrCaption, _small, XStringFormats.TopCenter, Margin + Width / 2);
            foreach (var line in lines) DrawLine(line, _body, XStringFormats.TopCenter, Margin + Width / 2);
            return;
        }
        var height = Math.Max(qrSize + LineHeight(_small), lines.Count * LineHeight(_body)) + 16;
        EnsureRoom(height);
        _y += 16;
        using (var image = XImage.FromStream(new MemoryStream(QrPng(qrPayload))))
            _gfx.DrawImage(image, Margin, _y, qrSize, qrSize);
        _gfx.DrawString(qrCaption, _small, _ink, new XPoint(Margin + qrSize / 2, _y + qrSize + 2), XStringFormats.TopCenter);
        var ty = _y + 10;
        var widest = 0.0;
        foreach (var line in lines)
        {
            _gfx.DrawString(line, _body, _ink, new XPoint(Margin + Width, ty), XStringFormats.TopRight);
            widest = Math.Max(widest, Measure(line, _body));
            ty += LineHeight(_body);
        }
        stamp?.Invoke(_gfx, new XPoint(Margin + Width - widest / 2, _y + 10 + lines.Count * LineHeight(_body) / 2));
        _y += height;
    }

    /// <summary>The document's subject in its metadata (e.g. a certificate's identifier).</summary>
    public void Subject(string subject) => _document.Info.Subject = subject;

    /// <summary>Text repeated diagonally across every page, translucent, over the content (a 加注件's use restriction).</summary>
    public void Watermark(string text)
    {
        var font = new XFont(ChineseFontResolver.FamilyName, _thermal ? 10 : 22, XFontStyleEx.Bold);
        var brush = new XSolidBrush(XColor.FromArgb(70, 200, 30, 30));
        foreach (var page in _document.Pages)
        {
            var gfx = page == _page ? _gfx : XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var state = gfx.Save();
            gfx.TranslateTransform(page.Width.Point / 2, page.Height.Point / 2);
            gfx.RotateTransform(-35);
            for (var row = -3; row <= 3; row++)
                gfx.DrawString(text, font, brush, new XPoint(0, row * 120), XStringFormats.Center);
            gfx.Restore(state);
            if (gfx != _gfx) gfx.Dispose();
        }
    }

    public byte[] ToBytes()
    {
        _gfx.Dispose();
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _gfx.Dispose();
        _document.Dispose();
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, character by character; '\n' forces a break.</summary>
    internal List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            foreach (var c in paragraph)
            {
                var w = CharWidth(c, font);
                if (line.Length > 0 && lineWidth + w > width && !NoLineStart.Contains(c, StringComparison.Ordinal))
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                line.Append(c);
                lineWidth += w;
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    private double CharWidth(char c, XFont font)
    {
        if (!_widths.TryGetValue((font, c), out var w))
            _widths[(font, c)] = w = _gfx.MeasureString(c.ToString(), font).Width;
        return w;
    }

    private double Measure(string text, XFont font) => text.Sum(c => CharWidth(c, font));

    private static double LineHeight(XFont font) => font.Size * LineGap;

    private void DrawLine(string text, XFont font, XStringFormat format, double x)
    {
        _gfx.DrawString(text, font, _ink, new XPoint(x, _y), format);
        _y += LineHeight(font);
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom) NewPage();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        if (_thermal)
        {
            // Continuous paper: a long page, cut after the last line by the printer.
            _page.Width = XUnit.FromPoint(ThermalWidth);
            _page.Height = XUnit.FromMillimeter(250);
        }
        else _page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>A palette PNG (RECIPES: PDFsharp rejects QRCoder's grayscale one).</summary>
    internal static byte[] QrPng(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10, [0, 0, 0, 255], [255, 255, 255, 255]);
    }
}
