namespace Metronome.Storage.Sketches;

/// <summary>
/// Exact quantiles by selection (introselect: quickselect with median-of-three pivots, falling back
/// to sorting a range that partitions badly), in O(n) expected time. The values are reordered in
/// place. NaN values are ignored; when there are no other values the result is NaN.
/// </summary>
public static class ExactQuantile
{
    /// <summary>
    /// The element at index floor(q·n) of the sorted values (clamped to n - 1). This is ClickHouse's
    /// <c>quantileExact</c> (it runs nth_element at that index), so the median of an even count is
    /// the upper of the two middle values. The textbook nearest-rank method picks index
    /// ceil(q·n) - 1 instead, which differs only when q·n is a whole number.
    /// </summary>
    public static double NearestRank(Span<double> values, double q)
    {
        CheckLevel(q);
        int n = MoveNaNsToEnd(values);
        if (n == 0)
        {
            return double.NaN;
        }

        int index = (int)Math.Min(n - 1, Math.Floor(q * n));
        return Select(values[..n], index);
    }

    /// <summary>
    /// Linear interpolation at position h = (n - 1)·q between the neighbouring sorted values (Hyndman
    /// and Fan's method 7, the default of NumPy and R). This is ClickHouse's
    /// <c>quantileExactInclusive</c>; <c>quantileExact</c> itself does not interpolate (see
    /// <see cref="NearestRank"/>).
    /// </summary>
    public static double Interpolated(Span<double> values, double q)
    {
        CheckLevel(q);
        int n = MoveNaNsToEnd(values);
        if (n == 0)
        {
            return double.NaN;
        }

        Span<double> numbers = values[..n];
        double position = (n - 1) * q;
        int lowerIndex = (int)Math.Floor(position);
        double lower = Select(numbers, lowerIndex);
        double fraction = position - lowerIndex;
        if (fraction == 0 || lowerIndex + 1 >= n)
        {
            return lower;
        }

        // After selection everything right of lowerIndex is >= lower; the next order statistic is their minimum.
        double upper = double.PositiveInfinity;
        foreach (double value in numbers[(lowerIndex + 1)..])
        {
            upper = Math.Min(upper, value);
        }

        return lower + ((upper - lower) * fraction);
    }

    /// <summary>
    /// Rearranges <paramref name="values"/> (no NaNs) so that index <paramref name="k"/> holds the k-th
    /// smallest, everything left of it is smaller or equal and everything right of it greater or equal;
    /// returns it. Each round splits the range three ways around a median-of-three pivot with branch-free
    /// passes (a data-dependent branch per element mispredicts half the time on random data); ties with
    /// the pivot end a round at once, so many equal values cost no extra rounds.
    /// </summary>
    internal static double Select(Span<double> values, int k)
    {
        int left = 0;
        int right = values.Length - 1;
        int budget = 2 * (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)values.Length));
        while (right - left >= 16)
        {
            if (budget-- == 0)
            {
                // Adversarial pivots: sorting what is left is simple and bounded (introsort inside).
                values[left..(right + 1)].Sort();
                return values[k];
            }

            double pivot = MedianOfThree(values[left], values[left + ((right - left) / 2)], values[right]);
            int less = MoveToFront(values, left, right, pivot, orEqual: false);
            if (k < less)
            {
                right = less - 1;
                continue;
            }

            // [less, right] holds values >= pivot; bring those equal to it (at least the pivot) forward.
            int equal = MoveToFront(values, less, right, pivot, orEqual: true);
            if (k < equal)
            {
                return pivot;
            }

            left = equal;
        }

        values[left..(right + 1)].Sort();
        return values[k];
    }

    /// <summary>Moves the values of [left, right] below <paramref name="pivot"/> (or equal to it) to the front
    /// of the range, without a branch per value; returns where the rest starts.</summary>
    private static int MoveToFront(Span<double> values, int left, int right, double pivot, bool orEqual)
    {
        int store = left;
        for (int i = left; i <= right; i++)
        {
            // Swap unconditionally: [left, store) holds moved values, [store, i) the others.
            double value = values[i];
            values[i] = values[store];
            values[store] = value;
            store += (orEqual ? value <= pivot : value < pivot) ? 1 : 0;
        }

        return store;
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));

    /// <summary>Moves NaNs behind the numbers (comparisons with NaN would break partitioning); returns the count of numbers.</summary>
    private static int MoveNaNsToEnd(Span<double> values)
    {
        int numbers = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                (values[numbers], values[i]) = (values[i], values[numbers]);
                numbers++;
            }
        }

        return numbers;
    }

    private static void CheckLevel(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile level must be between 0 and 1.");
        }
    }
}
