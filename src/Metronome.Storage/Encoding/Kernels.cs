using System.Numerics;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Aggregation kernels over decoded column blocks. Each uses <see cref="Vector{T}"/> (256-bit on
/// AVX2, 128-bit on Arm) for the bulk and a scalar loop for the tail, and gives the same answer as
/// a plain loop (for double sums, up to rounding: the additions happen in a different order).
/// </summary>
public static partial class Kernels
{
    /// <summary>Sum with two's-complement wrap-around, like a plain unchecked loop.</summary>
    public static long Sum(ReadOnlySpan<long> values)
    {
        long total = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<long>.Count)
        {
            ReadOnlySpan<Vector<long>> vectors = MemoryMarshal.Cast<long, Vector<long>>(values);
            Vector<long> first = Vector<long>.Zero;
            Vector<long> second = Vector<long>.Zero;
            int v = 0;
            for (; v + 1 < vectors.Length; v += 2)
            {
                first += vectors[v];
                second += vectors[v + 1];
            }

            if (v < vectors.Length)
            {
                first += vectors[v];
            }

            total = Vector.Sum(first + second);
            i = vectors.Length * Vector<long>.Count;
        }

        for (; i < values.Length; i++)
        {
            total = unchecked(total + values[i]);
        }

        return total;
    }

    /// <summary>Sum of doubles; NaN and infinities propagate as in a plain loop.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double total = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<double>.Count)
        {
            // Two accumulators hide the latency of the floating-point add.
            ReadOnlySpan<Vector<double>> vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            Vector<double> first = Vector<double>.Zero;
            Vector<double> second = Vector<double>.Zero;
            int v = 0;
            for (; v + 1 < vectors.Length; v += 2)
            {
                first += vectors[v];
                second += vectors[v + 1];
            }

            if (v < vectors.Length)
            {
                first += vectors[v];
            }

            total = Vector.Sum(first + second);
            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    /// <summary>
    /// Smallest and largest value; for an empty span (long.MaxValue, long.MinValue), the identities
    /// of min and max, so results of several blocks combine without a special case.
    /// </summary>
    public static (long Min, long Max) MinMax(ReadOnlySpan<long> values)
    {
        long min = long.MaxValue;
        long max = long.MinValue;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<long>.Count)
        {
            ReadOnlySpan<Vector<long>> vectors = MemoryMarshal.Cast<long, Vector<long>>(values);
            Vector<long> minimums = new(long.MaxValue);
            Vector<long> maximums = new(long.MinValue);
            foreach (Vector<long> vector in vectors)
            {
                minimums = Vector.Min(minimums, vector);
                maximums = Vector.Max(maximums, vector);
            }

            for (int lane = 0; lane < Vector<long>.Count; lane++)
            {
                min = Math.Min(min, minimums[lane]);
                max = Math.Max(max, maximums[lane]);
            }

            i = vectors.Length * Vector<long>.Count;
        }

        for (; i < values.Length; i++)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }

        return (min, max);
    }

    /// <summary>Smallest and largest difference between neighbours (values[i] − values[i − 1], wrapping);
    /// (long.MaxValue, long.MinValue) for fewer than two values. The integer codec sizes its delta layout
    /// from them for every block it writes.</summary>
    public static (long Min, long Max) DeltaMinMax(ReadOnlySpan<long> values)
    {
        long min = long.MaxValue;
        long max = long.MinValue;
        int i = 1;
        if (Vector.IsHardwareAccelerated && values.Length > Vector<long>.Count)
        {
            ref long first = ref MemoryMarshal.GetReference(values);
            Vector<long> minimums = new(long.MaxValue);
            Vector<long> maximums = new(long.MinValue);
            for (; i + Vector<long>.Count <= values.Length; i += Vector<long>.Count)
            {
                var deltas = Vector.LoadUnsafe(ref first, (nuint)i) - Vector.LoadUnsafe(ref first, (nuint)(i - 1));
                minimums = Vector.Min(minimums, deltas);
                maximums = Vector.Max(maximums, deltas);
            }

            for (int lane = 0; lane < Vector<long>.Count; lane++)
            {
                min = Math.Min(min, minimums[lane]);
                max = Math.Max(max, maximums[lane]);
            }
        }

        for (; i < values.Length; i++)
        {
            long delta = unchecked(values[i] - values[i - 1]);
            min = Math.Min(min, delta);
            max = Math.Max(max, delta);
        }

        return (min, max);
    }

    /// <summary>
    /// Smallest and largest value, ignoring NaN (as SQL engines do); (+inf, -inf) when the span is
    /// empty or all NaN. -0.0 and +0.0 compare equal, so either may be returned for a zero.
    /// </summary>
    public static (double Min, double Max) MinMax(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            ReadOnlySpan<Vector<double>> vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            var positiveInfinity = new Vector<double>(double.PositiveInfinity);
            var negativeInfinity = new Vector<double>(double.NegativeInfinity);
            Vector<double> minimums = positiveInfinity;
            Vector<double> maximums = negativeInfinity;
            foreach (Vector<double> vector in vectors)
            {
                // NaN is the only value not equal to itself; swap it for the identity of each side.
                Vector<long> isNumber = Vector.Equals(vector, vector);
                minimums = Vector.Min(minimums, Vector.ConditionalSelect(isNumber, vector, positiveInfinity));
                maximums = Vector.Max(maximums, Vector.ConditionalSelect(isNumber, vector, negativeInfinity));
            }

            for (int lane = 0; lane < Vector<double>.Count; lane++)
            {
                min = Math.Min(min, minimums[lane]);
                max = Math.Max(max, maximums[lane]);
            }

            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            double value = values[i];
            if (value < min)
            {
                min = value;
            }

            if (value > max)
            {
                max = value;
            }
        }

        return (min, max);
    }
}
