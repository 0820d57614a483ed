using System.Text.Json.Nodes;

namespace Tongban.LoadDriver;

/// <summary>A case a worker is carrying through the process, as its last answer described it.</summary>
internal sealed record PipelineCase(string Number, string Status, string? CurrentStep)
{
    public static PipelineCase From(JsonNode caseDto) =>
        new(caseDto["caseNumber"]!.GetValue<string>(), caseDto["status"]!.GetValue<string>(), caseDto["currentStep"]?.GetValue<string>());
}

/// <summary>
/// One closed-loop worker's own state: its random stream, its recorder, the people it applies for and
/// the cases it has submitted and not yet completed. Nothing here is shared, so workers never fight over
/// a person's library or a case.
/// </summary>
internal sealed class Worker(int id, Random random)
{
    private int nextPerson;

    public int Id { get; } = id;
    public Random Random { get; } = random;
    public Recorder Recorder { get; } = new();
    public List<Person> People { get; } = [];
    public Queue<PipelineCase> Pipeline { get; } = new();
    /// <summary>post phase: each person's library materials as first looked up (reusing them leaves them in the library).</summary>
    public Dictionary<Person, List<object>> Library { get; } = [];

    /// <summary>The worker's people in turn (round robin: each library is opened as rarely as possible).</summary>
    public Person NextPerson() => People[nextPerson++ % People.Count];
}
