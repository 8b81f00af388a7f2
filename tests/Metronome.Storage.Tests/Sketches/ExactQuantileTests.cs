using Metronome.Storage.Sketches;

namespace Metronome.Storage.Tests.Sketches;

public class ExactQuantileTests
{
    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.25, 2)]
    [InlineData(0.5, 3)] // floor(0.5 * 4) = 2: the upper middle value, as ClickHouse quantileExact returns
    [InlineData(0.74, 3)]
    [InlineData(0.75, 4)]
    [InlineData(1.0, 4)]
    public void Nearest_rank_takes_the_element_at_floor_q_n(double q, double expected) =>
        Assert.Equal(expected, ExactQuantile.NearestRank(new double[] { 4, 1, 3, 2 }, q));

    [Theory]
    [InlineData(0.25, 5, 1.0)] // ClickHouse: quantileExactInclusive(0.25)(number) FROM numbers(5) = 1
    [InlineData(0.1, 10, 0.9)] // quantileExactInclusive(0.1) FROM numbers(10) = 0.9
    [InlineData(0.9, 10, 8.1)] // quantileExactInclusive(0.9) FROM numbers(10) = 8.1
    [InlineData(0.5, 4, 1.5)]
    [InlineData(1.0, 4, 3.0)]
    [InlineData(0.0, 4, 0.0)]
    public void Interpolated_matches_clickhouse_quantileExactInclusive(double q, int n, double expected)
    {
        double[] values = Enumerable.Range(0, n).Reverse().Select(i => (double)i).ToArray();
        Assert.Equal(expected, ExactQuantile.Interpolated(values, q), 1e-12);
    }

    [Fact]
    public void Selection_matches_sorting_on_random_data_with_duplicates()
    {
        var random = new Random(41);
        foreach (int n in new[] { 1, 2, 3, 17, 100, 1001, 50_000 })
        {
            double[] data = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, Math.Max(2, n / 3))).ToArray();
            double[] sorted = (double[])data.Clone();
            Array.Sort(sorted);
            foreach (double q in new[] { 0, 0.001, 0.1, 0.5, 0.9, 0.999, 1 })
            {
                int index = (int)Math.Min(n - 1, Math.Floor(q * n));
                Assert.Equal(sorted[index], ExactQuantile.NearestRank((double[])data.Clone(), q));

                double position = (n - 1) * q;
                int lower = (int)Math.Floor(position);
                double expected = lower + 1 < n ? sorted[lower] + ((sorted[lower + 1] - sorted[lower]) * (position - lower)) : sorted[lower];
                Assert.Equal(expected, ExactQuantile.Interpolated((double[])data.Clone(), q), 1e-9);
            }
        }
    }

    [Fact]
    public void Adversarial_orders_still_select_correctly()
    {
        int n = 20_000;
        double[] organPipe = Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i)).ToArray();
        double[] allEqual = Enumerable.Repeat(3.0, n).ToArray();
        double[] sorted = Enumerable.Range(0, n).Select(i => (double)i).ToArray();

        double[] organPipeSorted = (double[])organPipe.Clone();
        Array.Sort(organPipeSorted);

        Assert.Equal(organPipeSorted[n / 2], ExactQuantile.NearestRank(organPipe, 0.5));
        Assert.Equal(3.0, ExactQuantile.NearestRank(allEqual, 0.3));
        Assert.Equal(n / 10, ExactQuantile.NearestRank(sorted, 0.1));
    }

    [Fact]
    public void NaN_values_are_ignored()
    {
        Assert.Equal(2, ExactQuantile.NearestRank(new[] { double.NaN, 3, 1, double.NaN, 2 }, 0.5));
        Assert.True(double.IsNaN(ExactQuantile.NearestRank(new[] { double.NaN }, 0.5)));
        Assert.True(double.IsNaN(ExactQuantile.Interpolated(Array.Empty<double>(), 0.5)));
    }

    [Fact]
    public void Levels_outside_zero_to_one_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactQuantile.NearestRank(new double[] { 1 }, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactQuantile.Interpolated(new double[] { 1 }, double.NaN));
    }
}
