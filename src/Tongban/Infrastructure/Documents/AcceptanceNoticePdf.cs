namespace Tongban.Infrastructure.Documents;

/// <summary>What an acceptance notice (受理通知书) says.</summary>
internal sealed record AcceptanceNoticeDocument(
    string NoticeNumber,
    string CaseNumber,
    string ItemName,
    string ApplicantName,
    string ServicePointName,
    string DepartmentName,
    DateOnly AcceptedOn,
    DateOnly PromisedDueDate,
    DateOnly LegalDueDate,
    string ClerkName,
    string Hotline)
{
    /// <summary>查询码 of the case, and the progress query address the QR opens (with number and code).</summary>
    public string? QueryCode { get; init; }
    public string? ProgressQueryUrl { get; init; }
}

/// <summary>The acceptance notice (受理通知书, 行政许可法 §32): the application is accepted and when it will be decided.</summary>
internal static class AcceptanceNoticePdf
{
    public const string Title = "受理通知书";

    public static byte[] Render(AcceptanceNoticeDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(Title);
        layout.Title(Title, $"编号：{doc.NoticeNumber}");
        layout.Paragraph($"{doc.ApplicantName}：", indent: false);
        layout.Paragraph($"您（单位）申请办理的“{doc.ItemName}”，申请材料齐全、符合法定形式，本机关决定予以受理。" +
            $"办理时限自受理次日起按工作日计算，本机关承诺于{NoticeLayout.ChineseDate(doc.PromisedDueDate)}前办结。");
        layout.Fields(
            ("办件编号", doc.CaseNumber),
            ("查询码", doc.QueryCode ?? "—"),
            ("申请事项", doc.ItemName),
            ("申请人", doc.ApplicantName),
            ("受理日期", NoticeLayout.ChineseDate(doc.AcceptedOn)),
            ("承诺办结日期", NoticeLayout.ChineseDate(doc.PromisedDueDate)),
            ("法定办结日期", NoticeLayout.ChineseDate(doc.LegalDueDate)),
            ("受理地点", doc.ServicePointName));
        layout.Paragraph($"办理进度将以短信通知您。如有疑问，请拨打咨询电话：{doc.Hotline}。扫描下方二维码可查询办件进度。");
        layout.Footer(doc.ProgressQueryUrl ?? $"tongban:case:{doc.CaseNumber}", "扫码查询办件进度",
            [doc.DepartmentName, doc.ServicePointName, $"经办人：{doc.ClerkName}"], doc.AcceptedOn);
        return layout.ToBytes();
    }
}
