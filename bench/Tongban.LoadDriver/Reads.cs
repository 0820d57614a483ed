namespace Tongban.LoadDriver;

/// <summary>GET /health: the cheapest request Tongban answers (one database ping), the machine's ceiling for a request.</summary>
internal static class Health
{
    public const string Name = "health";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct) =>
        Api.TimedAsync(worker.Recorder, Name, () => world.Api.GetAsync("health", null, ct));
}

/// <summary>
/// The whole case (GET /api/cases/{no}) as the viewer (default: supervisor, who sees every case), for a case
/// picked at random from the cases file. Each view is also an audited read of personal data, appended to
/// the viewer's own audit stream.
/// </summary>
internal static class CaseView
{
    public const string Name = "case view";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var number = world.ViewCases[worker.Random.Next(world.ViewCases.Count)];
        return Api.TimedAsync(worker.Recorder, Name, () => world.Api.GetAsync("api/cases/" + Uri.EscapeDataString(number), world.Staff.Viewer, ct));
    }
}

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

/// <summary>Staff queue pages: the clerk's and the reviewer's 待办 (first page) and a department's case list (one of its first pages).</summary>
internal static class Queues
{
    public const string ClerkTodo = "queue clerk todo";
    public const string ReviewerTodo = "queue reviewer todo";
    public const string DepartmentList = "queue department list";

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var r = worker.Random;
        return r.Next(3) switch
        {
            0 => Api.TimedAsync(worker.Recorder, ClerkTodo, () => world.Api.GetAsync("api/cases?view=todo&page=1&pageSize=20", world.Staff.Clerk, ct)),
            1 => Api.TimedAsync(worker.Recorder, ReviewerTodo, () => world.Api.GetAsync("api/cases?view=todo&page=1&pageSize=20", world.Staff.Reviewer, ct)),
            _ => Api.TimedAsync(worker.Recorder, DepartmentList, () => world.Api.GetAsync(
                $"api/cases?department={world.DepartmentCodes[r.Next(world.DepartmentCodes.Count)]}&page={1 + r.Next(3)}&pageSize=20", world.Staff.Viewer, ct)),
        };
    }
}

/// <summary>The statistics page's queries as the analyst, over the last 30 days.</summary>
internal static class Statistics
{
    public const string Overview = "stats overview";
    public const string Departments = "stats departments";
    public const string Ranking = "stats window ranking";
    public const string Trends = "stats trends";

    private static readonly string[] Metrics = ["submitted", "accepted", "completed", "onTime", "overdue", "corrections", "materialsReused"];

    public static Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var r = worker.Random;
        var range = $"from={world.Today.AddDays(-29):yyyy-MM-dd}&to={world.Today:yyyy-MM-dd}";
        var analyst = world.Staff.Analyst;
        return r.Next(4) switch
        {
            0 => Api.TimedAsync(worker.Recorder, Overview, () => world.Api.GetAsync("api/stats/overview?" + range, analyst, ct)),
            1 => Api.TimedAsync(worker.Recorder, Departments, () => world.Api.GetAsync("api/stats/departments?" + range, analyst, ct)),
            2 => Api.TimedAsync(worker.Recorder, Ranking, () => world.Api.GetAsync("api/stats/windows/ranking?" + range, analyst, ct)),
            _ => Api.TimedAsync(worker.Recorder, Trends, () => world.Api.GetAsync($"api/stats/trends?metric={Metrics[r.Next(Metrics.Length)]}&" + range, analyst, ct)),
        };
    }
}
