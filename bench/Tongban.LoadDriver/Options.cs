using System.Globalization;

namespace Tongban.LoadDriver;

/// <summary>What to run: one of the load phases of issue 8.</summary>
internal enum Phase
{
    /// <summary>GET /health only: the machine's own ceiling for a Tongban request.</summary>
    Health,
    /// <summary>Whole-case views only.</summary>
    View,
    /// <summary>Window submissions with reused materials only.</summary>
    Submit,
    /// <summary>
    /// POST /api/cases alone, every material reused from the applicant's library (no upload): an item without forms,
    /// each person's library looked up once and reused for every later submission.
    /// </summary>
    Post,
    /// <summary>The realistic mix (40 % catalog, 20 % views, 15 % queues, 10 % submissions, 10 % transitions, 5 % statistics).</summary>
    Mix,
    /// <summary>叫号: every worker a window clerk calling the next ticket at the center, and a ticket machine taking one to keep the hall full.</summary>
    CallNext,
    /// <summary>预约: every worker a citizen booking a place on the same day, then cancelling it.</summary>
    Book,
}

/// <summary>The command line. Unknown or malformed arguments stop the run with a message: a bench that silently ignores a typo measures the wrong thing.</summary>
internal sealed record Options
{
    public required Uri BaseAddress { get; init; }
    public Phase Phase { get; init; } = Phase.Mix;
    public int Concurrency { get; init; } = 8;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public string? CasesFile { get; init; }
    public string? JsonFile { get; init; }
    /// <summary>People created at setup for the submissions (raised to the concurrency: each worker owns its own people).</summary>
    public int People { get; init; } = 50;
    /// <summary>
    /// The staff users whose case views are measured, worker i as Viewers[i mod n]; each must see every case in
    /// the cases file. Every view is recorded in the viewer's own audit stream, and one user's records take
    /// turns: one viewer for many workers measures that queue, not the server. The demo's center-wide roles
    /// (supervisor, analyst, admin) see every case.
    /// </summary>
    public IReadOnlyList<string> Viewers { get; init; } = ["supervisor", "analyst", "admin"];
    /// <summary>
    /// Sessions of the clerk the submissions use: 1 shares one bearer token among all workers, n gives worker i
    /// session i mod n (the one-token phase compares the two: one actor must not queue behind itself).
    /// </summary>
    public int ClerkTokens { get; init; } = 1;
    public string Password { get; init; } = "Demo#2026";
    /// <summary>Seed for the random choices (case picks, mix, search terms), so two runs make the same requests in the same proportions.</summary>
    public int Seed { get; init; } = 2026;
    /// <summary>callnext: the tickets waiting at the center when the run starts (kept there: each call is followed by a take).</summary>
    public int Waiting { get; init; } = 500;
    /// <summary>book: the bookable item (the center must offer it).</summary>
    public string? Item { get; init; }

    public const string Usage = """
        Tongban load driver (closed loop: each worker sends its next request when the previous one has answered).

          dotnet run -c Release --project bench/Tongban.LoadDriver -- --base http://127.0.0.1:5196 --phase mix
              [--concurrency 8] [--duration 30] [--warmup 5] [--cases-file cases.txt] [--json out.json]
              [--people 50] [--viewers supervisor,analyst,admin] [--password Demo#2026] [--seed 2026]
              [--clerk-tokens 1]

          --phase health|view|submit|post|mix|callnext|book
          --clerk-tokens  sessions of the clerk shared by the submitting workers (default 1; n: worker i uses session i mod n).
          --waiting     callnext: tickets waiting at the center throughout (default 500).
          --item        book: the item code to book (one with 预约办理 at the center).
          --cases-file  case numbers, one a line, for the whole-case views (all visible to every viewer);
                        without it the views use the cases this run submitted at setup.
          --viewers     who views cases (worker i as viewer i mod n); queue department pages as the first.
          --json        also write the results as JSON.
        Exit code 1 when more than 1 % of the measured requests failed (errors, 409 or 429), 2 on bad arguments or a failed setup.
        """;

    public static Options Parse(IReadOnlyList<string> args)
    {
        string? baseUrl = null;
        var o = new Options { BaseAddress = new Uri("http://127.0.0.1:5000") };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{name} must be a whole number ≥ {min}");
            o = name switch
            {
                "--base" => o with { BaseAddress = ParseBase(baseUrl = Value()) },
                "--phase" => o with { Phase = Enum.TryParse<Phase>(Value(), ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : throw new ArgumentException("--phase must be health, view, submit, post, mix, callnext or book") },
                "--clerk-tokens" => o with { ClerkTokens = Number(1) },
                "--concurrency" => o with { Concurrency = Number(1) },
                "--duration" => o with { DurationSeconds = Number(1) },
                "--warmup" => o with { WarmupSeconds = Number(0) },
                "--cases-file" => o with { CasesFile = Value() },
                "--waiting" => o with { Waiting = Number(1) },
                "--item" => o with { Item = Value() },
                "--json" => o with { JsonFile = Value() },
                "--people" => o with { People = Number(1) },
                "--viewers" or "--viewer" => o with { Viewers = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--password" => o with { Password = Value() },
                "--seed" => o with { Seed = Number(0) },
                _ => throw new ArgumentException($"unknown argument {name}"),
            };
        }
        if (baseUrl is null) throw new ArgumentException("--base is required");
        if (o.Viewers.Count == 0) throw new ArgumentException("--viewers needs at least one username");
        if (o.CasesFile is not null && !File.Exists(o.CasesFile)) throw new ArgumentException($"--cases-file {o.CasesFile} does not exist");
        return o with { People = Math.Max(o.People, o.Concurrency) };
    }

    private static Uri ParseBase(string value) =>
        Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new ArgumentException("--base must be an http(s) URL such as http://127.0.0.1:5196");
}
