using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tongban.Infrastructure.Documents;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Convenience;

/// <summary>
/// The demo district's five connectors (demo mode only). Each owns its data: figures derived from the person's ID number
/// by a hash, so the same person always sees the same answer and no two people share one; every answer says 演示数据.
/// </summary>
internal abstract class DemoConvenienceConnector : IConvenienceConnector
{
    public const string DemoLabel = "演示数据";

    public abstract string Name { get; }

    public Task<ConvenienceResult> RunAsync(ConvenienceService service, ConveniencePerson person, CancellationToken ct) =>
        Task.FromResult(Answer(service, person, new Seed(person.IdNumber + "|" + Name)));

    protected abstract ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed);

    protected static string Yuan(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture) + " 元";

    protected static string Masked(ConveniencePerson p) => Validation.PersonName.Mask(p.Name);

    /// <summary>Deterministic numbers from a hash of the person and the connector.</summary>
    protected sealed class Seed(string text)
    {
        private readonly byte[] _bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));

        public int Next(int index, int max) => (int)(BitConverter.ToUInt32(_bytes, index % 7 * 4) % (uint)max);
    }
}

internal sealed class DemoSocialInsuranceCertificate : DemoConvenienceConnector
{
    public override string Name => "social-insurance-certificate";

    protected override ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed)
    {
        var months = 24 + seed.Next(0, 240);
        var since = new DateOnly(2026, 1, 1).AddMonths(-months);
        var fields = new List<ConvenienceField>
        {
            new("参保人", Masked(person)),
            new("参保险种", "企业职工基本养老保险、失业保险、工伤保险"),
            new("参保状态", "正常参保"),
            new("首次参保年月", since.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            new("累计缴费月数", months.ToString(CultureInfo.InvariantCulture)),
            new("数据说明", DemoLabel + "，非真实参保记录"),
        };
        using var layout = new NoticeLayout("社会保险参保缴费证明");
        layout.Title("社会保险参保缴费证明（" + DemoLabel + "）", null);
        layout.Fields([.. fields.Select(f => (f.Label, f.Value))]);
        layout.Paragraph("本证明为演示数据，由演示连接器生成，不具有证明效力。", bold: true);
        return new ConvenienceResult(service.Name, fields, IsDemo: true, layout.ToBytes());
    }
}

internal sealed class DemoHousingFundBalance : DemoConvenienceConnector
{
    public override string Name => "housing-fund-balance";

    protected override ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed)
    {
        var monthly = 300 + seed.Next(1, 2700);
        return new(service.Name,
        [
            new("缴存人", Masked(person)),
            new("账户状态", "正常缴存"),
            new("月缴存额", Yuan(monthly)),
            new("账户余额", Yuan(monthly * (6 + seed.Next(2, 90)) + seed.Next(3, 100) / 100m)),
            new("数据说明", DemoLabel),
        ], IsDemo: true);
    }
}

internal sealed class DemoTrafficViolations : DemoConvenienceConnector
{
    public override string Name => "traffic-violations";

    private static readonly (string What, int Points, int Fine)[] Kinds =
    [
        ("机动车违反禁止标线指示", 1, 100), ("机动车违反规定停放", 0, 150), ("超过规定时速未达20%", 3, 200), ("不按导向车道行驶", 2, 100),
    ];

    protected override ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed)
    {
        var count = seed.Next(0, 3);
        var fields = new List<ConvenienceField> { new("驾驶人", Masked(person)), new("未处理违法", count.ToString(CultureInfo.InvariantCulture) + " 条") };
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[seed.Next(i + 1, Kinds.Length)];
            fields.Add(new($"违法 {i + 1}", $"{kind.What}（泉港区，记 {kind.Points} 分，罚款 {kind.Fine} 元）"));
        }
        fields.Add(new("数据说明", DemoLabel));
        return new(service.Name, fields, IsDemo: true);
    }
}

internal sealed class DemoRealEstateRecords : DemoConvenienceConnector
{
    public override string Name => "real-estate-records";

    private static readonly string[] Places = ["山腰街道", "南埔镇", "界山镇", "后龙镇", "峰尾镇", "涂岭镇", "前黄镇"];

    protected override ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed)
    {
        var count = seed.Next(0, 3);
        var fields = new List<ConvenienceField> { new("权利人", Masked(person)), new("登记的不动产", count == 0 ? "无" : count + " 处") };
        for (var i = 0; i < count; i++)
            fields.Add(new($"不动产 {i + 1}", $"泉港区{Places[seed.Next(i + 2, Places.Length)]}住宅，{60 + seed.Next(i + 3, 90)} 平方米，单独所有，无抵押、无查封"));
        fields.Add(new("数据说明", DemoLabel));
        return new(service.Name, fields, IsDemo: true);
    }
}

internal sealed class DemoElectricityArrears : DemoConvenienceConnector
{
    public override string Name => "electricity-arrears";

    protected override ConvenienceResult Answer(ConvenienceService service, ConveniencePerson person, Seed seed)
    {
        var arrears = seed.Next(0, 3) == 0 ? 0 : seed.Next(1, 40000) / 100m;
        return new(service.Name,
        [
            new("户名", Masked(person)),
            new("用电户号", "35" + seed.Next(2, 100_000_000).ToString("D8", CultureInfo.InvariantCulture)),
            new("欠费金额", Yuan(arrears)),
            new("状态", arrears == 0 ? "无欠费" : "请在缴费期限内缴纳，可选择“电费缴纳”服务"),
            new("数据说明", DemoLabel),
        ], IsDemo: true);
    }
}
