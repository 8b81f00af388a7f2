using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>The running state of one aggregate for one group.</summary>
internal abstract class Accumulator
{
    public abstract void Add(FieldValue value);

    /// <summary>Adds <paramref name="count"/> rows at once (counts over whole blocks).</summary>
    public virtual void AddRows(long count) => throw new InvalidOperationException("only count takes bulk rows");

    /// <summary>Adds another accumulator's state to this one; <paramref name="other"/> may be left changed
    /// and must not be used afterwards.</summary>
    public abstract void Merge(Accumulator other);

    public abstract void WriteResult(Span<FieldValue> output);

    /// <summary>A fresh accumulator; exact quantiles keep their values in <paramref name="arena"/> when given.</summary>
    public static Accumulator Create(AggregateSpec spec, DoubleArena? arena = null) => spec.Kind switch
    {
        AggregateKind.Count => new CountAccumulator(),
        AggregateKind.Sum => new NumericAccumulator(NumericAccumulator.Mode.Sum),
        AggregateKind.Min => new NumericAccumulator(NumericAccumulator.Mode.Min),
        AggregateKind.Max => new NumericAccumulator(NumericAccumulator.Mode.Max),
        AggregateKind.Avg => new NumericAccumulator(NumericAccumulator.Mode.Avg),
        AggregateKind.CountDistinct => new DistinctAccumulator(),
        AggregateKind.ApproxCountDistinct => new ApproxDistinctAccumulator(),
        AggregateKind.Quantiles => new QuantileAccumulator(spec.Quantiles ?? [], interpolate: true, arena),
        AggregateKind.QuantilesNearestRank => new QuantileAccumulator(spec.Quantiles ?? [], interpolate: false, arena),
        AggregateKind.ApproxQuantiles => new ApproxQuantileAccumulator(spec.Quantiles ?? []),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };
}

internal sealed class CountAccumulator : Accumulator
{
    public long Count { get; private set; }

    public override void Add(FieldValue value) => Count++;

    public override void AddRows(long count) => Count += count;

    public override void Merge(Accumulator other) => Count += ((CountAccumulator)other).Count;

    public override void WriteResult(Span<FieldValue> output) => output[0] = Count;
}

internal sealed class NumericAccumulator(NumericAccumulator.Mode mode) : Accumulator
{
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _count;

    public enum Mode
    {
        Sum,
        Min,
        Max,
        Avg,
    }

    public override void Add(FieldValue value)
    {
        if (!value.TryGetNumberOrParse(out double x))
        {
            return;
        }

        AddNumber(x);
    }

    public void AddNumber(double x)
    {
        _sum += x;
        _count++;
        if (x < _min)
        {
            _min = x;
        }

        if (x > _max)
        {
            _max = x;
        }
    }

    public override void Merge(Accumulator other)
    {
        var o = (NumericAccumulator)other;
        _sum += o._sum;
        _count += o._count;
        _min = Math.Min(_min, o._min);
        _max = Math.Max(_max, o._max);
    }

    public override void WriteResult(Span<FieldValue> output) => output[0] = _count == 0 && mode != Mode.Sum
        ? FieldValue.Null
        : mode switch
        {
            Mode.Sum => _sum,
            Mode.Min => _min,
            Mode.Max => _max,
            _ => _sum / _count,
        };
}

/// <summary>
/// Exact distinct count over 64-bit hashes of the values (xxHash64 of a string's UTF-8; numbers and bools
/// hashed with their kind), the way ClickHouse's uniqExact keeps hashes of strings. Two different values
/// collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million distinct values); in exchange columnar scans
/// hash each dictionary entry once per segment and count by integer.
/// </summary>
internal sealed class DistinctAccumulator : Accumulator
{
    private UInt64Set _hashes = new();

    public override void Add(FieldValue value)
    {
        if (!value.IsNull)
        {
            _hashes.Add(HashOf(value));
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void AddHash(ulong hash) => _hashes.Add(hash);

    public void AddHashes(ReadOnlySpan<ulong> hashes) => _hashes.AddRange(hashes);

    public override void Merge(Accumulator other)
    {
        // The other side is consumed by merges: union the smaller set into the larger.
        var theirs = (DistinctAccumulator)other;
        if (theirs._hashes.Count > _hashes.Count)
        {
            (_hashes, theirs._hashes) = (theirs._hashes, _hashes);
        }

        _hashes.UnionWith(theirs._hashes);
        theirs._hashes.Release();
    }

    /// <summary>Writes the count and hands the set's memory back (results are written once).</summary>
    public override void WriteResult(Span<FieldValue> output)
    {
        output[0] = (long)_hashes.Count;
        _hashes.Release();
    }

    public static ulong HashOf(FieldValue value) => value.Kind switch
    {
        FieldKind.String => Metronome.Storage.Encoding.Hash64.Hash(value.AsString),
        FieldKind.Long => HashOf(value.AsLong),
        FieldKind.Double => Metronome.Storage.Encoding.Hash64.Hash(BitConverter.DoubleToInt64Bits(value.AsDouble)) ^ 0xC2B2AE3D27D4EB4F,
        _ => value.AsBool ? 0x165667B19E3779F9UL : 0x27D4EB2F165667C5UL,
    };

    public static ulong HashOf(long value) => Metronome.Storage.Encoding.Hash64.Hash(value) ^ 0x9E3779B97F4A7C15;
}
