using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>Exact quantiles: keeps every value and interpolates linearly between the two closest ranks
/// (rank = q·(n−1), as the query language's <c>pct</c> does; ClickHouse calls this quantileExactInclusive).</summary>
internal sealed class QuantileAccumulator(IReadOnlyList<double> quantiles) : Accumulator
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

    public void AddNumber(double x) => _values.Add(x);

    public override void Merge(Accumulator other) => _values.AddRange(((QuantileAccumulator)other)._values);

    public override void WriteResult(Span<FieldValue> output)
    {
        if (_values.Count == 0)
        {
            output[..quantiles.Count].Fill(FieldValue.Null);
            return;
        }

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
}
