using PdfSharp.Drawing;
using Tongban.Infrastructure.Documents;

namespace Tongban.Modules.Certificates;

/// <summary>
/// The seal's picture, drawn as vector graphics on the page it seals: the red round seal of Chinese authorities — a ring,
/// a five-pointed star, the department's name along the upper arc and 电子印章 beneath the star. No image file: the
/// picture follows from the department's name, so every document sealed by a department shows the same seal.
/// </summary>
internal static class SealPicture
{
    public static readonly XColor Red = XColor.FromArgb(220, 210, 20, 20);
    public const double Diameter = 120;

    public static void Draw(XGraphics gfx, XPoint centre, string departmentName, string bottomText = "电子印章")
    {
        var radius = Diameter / 2;
        var brush = new XSolidBrush(Red);
        gfx.DrawEllipse(new XPen(Red, 3.2), centre.X - radius, centre.Y - radius, Diameter, Diameter);
        DrawStar(gfx, brush, centre, radius * 0.3);

        // The name runs clockwise along the upper arc, each character upright towards the centre.
        var name = departmentName.Length > 18 ? departmentName[..18] : departmentName;
        var fontSize = name.Length > 12 ? 9.5 : 12;
        var font = new XFont(ChineseFontResolver.FamilyName, fontSize, XFontStyleEx.Bold);
        var sweep = Math.Min(240, 14.5 * name.Length + 20);
        for (var i = 0; i < name.Length; i++)
        {
            var angle = name.Length == 1 ? 0 : -sweep / 2 + sweep * i / (name.Length - 1);
            var state = gfx.Save();
            gfx.TranslateTransform(centre.X, centre.Y);
            gfx.RotateTransform(angle);
            gfx.DrawString(name[i].ToString(), font, brush, new XPoint(0, -radius + 5 + fontSize / 2), XStringFormats.Center);
            gfx.Restore(state);
        }
        var small = new XFont(ChineseFontResolver.FamilyName, 10, XFontStyleEx.Bold);
        gfx.DrawString(bottomText, small, brush, new XPoint(centre.X, centre.Y + radius * 0.55), XStringFormats.Center);
    }

    private static void DrawStar(XGraphics gfx, XBrush brush, XPoint centre, double outer)
    {
        var inner = outer * 0.382;
        var points = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var a = -Math.PI / 2 + i * Math.PI / 5;
            points[i] = new XPoint(centre.X + r * Math.Cos(a), centre.Y + r * Math.Sin(a));
        }
        gfx.DrawPolygon(brush, points, XFillMode.Winding);
    }
}
