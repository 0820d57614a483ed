using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Modules.Catalog;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// Every endpoint the app maps (read from its EndpointDataSource, so a new endpoint without a row fails here naming its
/// route) is called as each caller of the table in docs/security.md "Who may call what" — anonymous, a citizen, and one
/// single-role demo account per staff role — and must answer as the table says: ✓ = through authorization (anything but
/// 401/403: a 400/404/409 for a dummy id is fine), 401 = must log in, ✗ = refused (403, or 404 where the thing's
/// existence is not the caller's business). The table is the one place the intended rights are written; a new caller
/// (a kiosk device) is a new column there and a new entry in <see cref="Callers"/>.
/// Reads use a real case (of the reviewer's department, filed and accepted at the district center), so a case the caller
/// must not see answers 403/404 for the right reason; writes use dummy ids, since only authorization is under test.
/// </summary>
public abstract partial class AuthorizationMatrixTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string Allowed = "✓";
    private const string Refused = "✗";
    private const string MustLogIn = "401";

    private sealed record Route(string Method, string Pattern)
    {
        public string Key => $"{Method} {Pattern}";
        /// <summary>Logging out ends the caller's session: called with a fresh login so the other rows keep theirs.</summary>
        public bool EndsSession => Pattern.EndsWith("/logout", StringComparison.Ordinal) || Pattern.EndsWith("/kiosk/sessions/current", StringComparison.Ordinal);
    }

    private sealed record Table(IReadOnlyList<string> Columns, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Rows);

    /// <summary>The table under "## Who may call what" in docs/security.md: endpoint (in backticks) | one column per caller.</summary>
    private static Table ReadTable()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));
        var start = doc.IndexOf("\n## Who may call what", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/security.md has no \"## Who may call what\" section");
        var lines = doc[start..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(lines.Count > 2, "docs/security.md \"Who may call what\" has no table");
        static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
        var header = Cells(lines[0]);
        Assert.Equal("endpoint", header[0]);
        var columns = header[1..];
        var rows = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            Assert.True(cells.Length == header.Length, $"docs/security.md: the row \"{line}\" has {cells.Length} cells, the header {header.Length}");
            var key = cells[0].Trim('`');
            Assert.True(rows.TryAdd(key, columns.Select((c, i) => (c, cells[i + 1])).ToDictionary(x => x.c, x => x.Item2)), $"docs/security.md lists {key} twice");
            foreach (var (column, cell) in columns.Zip(cells[1..]))
                Assert.True(column == "anonymous" ? cell is Allowed or MustLogIn : cell is Allowed or Refused,
                    $"docs/security.md: {key} as {column} is \"{cell}\"; write {(column == "anonymous" ? "✓ or 401" : "✓ or ✗")}");
        }
        return new Table(columns, rows);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tongban.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tongban.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every route the app answers, one per HTTP method ("ANY" for endpoints without one, called with GET).</summary>
    private List<Route> Routes() =>
        [.. App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => new Route(m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Where(r => r.Method != "OPTIONS")
            .Distinct().OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];

    [Fact]
    public void Every_endpoint_has_a_row_in_docs_security_md_and_every_row_an_endpoint()
    {
        var table = ReadTable();
        var routes = Routes();
        var missing = routes.Where(r => !table.Rows.ContainsKey(r.Key)).ToList();
        var stale = table.Rows.Keys.Except(routes.Select(r => r.Key)).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            (missing.Count > 0 ? "Endpoints without a row in docs/security.md \"Who may call what\" (add them, with who may call them):\n"
                + string.Join("\n", missing.Select(r => $"| `{r.Key}` | {string.Join(" | ", table.Columns.Select(_ => "?"))} |")) + "\n" : "")
            + (stale.Count > 0 ? "Rows of docs/security.md for endpoints that no longer exist:\n" + string.Join("\n", stale) : ""));
    }

    /// <summary>The callers the table's columns name. A new column (a kiosk device) needs its client here.</summary>
    private Dictionary<string, Func<Task<HttpClient>>> Callers() => new(StringComparer.Ordinal)
    {
        ["anonymous"] = () => Task.FromResult(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false })),
        ["citizen"] = () => Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber()),
        ["Admin"] = () => App.LoginAsync("admin"),
        ["Clerk"] = () => App.LoginAsync("clerk"),
        ["Reviewer"] = () => App.LoginAsync("reviewer"),
        ["Approver"] = () => App.LoginAsync("approver"),
        ["Supervisor"] = () => App.LoginAsync("supervisor"),
        ["Analyst"] = () => App.LoginAsync("analyst"),
        // An enrolled kiosk (a device, not a person), and a card session on it (the card's person, at that kiosk).
        // A device enrols once (enrolling again replaces its token); a fresh session (after a route that ends one) takes the
        // next kiosk, since a new card ends the session before it on the same kiosk.
        ["kiosk"] = async () => Kiosks.Device(App, _deviceToken ??= await Kiosks.EnrolAsync(App, "K13", Ct)),
        ["kiosk session"] = async () =>
        {
            var kiosk = "K" + (12 - _sessionKiosks++).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            var token = await Kiosks.EnrolAsync(App, kiosk, Ct);
            return Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "林测试", Ct));
        },
    };

    private string? _deviceToken;
    private int _sessionKiosks;

    [GeneratedRegex(@"\{(\*{0,2})([A-Za-z]+)((?::[A-Za-z]+(?:\([^)]*\))?)*)\??\}")]
    private static partial Regex Parameter();

    /// <summary>The route with its parameters filled: the real case for reads, dummy but well-formed values otherwise.</summary>
    private static string Url(Route route, string caseNumber) => Parameter().Replace(route.Pattern, m =>
    {
        var (name, constraints) = (m.Groups[2].Value, m.Groups[3].Value);
        if (name == "caseNumber") return route.Method == "GET" ? caseNumber : "NOSUCHCASE";
        if (constraints.Contains(":guid", StringComparison.Ordinal)) return Guid.NewGuid().ToString();
        if (constraints.Contains(":long", StringComparison.Ordinal) || constraints.Contains(":int", StringComparison.Ordinal)) return "987654";
        return name switch
        {
            "idNumber" => TestData.AnotherValidIdNumber,
            "documentName" => "v1",
            "path" => "no-such-page",
            _ => "nosuch",
        };
    });

    private static async Task<HttpStatusCode> CallAsync(HttpClient client, Route route, string caseNumber)
    {
        var method = route.Method == "ANY" ? HttpMethod.Get : new HttpMethod(route.Method);
        // Exports check their format before the caller's scope: ask for a valid one, so the answer is about who asks.
        var query = route.Pattern.EndsWith("/export", StringComparison.Ordinal) ? "?format=csv" : "";
        using var request = new HttpRequestMessage(method, Url(route, caseNumber) + query);
        if (method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Delete) request.Content = JsonContent.Create(new { });
        // A bound on a stream (SSE) that answers at once with its headers, not a sleep.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        // Read the whole answer (a response left half-read is logged by the server as aborted), except a live stream's.
        if (!route.Pattern.EndsWith("/live", StringComparison.Ordinal)) await response.Content.ReadAsByteArrayAsync(bound.Token);
        return response.StatusCode;
    }

    private static bool Holds(string expected, HttpStatusCode status) => expected switch
    {
        Allowed => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
        MustLogIn => status == HttpStatusCode.Unauthorized,
        _ => status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
    };

    /// <summary>A case of the reviewer's department, filed and accepted at the district center by the demo clerk.</summary>
    private async Task<string> RealCaseAsync()
    {
        var item = await ReviewerDepartmentItemAsync(App);
        return await SubmitAndAcceptAsync(await App.LoginAsync("clerk"), item.Code, item.Materials);
    }

    [Fact]
    public async Task Every_endpoint_answers_each_caller_as_docs_security_md_says()
    {
        var table = ReadTable();
        var callers = Callers();
        var unknown = table.Columns.Except(callers.Keys).ToList();
        Assert.True(unknown.Count == 0, $"docs/security.md names callers this test cannot be: {string.Join(", ", unknown)} (add them to Callers())");
        var routes = Routes().Where(r => table.Rows.ContainsKey(r.Key)).ToList();
        var caseNumber = await RealCaseAsync();

        var failures = new List<string>();
        foreach (var column in table.Columns)
        {
            var client = await callers[column]();
            foreach (var route in routes)
            {
                var expected = table.Rows[route.Key][column];
                var status = await CallAsync(route.EndsSession ? await callers[column]() : client, route, caseNumber);
                if (!Holds(expected, status)) failures.Add($"{route.Key} as {column}: {(int)status}, the table says {expected}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from docs/security.md \"Who may call what\":\n" + string.Join("\n", failures));
    }
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApp app) : AuthorizationMatrixTests<SqliteApp>(app);

public sealed class PostgresAuthorizationMatrixTests(PostgresApp app) : AuthorizationMatrixTests<PostgresApp>(app);
