namespace Tongban.Infrastructure.Documents;

/// <summary>One deficient material and why it must be supplemented.</summary>
internal sealed record DeficientMaterial(string MaterialName, string Reason);

/// <summary>What a one-time correction notice (补正材料一次性告知书) says.</summary>
internal sealed record CorrectionNoticeDocument(
    string NoticeNumber,
    string CaseNumber,
    string ItemName,
    string ApplicantName,
    string ServicePointName,
    string DepartmentName,
    DateOnly IssuedOn,
    DateOnly? SupplementBy,
    string ClerkName,
    string Hotline,
    IReadOnlyList<DeficientMaterial> Items);

/// <summary>
/// The one-time correction notice (一次性告知, 行政许可法 §32): every deficient material with its
/// reason, in one A4 document the applicant takes home or receives online.
/// </summary>
internal static class CorrectionNoticePdf
{
    public const string Title = "补正材料一次性告知书";

    public const string LegalBasis = "《中华人民共和国行政许可法》第三十二条：申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容。";

    public static byte[] Render(CorrectionNoticeDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(Title);
        layout.Title(Title, $"编号：{doc.NoticeNumber}");
        layout.Paragraph($"{doc.ApplicantName}：", indent: false);
        layout.Paragraph($"您（单位）申请办理的“{doc.ItemName}”，经审查，申请材料不齐全或者不符合法定形式。依据{LegalBasis}现将需要补正的全部材料一次性告知如下：");
        layout.Fields(
            ("办件编号", doc.CaseNumber),
            ("申请事项", doc.ItemName),
            ("申请人", doc.ApplicantName),
            ("收件地点", doc.ServicePointName));
        layout.Table(["序号", "需补正的材料", "补正原因及要求"], [0.09, 0.36, 0.55],
            doc.Items.Select((m, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), m.MaterialName, m.Reason]));
        layout.Paragraph(doc.SupplementBy is { } by
            ? $"请于{NoticeLayout.ChineseDate(by)}前一次性补齐上述材料，补正时只需提交本告知书所列材料，已提交的其他材料无需重复提交。"
            : "请一次性补齐上述材料，补正时只需提交本告知书所列材料，已提交的其他材料无需重复提交。");
        layout.Paragraph($"如有疑问，请拨打咨询电话：{doc.Hotline}。扫描下方二维码可查询办件进度。");
        layout.Footer($"tongban:case:{doc.CaseNumber}", "扫码查询办件进度",
            [doc.DepartmentName, doc.ServicePointName, $"经办人：{doc.ClerkName}"], doc.IssuedOn);
        return layout.ToBytes();
    }
}
