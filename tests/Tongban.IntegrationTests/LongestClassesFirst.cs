using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Tongban.IntegrationTests.LongestClassesFirst))]

namespace Tongban.IntegrationTests;

/// <summary>
/// The classes that take minutes (the demo history written on each database, crash safety with real processes) start
/// first, so a run does not end waiting on one of them that happened to start last; the rest keep xunit's stable order.
/// </summary>
public sealed class LongestClassesFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest = ["SqliteDemoHistoryTests", "PostgresDemoHistoryTests", "SqliteCrashSafetyTests", "PostgresCrashSafetyTests"];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal)];

    private static int Rank(ITestCollection collection)
    {
        var index = Array.FindIndex(Longest, name => collection.TestCollectionDisplayName.Contains("." + name, StringComparison.Ordinal));
        return index < 0 ? Longest.Length : index;
    }
}
