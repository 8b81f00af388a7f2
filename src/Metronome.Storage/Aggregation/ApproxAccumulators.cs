using Metronome.Core.Events;
using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Aggregation;

/// <summary>Approximate distinct count with a HyperLogLog over the same 64-bit value hashes as the exact count.</summary>
internal sealed class ApproxDistinctAccumulator : Accumulator
{
    private readonly HyperLogLog _sketch = new();

    public override void Add(FieldValue value)
    {
        if (!value.IsNull)
        {
            _sketch.Add(DistinctAccumulator.HashOf(value));
        }
    }

    public void AddHash(ulong hash) => _sketch.Add(hash);

    public override void Merge(Accumulator other) => _sketch.Merge(((ApproxDistinctAccumulator)other)._sketch);

    public override void WriteResult(Span<FieldValue> output) => output[0] = _sketch.Estimate();
}

/// <summary>Approximate quantiles with a mergeable t-digest.</summary>
internal sealed class ApproxQuantileAccumulator(IReadOnlyList<double> quantiles) : Accumulator
{
    private readonly QuantileSketch _sketch = new();

    public override void Add(FieldValue value)
    {
        // Numeric strings count, as in sum/avg and in the columnar segment path.
        if (value.TryGetNumberOrParse(out double x))
        {
            _sketch.Add(x);
        }
    }

    public void AddNumber(double x) => _sketch.Add(x);

    public override void Merge(Accumulator other) => _sketch.Merge(((ApproxQuantileAccumulator)other)._sketch);

    public override void WriteResult(Span<FieldValue> output)
    {
        for (int i = 0; i < quantiles.Count; i++)
        {
            output[i] = _sketch.Count == 0 ? FieldValue.Null : _sketch.Quantile(quantiles[i]);
        }
    }
}
