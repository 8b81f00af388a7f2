namespace Metronome.Workload.Random;

/// <summary>A finite distribution over 0..n-1 sampled by binary search on its cumulative weights.</summary>
public sealed class DiscreteDistribution
{
    private readonly double[] _cumulative;

    private DiscreteDistribution(double[] cumulative) => _cumulative = cumulative;

    public int Count => _cumulative.Length;

    public static DiscreteDistribution FromWeights(ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0))
                throw new ArgumentException($"Weight {i} is negative or NaN.", nameof(weights));
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.Length; i++)
            cumulative[i] /= sum;
        cumulative[^1] = 1.0;
        return new DiscreteDistribution(cumulative);
    }

    /// <summary>Zipf over ranks 1..n: P(rank k) proportional to 1 / k^exponent. Index 0 is the most likely.</summary>
    public static DiscreteDistribution Zipf(int n, double exponent)
    {
        var weights = new double[n];
        for (int k = 1; k <= n; k++)
            weights[k - 1] = exponent == 1.0 ? 1.0 / k : Math.Pow(k, -exponent);
        return FromWeights(weights);
    }

    public static DiscreteDistribution Uniform(int n)
    {
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        return FromWeights(weights);
    }

    public double Probability(int index) => _cumulative[index] - (index == 0 ? 0 : _cumulative[index - 1]);

    public int Sample(Xoshiro256StarStar rng) => IndexOf(rng.NextDouble());

    /// <summary>The first index whose cumulative weight exceeds <paramref name="u"/> (u in [0, 1)).</summary>
    public int IndexOf(double u)
    {
        double[] c = _cumulative;
        int lo = 0, hi = c.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (u < c[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
}
