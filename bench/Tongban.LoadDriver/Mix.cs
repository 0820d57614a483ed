namespace Tongban.LoadDriver;

/// <summary>The kinds of work a mixed-load worker chooses between (issue 8's realistic mix).</summary>
internal enum WorkKind
{
    Catalog,
    View,
    Queue,
    Submission,
    Transition,
    Statistics,
}

/// <summary>
/// A weighted choice: each kind is chosen with probability weight / total. Every worker draws from its
/// own <see cref="Random"/>, so over a run the shares converge on the weights without coordination.
/// </summary>
internal sealed class Mix
{
    private readonly (WorkKind Kind, int Cumulative)[] table;
    private readonly int total;

    /// <summary>40 % guide and catalog reads, 20 % whole-case views, 15 % queue pages, 10 % submissions, 10 % transitions, 5 % statistics.</summary>
    public static Mix Realistic { get; } = new([
        (WorkKind.Catalog, 40), (WorkKind.View, 20), (WorkKind.Queue, 15),
        (WorkKind.Submission, 10), (WorkKind.Transition, 10), (WorkKind.Statistics, 5),
    ]);

    public Mix(IReadOnlyList<(WorkKind Kind, int Weight)> weights)
    {
        if (weights.Count == 0 || weights.Any(w => w.Weight < 0) || weights.Sum(w => w.Weight) == 0)
            throw new ArgumentException("A mix needs at least one positive weight and no negative ones.", nameof(weights));
        table = new (WorkKind, int)[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            total += weights[i].Weight;
            table[i] = (weights[i].Kind, total);
        }
    }

    /// <summary>The kind whose slice of [0, total) holds <paramref name="roll"/>.</summary>
    public WorkKind At(int roll)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(roll);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(roll, total);
        foreach (var (kind, cumulative) in table)
            if (roll < cumulative) return kind;
        throw new InvalidOperationException("unreachable");
    }

    public WorkKind Next(Random random) => At(random.Next(total));
}
