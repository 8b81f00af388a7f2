using System.Buffers;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// Hands out runs of doubles carved from large pooled slabs, so accumulators that keep every value
/// (exact quantiles: a million values over thousands of groups) grow without copying and without
/// putting thousands of growing arrays on the GC heap. One arena per group table (one thread); the
/// slabs go back to the pool once the table's results are written.
/// </summary>
internal sealed class DoubleArena
{
    private const int SlabSize = 1 << 16;
    private readonly List<double[]> _slabs = [];
    private double[]? _current;
    private int _used;

    public ArraySegment<double> Allocate(int length)
    {
        if (length > SlabSize / 4)
        {
            return new ArraySegment<double>(new double[length]);
        }

        if (_current is null || _used + length > SlabSize)
        {
            _current = ArrayPool<double>.Shared.Rent(SlabSize);
            _slabs.Add(_current);
            _used = 0;
        }

        var run = new ArraySegment<double>(_current, _used, length);
        _used += length;
        return run;
    }

    /// <summary>Returns the slabs; runs handed out before must not be used afterwards.</summary>
    public void Release()
    {
        foreach (var slab in _slabs)
        {
            ArrayPool<double>.Shared.Return(slab);
        }

        _slabs.Clear();
        _current = null;
    }
}
