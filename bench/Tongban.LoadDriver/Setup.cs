using System.Globalization;
using System.Text.Json.Nodes;

namespace Tongban.LoadDriver;

/// <summary>The item the submissions apply for, as its guide describes it.</summary>
/// <param name="Reusable">Required (and 容缺) materials a library can keep: the ones a returning applicant need not bring again.</param>
/// <param name="Forms">Required application forms: signed anew for every application, so uploaded every time.</param>
internal sealed record SubmissionItem(string Code, string Name, string DepartmentCode, IReadOnlyList<string> Reusable, IReadOnlyList<string> Forms);

/// <summary>The demo staff the scenarios act as (usernames; the tokens live in <see cref="Api"/>).</summary>
internal sealed record Staff(string Clerk, string Reviewer, string Approver, string Analyst, IReadOnlyList<string> Viewers)
{
    /// <summary>Sessions of the clerk logged in (see <see cref="Options.ClerkTokens"/>).</summary>
    public int ClerkSessions { get; init; } = 1;

    /// <summary>The clerk session worker <paramref name="worker"/> submits with (the token's key in <see cref="Api"/>).</summary>
    public string ClerkOf(int worker) => ClerkSessions <= 1 ? Clerk : SessionKey(Clerk, worker % ClerkSessions);

    public static string SessionKey(string user, int session) => session == 0 ? user : $"{user}#{session}";

    /// <summary>The viewer of worker <paramref name="worker"/>: each worker keeps to one, like a person at a desk.</summary>
    public string ViewerOf(int worker) => Viewers[worker % Viewers.Count];
}

/// <summary>Everything the scenarios share, discovered from the running server at setup (read-only afterwards).</summary>
internal sealed class World
{
    public required Api Api { get; init; }
    public required Options Options { get; init; }
    public required Staff Staff { get; init; }
    public SubmissionItem? Item { get; init; }
    public IReadOnlyList<string> DepartmentCodes { get; init; } = [];
    public IReadOnlyList<string> ItemCodes { get; init; } = [];
    /// <summary>Case numbers for the whole-case views.</summary>
    public IReadOnlyList<string> ViewCases { get; set; } = [];
    /// <summary>callnext: the center's 综合 windows (worker i calls at window i mod n) and the ticket machine's device token.</summary>
    public IReadOnlyList<string> Windows { get; init; } = [];
    public string? DeviceToken { get; init; }
    /// <summary>book: the day and item booked, and the day's slot starts.</summary>
    public DateOnly BookingDate { get; init; }
    public IReadOnlyList<string> SlotStarts { get; init; } = [];
    /// <summary>Today in China (the server's business day), for statistics ranges.</summary>
    public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
}

/// <summary>
/// Prepares a run: checks the server, logs the demo staff in, finds an item to apply for, and creates
/// the test applicants with a first application each, so their libraries hold materials to reuse.
/// </summary>
internal static class Setup
{
    public static async Task<(World World, Worker[] Workers)> RunAsync(Options options, Api api, CancellationToken ct)
    {
        var health = await api.GetAsync("health", null, ct);
        if (!health.Ok) throw new SetupException($"GET /health answered {(int)health.Status}: is Tongban running at {options.BaseAddress}?");

        var needsStaff = options.Phase != Phase.Health;
        Staff staff = new("clerk", "reviewer", "approver", "analyst", options.Viewers) { ClerkSessions = options.ClerkTokens };
        var workers = Enumerable.Range(0, options.Concurrency).Select(i => new Worker(i, new Random(options.Seed + i))).ToArray();
        if (!needsStaff) return (new World { Api = api, Options = options, Staff = staff }, workers);

        var users = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var name in new[] { staff.Clerk, staff.Reviewer, staff.Approver, staff.Analyst }.Concat(staff.Viewers).Distinct())
            users[name] = await api.LoginAsync(name, options.Password, ct);
        for (var session = 1; session < staff.ClerkSessions; session++)
            await api.LoginAsync(staff.Clerk, options.Password, ct, Staff.SessionKey(staff.Clerk, session));
        var department = users[staff.Reviewer]["departmentCode"]?.GetValue<string>()
            ?? throw new SetupException("the reviewer has no department: is this the demo district?");

        if (options.Phase == Phase.CallNext) return (await Calling.SetUpAsync(api, options, staff, workers, ct), workers);
        if (options.Phase == Phase.Book) return (await Booking.SetUpAsync(api, options, staff, workers, ct), workers);

        var departments = (await Must(api.GetAsync("api/departments", null, ct), "GET /api/departments")).AsArray()
            .Select(d => d!["code"]!.GetValue<string>()).ToList();
        var itemCodes = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            var list = await Must(api.GetAsync($"api/items?page={page}&pageSize=100", null, ct), "GET /api/items");
            itemCodes.AddRange(list["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()));
            if (list["items"]!.AsArray().Count < 100) break;
        }

        var needsItem = options.Phase is Phase.Submit or Phase.Post or Phase.Mix || (options.Phase == Phase.View && options.CasesFile is null);
        var item = options.Phase == Phase.Post ? await FindReuseOnlyItemAsync(api, departments, ct)
            : needsItem ? await FindItemAsync(api, department, ct) : null;
        var world = new World { Api = api, Options = options, Staff = staff, Item = item, DepartmentCodes = departments, ItemCodes = itemCodes };
        if (item is not null)
        {
            Console.WriteLine($"submissions apply for {item.Code} {item.Name} ({item.DepartmentCode}): reusable {string.Join(", ", item.Reusable)}; forms {string.Join(", ", item.Forms)}");
            await CreatePeopleAsync(world, workers, ct);
        }
        world.ViewCases = options.CasesFile is { } file
            ? [.. File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0)]
            : [.. workers.SelectMany(w => w.Pipeline.Select(c => c.Number))];
        if (options.Phase is Phase.View or Phase.Mix && world.ViewCases.Count == 0)
            throw new SetupException("no cases to view: give --cases-file with case numbers visible to " + string.Join(", ", options.Viewers));
        return (world, workers);
    }

    /// <summary>
    /// An item of the reviewer's department (so the reviewer and approver can act on its cases) that the
    /// window takes for persons, goes through review and approval, and needs at least two materials a
    /// library can keep. The first such in catalog order: the same item on every run over the same data.
    /// </summary>
    private static async Task<SubmissionItem> FindItemAsync(Api api, string department, CancellationToken ct)
    {
        for (var page = 1; page <= 20; page++)
        {
            var list = await Must(api.GetAsync($"api/items?department={department}&channel=window&page={page}&pageSize=100", null, ct), "GET /api/items");
            foreach (var row in list["items"]!.AsArray())
            {
                var code = row!["code"]!.GetValue<string>();
                var guide = await Must(api.GetAsync("api/items/" + Uri.EscapeDataString(code), null, ct), "GET /api/items/{code}");
                if (Fits(guide) is { } fit) return fit;
            }
            if (list["items"]!.AsArray().Count < 100) break;
        }
        throw new SetupException($"no item of department {department} fits the submissions (window, person, review + approve, ≥ 2 keepable materials)");
    }

    /// <summary>
    /// For the post phase: the first item in department and catalog order that the window takes for persons and whose
    /// needed materials a library can all keep (no form to sign and upload anew), so a submission is one request.
    /// </summary>
    private static async Task<SubmissionItem> FindReuseOnlyItemAsync(Api api, IReadOnlyList<string> departments, CancellationToken ct)
    {
        foreach (var department in departments)
        {
            var list = await Must(api.GetAsync($"api/items?department={department}&channel=window&page=1&pageSize=100", null, ct), "GET /api/items");
            foreach (var row in list["items"]!.AsArray())
            {
                var code = row!["code"]!.GetValue<string>();
                var guide = await Must(api.GetAsync("api/items/" + Uri.EscapeDataString(code), null, ct), "GET /api/items/{code}");
                if (FitsReuseOnly(guide) is { } fit) return fit;
            }
        }
        throw new SetupException("no item the window takes for persons needs only materials a library keeps (≥ 1, no form)");
    }

    /// <summary>Whether a guide fits the post phase (see <see cref="FindReuseOnlyItemAsync"/>); internal for the tests.</summary>
    internal static SubmissionItem? FitsReuseOnly(JsonNode guide)
    {
        static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(x => x!.GetValue<string>()) ?? [];
        if (!Strings(guide["servingObjects"]).Contains("person") || !Strings(guide["channels"]).Contains("window")) return null;
        var needed = guide["materials"]!.AsArray().Where(m => m!["necessity"]!.GetValue<string>() is "required" or "tolerable").ToList();
        if (needed.Count == 0 || needed.Any(m => IsForm(m!))) return null;
        return new SubmissionItem(guide["code"]!.GetValue<string>(), guide["name"]!.GetValue<string>(), guide["departmentCode"]!.GetValue<string>(),
            [.. needed.Select(m => m!["code"]!.GetValue<string>())], []);
    }

    // The server never keeps application forms (signed for one application) in a library.
    private static bool IsForm(JsonNode m) => m["type"]!.GetValue<string>() == "form" || m["materialTypeCode"]?.GetValue<string>() == "application-form";

    /// <summary>Whether a guide fits (see <see cref="FindItemAsync"/>); internal for the tests.</summary>
    internal static SubmissionItem? Fits(JsonNode guide)
    {
        static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(x => x!.GetValue<string>()) ?? [];
        if (guide["caseKind"]?.GetValue<string>() != "promised") return null;
        if (!Strings(guide["servingObjects"]).Contains("person") || !Strings(guide["channels"]).Contains("window")) return null;
        var steps = Strings(guide["processSteps"]).ToList();
        if (!steps.Contains("review") || !steps.Contains("approve")) return null;
        var needed = guide["materials"]!.AsArray().Where(m => m!["necessity"]!.GetValue<string>() is "required" or "tolerable").ToList();
        var reusable = needed.Where(m => !IsForm(m!)).Select(m => m!["code"]!.GetValue<string>()).ToList();
        var forms = needed.Where(m => IsForm(m!)).Select(m => m!["code"]!.GetValue<string>()).ToList();
        return reusable.Count >= 2
            ? new SubmissionItem(guide["code"]!.GetValue<string>(), guide["name"]!.GetValue<string>(), guide["departmentCode"]!.GetValue<string>(), reusable, forms)
            : null;
    }

    /// <summary>
    /// Each worker creates its own people (worker i owns people i, i + c, i + 2c, …): opening a person's library
    /// appends to that person's audit stream, so two workers on one person would race like two clerks on one ID card.
    /// Every person gets a first window application with fresh uploads, which fills their library.
    /// </summary>
    private static async Task CreatePeopleAsync(World world, Worker[] workers, CancellationToken ct)
    {
        var item = world.Item!;
        var random = new Random(Environment.TickCount);
        var people = Enumerable.Range(0, world.Options.People)
            .Select(_ => new Person(IdNumbers.RandomName(random), IdNumbers.RandomResident(random), IdNumbers.RandomMobile(random))).ToList();
        for (var i = 0; i < people.Count; i++) workers[i % workers.Length].People.Add(people[i]);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(async worker =>
        {
            foreach (var person in worker.People)
            {
                var materials = new List<object>();
                foreach (var requirement in item.Reusable.Concat(item.Forms))
                {
                    var file = await Must(world.Api.UploadAsync(world.Staff.Clerk, requirement + ".pdf", Files.Pdf($"{person.IdNumber} {requirement} first"), "application/pdf", ct), "POST /api/files");
                    materials.Add(new { requirementCode = requirement, fileId = file["fileId"]!.GetValue<string>() });
                }
                var created = await Must(world.Api.PostJsonAsync("api/cases", world.Staff.Clerk, Submission.Body(item, person, materials), ct, Guid.NewGuid().ToString()), "POST /api/cases");
                worker.Pipeline.Enqueue(PipelineCase.From(created));
            }
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {people.Count} people with a first application each in {started.Elapsed.TotalSeconds:0.0} s"));
    }

    public static async Task<JsonNode> Must(Task<Answer> call, string what)
    {
        var answer = await call;
        return answer.Ok && answer.Body is not null ? answer.Body : throw new SetupException($"{what} answered {(int)answer.Status}");
    }
}
