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
    public void Adding_in_batches_counts_as_adding_one_by_one()
    {
        // Batches of every size, new values first then repeats (the table is sized from a batch's first
        // values), zeros and repeats within a batch.
        var random = new Random(9);
        var set = new UInt64Set();
        var reference = new HashSet<ulong>();
        for (int batch = 0; batch < 60; batch++)
        {
            int size = random.Next(4) == 0 ? random.Next(0, 20) : random.Next(200, 40_000);
            var values = new ulong[size];
            for (int i = 0; i < size; i++)
            {
                values[i] = i < size / 2 ? (ulong)random.NextInt64() : random.Next(10) == 0 ? 0 : values[random.Next(Math.Max(1, size / 2))];
            }

            set.AddRange(values);
            reference.UnionWith(values);
            Assert.Equal(reference.Count, set.Count);
        }
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
