using Metronome.Storage.Sketches;
using Metronome.Storage.Tests.Encoding;

namespace Metronome.Storage.Tests.Sketches;

public class QuantileSketchTests
{
    private static readonly double[] Levels = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

    public static TheoryData<string> Distributions => new() { "uniform", "exponential", "log-normal", "pareto", "sorted", "reverse sorted", "few distinct" };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Rank_error_is_small_and_smallest_in_the_tails(string distribution)
    {
        double[] data = Generate(distribution, 100_000, seed: distribution.Length);
        var sketch = new QuantileSketch();
        foreach (double value in data)
        {
            sketch.Add(value);
        }

        double[] sorted = (double[])data.Clone();
        Array.Sort(sorted);
        foreach (double q in Levels)
        {
            double estimate = sketch.Quantile(q);
            double error = RankError(sorted, estimate, q);

            // k1 scale: error shrinks towards the tails, roughly with sqrt(q(1 - q)).
            double allowed = Math.Max(0.0002, 0.01 * Math.Sqrt(q * (1 - q)));
            Assert.True(error <= allowed, $"{distribution} q={q}: estimate {estimate} has rank error {error:F5} > {allowed:F5}");
        }

        Assert.Equal(sorted[0], sketch.Quantile(0));
        Assert.Equal(sorted[^1], sketch.Quantile(1));
        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        Assert.Equal(data.Length, sketch.Count);
        Assert.InRange(sketch.CentroidCount, 1, 400);
    }

    [Fact]
    public void Small_inputs_are_answered_from_exact_samples()
    {
        var sketch = new QuantileSketch();
        foreach (double value in new double[] { 5, 1, 4, 2, 3 })
        {
            sketch.Add(value);
        }

        Assert.Equal(1, sketch.Quantile(0));
        Assert.Equal(3, sketch.Quantile(0.5));
        Assert.Equal(5, sketch.Quantile(1));
        Assert.Equal(5, sketch.CentroidCount);
    }

    [Fact]
    public void Empty_sketch_answers_NaN_and_NaN_inputs_are_ignored()
    {
        var sketch = new QuantileSketch();
        sketch.Add(double.NaN);
        Assert.Equal(0, sketch.Count);
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        Assert.True(double.IsNaN(sketch.Min));

        sketch.Add(7);
        Assert.Equal(7, sketch.Quantile(0.5));
    }

    [Fact]
    public void Merged_sketches_are_as_accurate_as_one()
    {
        double[] data = Generate("log-normal", 100_000, seed: 3);
        var parts = Enumerable.Range(0, 8).Select(_ => new QuantileSketch()).ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            parts[i % parts.Length].Add(data[i]);
        }

        var merged = new QuantileSketch();
        foreach (QuantileSketch part in parts)
        {
            merged.Merge(part);
        }

        double[] sorted = (double[])data.Clone();
        Array.Sort(sorted);
        Assert.Equal(data.Length, merged.Count);
        foreach (double q in Levels)
        {
            Assert.True(RankError(sorted, merged.Quantile(q), q) <= Math.Max(0.0005, 0.015 * Math.Sqrt(q * (1 - q))), $"q={q}");
        }
    }

    [Fact]
    public void Round_trips_through_its_serialized_form()
    {
        var sketch = new QuantileSketch(100);
        foreach (double value in Generate("exponential", 20_000, seed: 4))
        {
            sketch.Add(value);
        }

        byte[] encoded = CodecAssert.Encode(sketch.WriteTo);
        QuantileSketch read = QuantileSketch.Read(encoded);

        Assert.Equal(sketch.Count, read.Count);
        Assert.Equal(sketch.Min, read.Min);
        Assert.Equal(sketch.Max, read.Max);
        Assert.Equal(100, read.Compression);
        foreach (double q in Levels)
        {
            Assert.Equal(sketch.Quantile(q), read.Quantile(q));
        }

        Assert.Equal(0, QuantileSketch.Read(CodecAssert.Encode(new QuantileSketch().WriteTo)).Count);
    }

    [Fact]
    public void Rejects_damaged_input()
    {
        var sketch = new QuantileSketch(20);
        foreach (double value in Generate("uniform", 300, seed: 5))
        {
            sketch.Add(value);
        }

        byte[] encoded = CodecAssert.Encode(sketch.WriteTo);
        CodecAssert.RejectsEveryTruncation(encoded, bytes => QuantileSketch.Read(bytes));
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, bytes => QuantileSketch.Read(bytes));
        CodecAssert.SurvivesRandomDamage(encoded, bytes => QuantileSketch.Read(bytes).Quantile(0.5), seed: 6);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch().Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch().Quantile(double.NaN));
    }

    /// <summary>Distance between q and the range of ranks the estimate occupies in the sorted data.</summary>
    private static double RankError(double[] sorted, double estimate, double q)
    {
        int below = LowerBound(sorted, estimate);
        int atOrBelow = UpperBound(sorted, estimate);
        double lowRank = (double)below / sorted.Length;
        double highRank = (double)atOrBelow / sorted.Length;
        return q < lowRank ? lowRank - q : q > highRank ? q - highRank : 0;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index < sorted.Length && sorted[index] == value)
        {
            index++;
        }

        return index;
    }

    internal static double[] Generate(string distribution, int count, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        IEnumerable<double> values = distribution switch
        {
            "uniform" => Enumerable.Range(0, count).Select(_ => random.NextDouble() * 1000),
            "exponential" => Enumerable.Range(0, count).Select(_ => -Math.Log(1 - random.NextDouble()) * 50),
            "log-normal" => Enumerable.Range(0, count).Select(_ => Math.Exp(3 + (1.5 * Gaussian()))),
            "pareto" => Enumerable.Range(0, count).Select(_ => 10 / Math.Pow(1 - random.NextDouble(), 1 / 1.2)),
            "sorted" => Enumerable.Range(0, count).Select(i => (double)i),
            "reverse sorted" => Enumerable.Range(0, count).Select(i => (double)(count - i)),
            "few distinct" => Enumerable.Range(0, count).Select(_ => (double)random.Next(0, 10)),
            _ => throw new ArgumentException(distribution),
        };
        return values.ToArray();
    }
}
