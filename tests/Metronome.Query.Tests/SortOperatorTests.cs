using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Execution;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;

namespace Metronome.Query.Tests;

/// <summary>sort gives LINQ's stable order for every input shape: sorted, nearly sorted (the insertion
/// sort path), reversed and shuffled (the general path), with ties, nulls, numbers and strings.</summary>
public sealed class SortOperatorTests
{
    [Theory]
    [InlineData("sorted")]
    [InlineData("nearly")]
    [InlineData("reversed")]
    [InlineData("shuffled")]
    public void Sort_is_stable_and_ordered_for_any_input(string shape)
    {
        var random = new Random(shape.GetHashCode(StringComparison.Ordinal));
        for (var round = 0; round < 40; round++)
        {
            var count = random.Next(0, 300);
            (int, bool)[] keys = [(2, random.Next(2) == 0), (3, random.Next(2) == 0)];
            var rows = Enumerable.Range(0, count).Select(i => new FieldValue[]
            {
                i, FieldValue.Null, Value(random), Value(random),
            }).ToList();
            var expected = Stable(rows, keys);
            var input = shape switch
            {
                "sorted" => expected.ToList(),
                "nearly" => Nearly(expected, random),
                "reversed" => Enumerable.Reverse(expected).ToList(),
                _ => rows.OrderBy(_ => random.Next()).ToList(),
            };

            // Stability is judged against the order the rows come in.
            var sorted = Run(new SortOperator(keys), input);
            Assert.Equal(Stable(input, keys).Select(r => r[0].AsLong), sorted.Select(r => r[0].AsLong));
        }
    }

    private static FieldValue Value(Random random) => random.Next(6) switch
    {
        0 => FieldValue.Null,
        1 or 2 => random.Next(4),
        3 => random.Next(3) + 0.5,
        _ => ((char)('a' + random.Next(3))).ToString(CultureInfo.InvariantCulture),
    };

    private static List<FieldValue[]> Stable(List<FieldValue[]> rows, (int Slot, bool Descending)[] keys)
    {
        IOrderedEnumerable<FieldValue[]>? ordered = null;
        foreach (var (slot, descending) in keys)
        {
            var comparer = Comparer<FieldValue>.Create((a, b) => Values.SortCompare(a, b));
            ordered = ordered is null
                ? descending ? rows.OrderByDescending(r => r[slot], comparer) : rows.OrderBy(r => r[slot], comparer)
                : descending ? ordered.ThenByDescending(r => r[slot], comparer) : ordered.ThenBy(r => r[slot], comparer);
        }

        return ordered!.ToList();
    }

    private static List<FieldValue[]> Nearly(List<FieldValue[]> sorted, Random random)
    {
        var rows = sorted.ToList();
        for (var swaps = random.Next(0, 5); swaps > 0 && rows.Count > 1; swaps--)
        {
            var at = random.Next(rows.Count - 1);
            (rows[at], rows[at + 1]) = (rows[at + 1], rows[at]);
        }

        return rows;
    }

    private static List<FieldValue[]> Run(SortOperator sort, List<FieldValue[]> rows)
    {
        var sink = new ResultSink(newestFirst: false, keep: int.MaxValue);
        sort.Next = sink;
        var request = new QueryRequest { Query = "*", App = "a", From = DateTimeOffset.UnixEpoch, To = DateTimeOffset.UnixEpoch.AddDays(1) };
        var context = new QueryContext(new FieldSlots(), request, 0, TimeZoneInfo.Utc, CancellationToken.None);
        var batch = new RowBatch();
        foreach (var row in rows)
        {
            batch.Add(row);
        }

        sort.Push(batch, context);
        sort.Finish(context);
        return [.. sink.Rows];
    }
}
