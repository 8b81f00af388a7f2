namespace Metronome.Bench.Metronome;

/// <summary>
/// Exact quantiles as the Q4 contract defines them (and ClickHouse's quantilesExact computes them): the
/// element at 0-based index floor(level * n) of the sorted values, no interpolation. Works from a
/// histogram (value, count), which is what the store returns when asked to count per value.
/// </summary>
public static class NearestRank
{
    public static double[] Quantiles(List<(double Value, long Count)> histogram, IReadOnlyList<double> levels)
    {
        histogram.Sort((a, b) => a.Value.CompareTo(b.Value));
        long n = histogram.Sum(h => h.Count);
        var result = new double[levels.Count];
        for (int i = 0; i < levels.Count; i++)
        {
            long index = levels[i] < 1 ? (long)(levels[i] * n) : n - 1; // double arithmetic, as ClickHouse does
            long seen = 0;
            foreach (var (value, count) in histogram)
            {
                seen += count;
                if (seen > index)
                {
                    result[i] = value;
                    break;
                }
            }
        }
        return result;
    }
}
