namespace Tongban.LoadDriver;

/// <summary>
/// 办事指南 and catalog reads, anonymous like the portal's: a search page (keyword, department, channel or
/// plain paging, in turn at random) or one item's whole guide.
/// </summary>
internal static class Catalog
{
    public const string Search = "catalog search";
    public const string Guide = "item guide";

    /// <summary>Words that occur in many item names (登记, 许可, …) and some that are rarer.</summary>
    private static readonly string[] Keywords = ["登记", "许可", "变更", "注销", "补发", "备案", "证", "设立", "医疗", "社会保险", "道路运输", "户籍"];
    private static readonly string[] Channels = ["window", "online", "mobile", "kiosk"];

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var r = worker.Random;
        if (r.Next(2) == 0)
        {
            var code = world.ItemCodes[r.Next(world.ItemCodes.Count)];
            return Api.TimedAsync(worker.Recorder, Guide, () => world.Api.GetAsync("api/items/" + Uri.EscapeDataString(code), null, ct));
        }
        var query = r.Next(4) switch
        {
            0 => "q=" + Uri.EscapeDataString(Keywords[r.Next(Keywords.Length)]),
            1 => "department=" + world.DepartmentCodes[r.Next(world.DepartmentCodes.Count)],
            2 => "channel=" + Channels[r.Next(Channels.Length)] + "&page=" + (1 + r.Next(3)),
            _ => "page=" + (1 + r.Next(10)),
        };
        return Api.TimedAsync(worker.Recorder, Search, () => world.Api.GetAsync("api/items?pageSize=20&" + query, null, ct));
    }
}
