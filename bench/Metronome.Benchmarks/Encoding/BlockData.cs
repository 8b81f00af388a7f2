namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Deterministic 64K-row blocks shaped like real columns.</summary>
internal static class BlockData
{
    public const int Rows = 65_536;

    /// <summary>Sorted event times in microseconds, a few hundred microseconds apart.</summary>
    public static long[] Timestamps()
    {
        var random = new Random(1);
        long current = 1_767_225_600_000_000;
        return Enumerable.Range(0, Rows).Select(_ => current += random.Next(0, 900)).ToArray();
    }

    /// <summary>Small unsorted integers such as status codes or response sizes in KiB.</summary>
    public static long[] SmallInts()
    {
        var random = new Random(2);
        return Enumerable.Range(0, Rows).Select(_ => (long)random.Next(0, 600)).ToArray();
    }

    /// <summary>A slowly moving gauge with two decimals (CPU %, temperatures, prices).</summary>
    public static double[] Gauge()
    {
        var random = new Random(3);
        double current = 50;
        return Enumerable.Range(0, Rows).Select(_ => current = Math.Round(current + random.NextDouble() - 0.5, 2)).ToArray();
    }

    /// <summary>Durations in milliseconds with fractions: little structure for XOR to exploit.</summary>
    public static double[] Latencies()
    {
        var random = new Random(4);
        return Enumerable.Range(0, Rows).Select(_ => Math.Exp(3 + random.NextDouble() * 3)).ToArray();
    }

    /// <summary>Dictionary codes of a column with 1,000 distinct values, skewed towards small codes.</summary>
    public static uint[] DictionaryCodes()
    {
        var random = new Random(5);
        return Enumerable.Range(0, Rows).Select(_ => (uint)(Math.Pow(random.NextDouble(), 3) * 1000)).ToArray();
    }
}
