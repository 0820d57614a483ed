namespace Tongban.Tests.Architecture;

public class PrintGraph
{
    [Fact]
    public void Print()
    {
        var edges = ModuleGraph.Uses(typeof(Program).Assembly.Location);
        File.WriteAllLines("/tmp/edges.txt", edges.Select(e => $"{e.Key.From} -> {e.Key.To}   [{string.Join(", ", e.Value.Take(6))}]"));
    }
}
