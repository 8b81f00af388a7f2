using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class KernelsTests
{
    // Lengths around vector widths and the unrolled pairs, plus a full block.
    public static TheoryData<int> Lengths => new() { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1023, 65_536 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Long_sum_matches_a_wrapping_loop(int length)
    {
        long[] values = RandomLongs(length, seed: length);
        long expected = 0;
        foreach (long value in values)
        {
            expected = unchecked(expected + value);
        }

        Assert.Equal(expected, Kernels.Sum(values));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Double_sum_matches_a_loop_up_to_rounding(int length)
    {
        var random = new Random(length);
        double[] values = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.3) * 1e6).ToArray();
        double expected = 0;
        foreach (double value in values)
        {
            expected += value;
        }

        Assert.Equal(expected, Kernels.Sum(values), 1e-6 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void Double_sum_propagates_NaN_and_infinity()
    {
        double[] values = Enumerable.Repeat(1.0, 40).ToArray();
        values[17] = double.PositiveInfinity;
        Assert.Equal(double.PositiveInfinity, Kernels.Sum(values));
        values[30] = double.NaN;
        Assert.True(double.IsNaN(Kernels.Sum(values)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Long_min_max_match_a_loop(int length)
    {
        long[] values = RandomLongs(length, seed: length + 1);
        (long min, long max) = Kernels.MinMax(values);
        Assert.Equal(length == 0 ? long.MaxValue : values.Min(), min);
        Assert.Equal(length == 0 ? long.MinValue : values.Max(), max);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Long_delta_min_max_match_a_wrapping_loop(int length)
    {
        // Full-range values overflow their differences; the extremes sit at random places, also in the tail.
        long[] values = RandomLongs(length, seed: length + 7);
        long min = long.MaxValue, max = long.MinValue;
        for (int i = 1; i < length; i++)
        {
            long delta = unchecked(values[i] - values[i - 1]);
            min = Math.Min(min, delta);
            max = Math.Max(max, delta);
        }

        Assert.Equal((min, max), Kernels.DeltaMinMax(values));
        long[] rising = [.. Enumerable.Range(0, length).Select(i => 1_000_000L * i + (i % 5))];
        var deltas = Enumerable.Range(1, Math.Max(0, length - 1)).Select(i => rising[i] - rising[i - 1]).ToList();
        var expected = deltas.Count == 0 ? (long.MaxValue, long.MinValue) : (deltas.Min(), deltas.Max());
        Assert.Equal(expected, Kernels.DeltaMinMax(rising));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Double_min_max_match_a_loop_that_skips_NaN(int length)
    {
        var random = new Random(length + 2);
        double[] values = Enumerable.Range(0, length).Select(_ => random.Next(10) == 0 ? double.NaN : random.NextDouble() * 2000 - 1000).ToArray();
        double[] numbers = values.Where(v => !double.IsNaN(v)).ToArray();
        (double min, double max) = Kernels.MinMax(values);
        Assert.Equal(numbers.Length == 0 ? double.PositiveInfinity : numbers.Min(), min);
        Assert.Equal(numbers.Length == 0 ? double.NegativeInfinity : numbers.Max(), max);
    }

    [Fact]
    public void Double_min_max_of_only_NaN_is_the_empty_result()
    {
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity), Kernels.MinMax(Enumerable.Repeat(double.NaN, 20).ToArray()));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Code_kernels_match_loops(int length)
    {
        var random = new Random(length + 3);
        uint[] codes = Enumerable.Range(0, length).Select(_ => (uint)random.Next(0, 37)).ToArray();
        foreach (uint code in new uint[] { 0, 5, 36, 99 })
        {
            Assert.Equal(codes.Count(c => c == code), Kernels.CountEquals(codes, code));

            int[] selection = new int[length];
            int selected = Kernels.SelectEquals(codes, code, selection);
            int[] expected = Enumerable.Range(0, length).Where(i => codes[i] == code).ToArray();
            Assert.Equal(expected, selection[..selected]);
        }

        long[] counts = new long[37];
        counts[3] = 10; // histograms accumulate across blocks
        Kernels.CountByCode(codes, counts);
        for (uint code = 0; code < counts.Length; code++)
        {
            Assert.Equal(codes.Count(c => c == code) + (code == 3 ? 10 : 0), counts[code]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Range_selection_matches_a_loop(int length)
    {
        long[] values = RandomLongs(length, seed: length + 4).Select(v => v % 1000).ToArray();
        foreach ((long low, long high) in new[] { (-1000L, 1000L), (-10L, 10L), (5L, 5L), (10L, -10L), (long.MinValue, long.MaxValue) })
        {
            int[] selection = new int[length];
            int selected = Kernels.SelectRange(values, low, high, selection);
            int[] expected = Enumerable.Range(0, length).Where(i => values[i] >= low && values[i] <= high).ToArray();
            Assert.Equal(expected, selection[..selected]);
        }
    }

    [Fact]
    public void Codes_outside_the_histogram_and_small_selections_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.CountByCode(new uint[] { 1, 7 }, new long[7]));
        Assert.Throws<ArgumentException>(() => Kernels.SelectEquals(new uint[10], 0, new int[9]));
        Assert.Throws<ArgumentException>(() => Kernels.SelectRange(new long[10], 0, 1, new int[9]));
    }

    private static long[] RandomLongs(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
    }
}
