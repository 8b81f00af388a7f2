using System.Buffers;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// Exact quantiles: keeps every value, in runs of doubling length from the table's
/// <see cref="DoubleArena"/>. Interpolating (<see cref="AggregateKind.Quantiles"/>): linear between the two
/// closest ranks, rank = q·(n−1), as the query language's <c>pct</c> does (ClickHouse's
/// quantileExactInclusive). Nearest rank (<see cref="AggregateKind.QuantilesNearestRank"/>): the value at
/// index floor(q·n), ClickHouse's quantilesExact, found by selection rather than a full sort.
/// </summary>
internal sealed class QuantileAccumulator(IReadOnlyList<double> quantiles, bool interpolate, DoubleArena? arena = null) : Accumulator
{
    private const int FirstRun = 8;
    private const int LongestRun = 4096;
    private List<ArraySegment<double>>? _full;
    private ArraySegment<double> _run = ArraySegment<double>.Empty;
    private int _inRun;
    private int _count;

    public override void Add(FieldValue value)
    {
        // Numeric strings count, as in sum/avg and in the columnar segment path.
        if (value.TryGetNumberOrParse(out double x))
        {
            AddNumber(x);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNumber(double x)
    {
        if (_inRun == _run.Count)
        {
            NextRun();
        }

        _run.Array![_run.Offset + _inRun++] = x;
        _count++;
    }

    public override void Merge(Accumulator other)
    {
        var theirs = (QuantileAccumulator)other;
        if (theirs._count == 0)
        {
            return;
        }

        _full ??= [];
        if (theirs._full is not null)
        {
            _full.AddRange(theirs._full);
        }

        _full.Add(theirs._run[..theirs._inRun]);
        _count += theirs._count;
    }

    public override void WriteResult(Span<FieldValue> output)
    {
        if (_count == 0)
        {
            output[..quantiles.Count].Fill(FieldValue.Null);
            return;
        }

        double[]? gathered = null;
        Span<double> values;
        if (_full is null)
        {
            values = _run.AsSpan(0, _inRun);
        }
        else
        {
            gathered = ArrayPool<double>.Shared.Rent(_count);
            int at = 0;
            foreach (var run in _full)
            {
                run.AsSpan().CopyTo(gathered.AsSpan(at));
                at += run.Count;
            }

            _run.AsSpan(0, _inRun).CopyTo(gathered.AsSpan(at));
            values = gathered.AsSpan(0, _count);
        }

        if (interpolate)
        {
            WriteInterpolated(values, output);
        }
        else
        {
            WriteNearestRank(values, output);
        }

        if (gathered is not null)
        {
            ArrayPool<double>.Shared.Return(gathered);
        }
    }

    private void NextRun()
    {
        if (_inRun > 0)
        {
            (_full ??= []).Add(_run);
        }

        int length = Math.Clamp(_count, FirstRun, LongestRun);
        _run = arena?.Allocate(length) ?? new ArraySegment<double>(new double[length]);
        _inRun = 0;
    }

    private void WriteInterpolated(Span<double> values, Span<FieldValue> output)
    {
        values.Sort();
        for (int i = 0; i < quantiles.Count; i++)
        {
            double rank = Math.Clamp(quantiles[i], 0, 1) * (values.Length - 1);
            int lo = (int)Math.Floor(rank);
            int hi = Math.Min(lo + 1, values.Length - 1);
            output[i] = values[lo] + ((values[hi] - values[lo]) * (rank - lo));
        }
    }

    /// <summary>Selects the ranks in ascending order, each within the part right of the previous one
    /// (selection leaves everything there greater or equal), so several levels cost little more than one.</summary>
    private void WriteNearestRank(Span<double> values, Span<FieldValue> output)
    {
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

        // Levels in ascending order (insertion sort: there are a few); ranks follow the levels.
        Span<int> order = quantiles.Count <= 64 ? stackalloc int[quantiles.Count] : new int[quantiles.Count];
        for (int k = 0; k < order.Length; k++)
        {
            int at = k;
            while (at > 0 && quantiles[order[at - 1]] > quantiles[k])
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = k;
        }

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
