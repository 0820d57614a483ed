namespace Tongban.Infrastructure.Documents;

/// <summary>What the kiosk's ID-card reader read from the chip, as the 居民身份证 material of an application.</summary>
internal sealed record CardReadingDocument(string Name, string IdNumber, string KioskName, DateTimeOffset ReadAtChina);

/// <summary>
/// 居民身份证读卡信息: at a kiosk the card lies on the reader, so the person need not scan it — the chip's reading stands in
/// for the photocopy a window would take (A4, like the other documents of a case).
/// </summary>
internal static class CardReadingPdf
{
    public const string Title = "居民身份证读卡信息";

    public static byte[] Render(CardReadingDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(Title);
        layout.Title(Title, null);
        layout.Fields(
            ("姓名", doc.Name),
            ("公民身份号码", doc.IdNumber),
            ("读取方式", $"二代证阅读器读取芯片信息（{doc.KioskName}）"),
            ("读取时间", doc.ReadAtChina.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        layout.Paragraph("本件由 24 小时自助服务终端在申请人放置居民身份证时读取芯片信息生成，号码已由终端校验，代替身份证复印件。");
        return layout.ToBytes();
    }
}
