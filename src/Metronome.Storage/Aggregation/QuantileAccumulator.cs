using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metronome.Core.Events;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// Exact quantiles: keeps every value. Interpolating (<see cref="AggregateKind.Quantiles"/>): linear
/// between the two closest ranks, rank = q·(n−1), as the query language's <c>pct</c> does (ClickHouse's
/// quantileExactInclusive). Nearest rank (<see cref="AggregateKind.QuantilesNearestRank"/>): the value at
/// index floor(q·n), ClickHouse's quantilesExact, found by selection rather than a full sort.
/// </summary>
internal sealed class QuantileAccumulator(IReadOnlyList<double> quantiles, bool interpolate) : Accumulator
{
    private readonly List<double> _values = [];

    public override void Add(FieldValue value)
    {
        // Numeric strings count, as in sum/avg and in the columnar segment path.
        if (value.TryGetNumberOrParse(out double x))
        {
            _values.Add(x);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNumber(double x) => _values.Add(x);

    public override void Merge(Accumulator other) => _values.AddRange(((QuantileAccumulator)other)._values);

    public override void WriteResult(Span<FieldValue> output)
    {
        if (_values.Count == 0)
        {
            output[..quantiles.Count].Fill(FieldValue.Null);
            return;
        }

        if (interpolate)
        {
            WriteInterpolated(output);
        }
        else
        {
            WriteNearestRank(output);
        }
    }

    private void WriteInterpolated(Span<FieldValue> output)
    {
        var sorted = _values.ToArray();
        Array.Sort(sorted);
        for (int i = 0; i < quantiles.Count; i++)
        {
            double rank = Math.Clamp(quantiles[i], 0, 1) * (sorted.Length - 1);
            int lo = (int)Math.Floor(rank);
            int hi = Math.Min(lo + 1, sorted.Length - 1);
            output[i] = sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
        }
    }

    /// <summary>Selects the ranks in ascending order, each within the part right of the previous one
    /// (selection leaves everything there greater or equal), so several levels cost little more than one.</summary>
    private void WriteNearestRank(Span<FieldValue> output)
    {
        var values = CollectionsMarshal.AsSpan(_values);
        int n = values.Length;

        // NaN sorts first, as in a full sort; it would only confuse the partitioning.
        int nans = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i]))
            {
                (values[nans], values[i]) = (values[i], values[nans]);
                nans++;
            }
        }

        var order = Enumerable.Range(0, quantiles.Count).OrderBy(i => Rank(quantiles[i], n)).ToArray();
        int from = nans;
        foreach (int i in order)
        {
            int rank = Rank(quantiles[i], n);
            if (rank < nans)
            {
                output[i] = double.NaN;
                continue;
            }

            output[i] = ExactQuantile.Select(values[from..], rank - from);
            from = rank;
        }
    }

    /// <summary>floor(q·n) in double arithmetic, as ClickHouse computes it, clamped to the values.</summary>
    private static int Rank(double q, int n) => (int)Math.Clamp(Math.Floor(Math.Clamp(q, 0, 1) * n), 0, n - 1);
}
