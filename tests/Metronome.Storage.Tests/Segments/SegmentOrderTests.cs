using Metronome.Storage.Segments;

namespace Metronome.Storage.Tests.Segments;

public sealed class SegmentOrderTests
{
    [Theory]
    [InlineData(1, 1, 0.0)]
    [InlineData(2, 5, 0.0)]
    [InlineData(3, 5, 0.01)]
    [InlineData(4, 3, 1.0)]
    [InlineData(5, 40, 0.2)]
    public void Rows_end_up_exactly_as_a_full_sort_by_name_time_and_arrival_puts_them(int seed, int names, double disorder)
    {
        var random = new Random(seed);
        var rows = new List<EncodedRow>();
        long time = 1_000_000;
        for (int i = 0; i < 20_000; i++)
        {
            // Mostly rising times with ties, some going backwards.
            time += random.Next(0, 3);
            long t = random.NextDouble() < disorder ? time - random.Next(0, 5_000) : time;
            rows.Add(new EncodedRow(random.Next(names), t, i, random.Next(4), random.Next(1000)));
        }

        var expected = rows.ToList();
        expected.Sort();

        SegmentOrder.Sort(rows, names);

        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Empty_and_single_rows_are_left_alone()
    {
        var none = new List<EncodedRow>();
        SegmentOrder.Sort(none, 3);
        Assert.Empty(none);

        var one = new List<EncodedRow> { new(2, 5, 0, 0, 0) };
        SegmentOrder.Sort(one, 3);
        Assert.Equal(new EncodedRow(2, 5, 0, 0, 0), Assert.Single(one));
    }
}
