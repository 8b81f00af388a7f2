using Metronome.Core.Events;
using Metronome.Storage.Aggregation;

namespace Metronome.Storage.Tests.Aggregation;

public class NearestRankQuantileTests
{
    [Fact]
    public void Takes_the_value_at_index_floor_q_n_without_interpolating()
    {
        // ClickHouse's quantilesExact(0.5, 0.95, 1)(40, 49, 54): indexes 1, 2 and 2 (clamped).
        var output = Run([54, 40, 49], [0.5, 0.95, 1]);

        Assert.Equal(new FieldValue[] { 49.0, 54.0, 54.0 }, output);
    }

    [Fact]
    public void Levels_in_any_order_match_a_full_sort()
    {
        var random = new Random(3);
        double[] levels = [0.99, 0, 0.5, 0.25, 0.95, 1, 0.5];
        for (int round = 0; round < 200; round++)
        {
            var values = Enumerable.Range(0, random.Next(1, 300)).Select(_ => (double)random.Next(-50, 50)).ToArray();
            var sorted = values.Order().ToArray();

            var output = Run(values, levels);

            Assert.Equal(levels.Select(q => (FieldValue)sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))]), output);
        }
    }

    [Fact]
    public void NaN_sorts_first_and_no_values_give_nulls()
    {
        Assert.Equal(new FieldValue[] { double.NaN, 3.0 }, Run([3, double.NaN, 2], [0, 1]));
        Assert.Equal(new[] { FieldValue.Null, FieldValue.Null }, Run([], [0.5, 0.9]));
    }

    [Theory]
    [InlineData(AggregateKind.QuantilesNearestRank)]
    [InlineData(AggregateKind.Quantiles)]
    public void Values_kept_in_arena_runs_and_merged_across_arenas_match_one_list(AggregateKind kind)
    {
        // Thousands of values per accumulator span many runs (the longest is 4,096); a merge takes the
        // other accumulator's runs from another arena, as tables of different threads do.
        var random = new Random(11);
        double[] levels = [0, 0.25, 0.5, 0.95, 0.99, 1];
        var spec = new AggregateSpec(kind, "x", levels);
        var (leftArena, rightArena) = (new DoubleArena(), new DoubleArena());
        var left = Accumulator.Create(spec, leftArena);
        var right = Accumulator.Create(spec, rightArena);
        var reference = Accumulator.Create(spec);
        for (int i = 0; i < 30_000; i++)
        {
            double value = Math.Round(random.NextDouble() * 1_000, 1);
            (i % 3 == 0 ? right : left).Add(value);
            reference.Add(value);
        }

        left.Merge(right);
        var (merged, expected) = (new FieldValue[levels.Length], new FieldValue[levels.Length]);
        left.WriteResult(merged);
        reference.WriteResult(expected);
        leftArena.Release();
        rightArena.Release();

        Assert.Equal(expected, merged);
    }

    private static FieldValue[] Run(double[] values, double[] levels)
    {
        var accumulator = Accumulator.Create(new AggregateSpec(AggregateKind.QuantilesNearestRank, "x", levels));
        foreach (double value in values)
        {
            accumulator.Add(value);
        }

        var output = new FieldValue[levels.Length];
        accumulator.WriteResult(output);
        return output;
    }
}
