using PdfSharp.Drawing;
using Tongban.Infrastructure.Documents;

namespace Tongban.Modules.Certificates;

/// <summary>What the face of a certificate shows.</summary>
internal sealed record CertificateDocument(string TypeName, string Number, string Identifier, IReadOnlyList<(string Label, string Value)> Face,
    string IssuerName, DateOnly IssuedOn, DateOnly? ValidUntil, string VerifyUrl);

/// <summary>
/// The PDF of an e-certificate (A4): the type's name, the number, the face in the CJK font (a subset of it is embedded),
/// the issuing department's red seal over its name and the date, and the QR code of the public verification page.
/// </summary>
internal static class CertificatePdf
{
    public static byte[] Render(CertificateDocument doc, string? watermark = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(doc.TypeName);
        layout.Subject(doc.Identifier);
        layout.Title(doc.TypeName, $"证照编号：{doc.Number}");
        var rows = doc.Face.ToList();
        rows.Add(("有效期限", doc.ValidUntil is { } until ? $"{NoticeLayout.ChineseDate(doc.IssuedOn)} 至 {NoticeLayout.ChineseDate(until)}" : "长期"));
        rows.Add(("证照标识", doc.Identifier));
        layout.Fields([.. rows]);
        layout.Paragraph("本证照为电子证照，与纸质证照具有同等法律效力。扫描二维码或登录平台“证照核验”可查验真伪及状态。", indent: false);
        layout.Footer(doc.VerifyUrl, "扫码核验", ["发证机关：" + doc.IssuerName], doc.IssuedOn,
            (gfx, centre) => SealPicture.Draw(gfx, centre, doc.IssuerName));
        if (watermark is not null) layout.Watermark(watermark);
        return layout.ToBytes();
    }
}

/// <summary>A decision letter (准予/不予许可决定书): the 电子公文 of a decided case, sealed like a certificate.</summary>
internal sealed record DecisionLetterDocument(string Title, string Number, string ApplicantName, string ItemName, string CaseNumber, bool Approved,
    string Opinion, string DepartmentName, DateOnly On, string VerifyUrl);

internal static class DecisionLetterPdf
{
    public static byte[] Render(DecisionLetterDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var layout = new NoticeLayout(doc.Title);
        layout.Subject(doc.Number);
        layout.Title(doc.Title, doc.Number);
        layout.Paragraph(doc.ApplicantName + "：", indent: false);
        layout.Paragraph(doc.Approved
            ? $"你（单位）提出的“{doc.ItemName}”申请（办件编号 {doc.CaseNumber}），经审查，符合法定条件和标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。"
            : $"你（单位）提出的“{doc.ItemName}”申请（办件编号 {doc.CaseNumber}），经审查，不符合法定条件和标准，根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。");
        if (doc.Opinion.Length > 0) layout.Paragraph("审查意见：" + doc.Opinion);
        if (!doc.Approved) layout.Paragraph("如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。");
        layout.Footer(doc.VerifyUrl, "扫码核验", [doc.DepartmentName], doc.On, (gfx, centre) => SealPicture.Draw(gfx, centre, doc.DepartmentName));
        return layout.ToBytes();
    }
}
