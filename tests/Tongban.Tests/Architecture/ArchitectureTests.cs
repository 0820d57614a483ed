using System.Text.RegularExpressions;

namespace Tongban.Tests.Architecture;

/// <summary>
/// The module dependencies are exactly the table in docs/architecture.md: a new edge (or one that went away) fails
/// here with the types that make it, so the picture a newcomer reads is the code they will find.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly string Product = typeof(Program).Assembly.Location;

    private sealed record Documented((string From, string To) Edge, string? Cycle);

    [Fact]
    public void Module_dependencies_are_the_ones_docs_architecture_lists()
    {
        var actual = ModuleGraph.Uses(Product);
        var documented = Table().Select(d => d.Edge).ToHashSet();
        var added = actual.Where(e => !documented.Contains(e.Key))
            .Select(e => $"  {e.Key.From} -> {e.Key.To}    (used by: {string.Join(", ", e.Value.Take(5))})").ToList();
        var gone = documented.Where(e => !actual.ContainsKey(e)).Select(e => $"  {e.From} -> {e.To}").ToList();
        Assert.True(added.Count == 0 && gone.Count == 0,
            (added.Count > 0 ? "New module dependencies (remove them, or add them to the table in docs/architecture.md if they belong):\n" + string.Join("\n", added) + "\n" : "")
            + (gone.Count > 0 ? "Dependencies that no longer exist (remove them from docs/architecture.md):\n" + string.Join("\n", gone) : ""));
    }

    [Fact]
    public void No_module_depends_on_the_demo_data()
    {
        var onDemo = ModuleGraph.Edges(Product).Where(e => e.To == "Demo").Select(e => e.From).ToList();
        Assert.True(onDemo.Count == 0, "The demo is data for a deployment, not a module; these depend on it: " + string.Join(", ", onDemo));
    }

    [Fact]
    public void Every_module_cycle_is_documented_with_its_reason_and_nothing_else_is_called_one()
    {
        var edges = ModuleGraph.Edges(Product);
        var onCycle = edges.Where(e => Reaches(edges, e.To, e.From)).ToHashSet();
        var table = Table().ToDictionary(d => d.Edge, d => d.Cycle);
        var undocumented = onCycle.Where(e => table.GetValueOrDefault(e) is null).Select(e => $"  {e.From} -> {e.To}").ToList();
        var notCycles = table.Where(t => t.Value is not null && !onCycle.Contains(t.Key)).Select(t => $"  {t.Key.From} -> {t.Key.To}").ToList();
        Assert.True(undocumented.Count == 0 && notCycles.Count == 0,
            (undocumented.Count > 0 ? "Edges on a module cycle without '# cycle: reason and plan' in docs/architecture.md:\n" + string.Join("\n", undocumented) + "\n" : "")
            + (notCycles.Count > 0 ? "Marked as a cycle but no longer on one (drop the mark):\n" + string.Join("\n", notCycles) : ""));
    }

    [Fact]
    public void The_graph_reader_sees_dependencies_inside_lambdas_and_async_methods()
    {
        // CaseCommand uses the calendar only inside its endpoint lambda and async body: if the reader missed
        // compiler-generated types, this edge (and many others) would silently vanish from the check above.
        var uses = ModuleGraph.Uses(Product);
        Assert.Contains("CaseCommand → CalendarService", uses[("Cases", "Calendar")]);
        Assert.Equal("Cases", ModuleGraph.ModuleOf(new Mono.Cecil.TypeReference("Tongban.Modules.Cases.Changes", "CaseChange", null, null)));
    }

    private static bool Reaches(SortedSet<(string From, string To)> edges, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var at))
        {
            if (at == to) return true;
            foreach (var (_, next) in edges.Where(e => e.From == at))
                if (seen.Add(next)) queue.Enqueue(next);
        }
        return false;
    }

    /// <summary>The lines "A -> B" (optionally "# cycle: why") of the ```dependencies block in docs/architecture.md.</summary>
    private static List<Documented> Table()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var block = BlockPattern().Match(doc);
        Assert.True(block.Success, "docs/architecture.md has no ```dependencies block");
        return [.. block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l =>
        {
            var m = LinePattern().Match(l);
            Assert.True(m.Success, "Not an edge line in docs/architecture.md: " + l);
            return new Documented((m.Groups[1].Value, m.Groups[2].Value), m.Groups[3].Success ? m.Groups[3].Value.Trim() : null);
        })];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tongban.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tongban.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```dependencies\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^([\w.]+)\s*->\s*([\w.]+)\s*(?:#\s*cycle:(.*))?$")]
    private static partial Regex LinePattern();
}
