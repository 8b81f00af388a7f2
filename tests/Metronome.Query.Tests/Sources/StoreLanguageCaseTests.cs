using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Query.Tests.Sources;

/// <summary>Every language case again, over the embedded store through <see cref="StoreEventSource"/>,
/// with the store answering aggregations where it can: the same table as the in-memory reference.
/// Rows are compared as a multiset: a store returns events and groups in its own order, and the
/// language leaves row order open unless the query sorts.</summary>
public sealed class StoreLanguageCaseTests
{
    [Theory]
    [MemberData(nameof(LanguageCaseTests.Cases), MemberType = typeof(LanguageCaseTests))]
    public async Task Case_gives_the_same_rows_over_the_store(string id)
    {
        var c = LanguageCase.LoadAll().Single(x => x.ToString() == id);
        if (c.Options.ContainsKey("ingest") || OrderDependent(c))
        {
            return;
        }

        await using var store = await TestStores.WithAsync(c.Events, TestStores.Layout.Both);
        var expected = Normalize(await LanguageCaseTests.Run(c));
        List<string> actual;
        try
        {
            var result = await QueryEngine.ExecuteAsync(LanguageCaseTests.Request(c), new StoreEventSource(store, batchSize: 3));
            actual = Normalize(TableText.Format(result, withStats: false));
        }
        catch (QueryException e)
        {
            var d = e.Diagnostic;
            actual = [d.HasPosition ? $"error {d.Code} at {d.Line}:{d.Column}" : $"error {d.Code}"];
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>Cases whose answer depends on arrival order: limits and tops without a sort keep the
    /// first rows seen, first/last/accum follow row order.</summary>
    private static bool OrderDependent(LanguageCase c)
    {
        var q = c.Query.ToLowerInvariant();
        return q.Contains("first(", StringComparison.Ordinal) || q.Contains("last(", StringComparison.Ordinal)
            || q.Contains("accum", StringComparison.Ordinal) || q.Contains("takelast", StringComparison.Ordinal)
            || ((q.Contains("limit", StringComparison.Ordinal) || q.Contains("top ", StringComparison.Ordinal)) && !q.Contains("sort", StringComparison.Ordinal));
    }

    private static List<string> Normalize(List<string> lines) =>
        lines.Count == 0 ? lines : [lines[0], .. lines.Skip(1).Where(l => !l.StartsWith("stats ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
