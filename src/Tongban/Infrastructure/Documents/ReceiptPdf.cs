namespace Tongban.Infrastructure.Documents;

/// <summary>What a 收件回执 says: enough to follow the case, nothing more (the name is masked: a receipt may be left in a kiosk tray).</summary>
internal sealed record ReceiptDocument(
    string CaseNumber,
    string ItemName,
    string ApplicantNameMasked,
    string ServicePointName,
    string? KioskName,
    DateTimeOffset SubmittedAtChina,
    IReadOnlyList<string> Materials,
    string DeadlineLabel,
    string DeadlineText,
    string Hotline,
    string ProgressQueryUrl)
{
    /// <summary>结果领取方式: "到…领取" or "快递送达：" with the address masked (the receipt may be left behind).</summary>
    public string? ResultDelivery { get; init; }

    /// <summary>查询码: with the case number, opens the public progress query (the QR carries both).</summary>
    public string? QueryCode { get; init; }
}

/// <summary>The receipt (收件回执) for an application: A4, or the kiosk's 80 mm thermal roll.</summary>
internal static class ReceiptPdf
{
    public const string Title = "收件回执";

    public static byte[] Render(ReceiptDocument doc, bool thermal)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(Title, thermal);
        layout.Title(Title, null);
        layout.Fields(
            ("办件编号", doc.CaseNumber),
            ("查询码", doc.QueryCode ?? "—"),
            ("申请事项", doc.ItemName),
            ("申请人", doc.ApplicantNameMasked),
            ("收件时间", doc.SubmittedAtChina.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            ("收件地点", doc.KioskName is null ? doc.ServicePointName : $"{doc.ServicePointName}（{doc.KioskName}）"),
            (doc.DeadlineLabel, doc.DeadlineText),
            ("结果领取方式", doc.ResultDelivery ?? "办结时由窗口告知"));
        layout.Paragraph("已收材料：", indent: false, bold: true);
        if (doc.Materials.Count == 0) layout.Paragraph("（无）", indent: false);
        for (var i = 0; i < doc.Materials.Count; i++) layout.Paragraph($"{i + 1}. {doc.Materials[i]}", indent: false);
        layout.Paragraph($"办理进度将以短信通知您。咨询电话：{doc.Hotline}。扫描二维码，或在网上“办件查询”输入办件编号和查询码，可查询办件进度。", indent: false);
        layout.Footer(doc.ProgressQueryUrl, "扫码查询办件进度", [doc.ServicePointName], DateOnly.FromDateTime(doc.SubmittedAtChina.Date));
        return layout.ToBytes();
    }
}
