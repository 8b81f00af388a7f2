using Metronome.Storage.Aggregation;

namespace Metronome.Storage.Tests.Aggregation;

public class UInt64SetTests
{
    [Fact]
    public void Counts_the_same_distinct_values_as_a_hash_set_including_zero()
    {
        var random = new Random(7);
        var set = new UInt64Set();
        var reference = new HashSet<ulong>();
        for (int i = 0; i < 200_000; i++)
        {
            // Few values repeat often, many once; zero and the top value are edge cases of the layout.
            ulong value = random.Next(4) switch
            {
                0 => (ulong)random.Next(100),
                1 => (ulong)random.NextInt64() * 2654435761UL,
                2 => ulong.MaxValue - (ulong)random.Next(3),
                _ => (ulong)random.Next(50_000) << 40,
            };
            set.Add(value);
            reference.Add(value);
        }

        Assert.Equal(reference.Count, set.Count);
    }

    [Fact]
    public void A_union_counts_values_of_both_sets_once()
    {
        var left = new UInt64Set();
        var right = new UInt64Set();
        for (ulong v = 0; v < 1_000; v++)
        {
            left.Add(v);
            right.Add(v + 500);
        }

        left.UnionWith(right);

        Assert.Equal(1_500, left.Count);
    }
}
