using System.Buffers;
using Metronome.Core.Events;
using Metronome.Storage.Aggregation;

namespace Metronome.Storage.Segments;

/// <summary>
/// The groups one segment feeds: each distinct combination of key-part ids is a slot, found through a
/// flat array when the parts' strides multiply to a small number and a hash map otherwise. A slot is
/// bound to its group's accumulators in the shared table when it is first seen (one lookup per group
/// per segment, by precomputed hash), so rows feed the shared accumulators directly; row counts are
/// kept per slot and added once at the end.
/// </summary>
internal sealed class SegmentGroups : IDisposable
{
    private const long DenseSlots = 1 << 16;
    private readonly KeyPart[] _parts;
    private readonly GroupTable _table;
    private readonly long[] _strides;
    private readonly int[]? _dense;
    private readonly Dictionary<long, int>? _hashed;
    private readonly Dictionary<(int, int, int), int>? _tuples;
    private readonly FieldValue[] _keys;
    private readonly Accumulator[][] _byAggregate;
    private int[] _ids = [];
    private long[] _counts = RentCleared(16);
    private int _capacity = 16;

    public SegmentGroups(KeyPart[] parts, GroupTable table)
    {
        _parts = parts;
        _table = table;
        _keys = new FieldValue[parts.Length];
        _strides = parts.Select(p => p.Stride).ToArray();
        _byAggregate = new Accumulator[table.Query.Aggregates.Count][];
        for (int a = 0; a < _byAggregate.Length; a++)
        {
            _byAggregate[a] = ArrayPool<Accumulator>.Shared.Rent(16);
        }

        long product = 1;
        bool fits = true;
        foreach (long stride in _strides)
        {
            fits &= stride > 0 && product <= long.MaxValue / stride;
            product = fits ? product * stride : product;
        }

        if (fits && product <= DenseSlots)
        {
            _dense = ArrayPool<int>.Shared.Rent((int)product);
            _dense.AsSpan(0, (int)product).Fill(-1);
        }
        else if (fits)
        {
            _hashed = [];
        }
        else
        {
            _tuples = [];
        }
    }

    public int Count { get; private set; }

    /// <summary>Rows counted per slot.</summary>
    public long[] Counts => _counts;

    /// <summary>The accumulators of aggregate <paramref name="aggregate"/>, indexed by slot (valid until
    /// the next call to <see cref="Slots"/>, which may add slots).</summary>
    public Accumulator[] AccumulatorsOf(int aggregate) => _byAggregate[aggregate];

    /// <summary>The slot of the whole block when the block's metadata shows that every row has the same
    /// key; -1 otherwise.</summary>
    public int BlockSlot(BlockColumns columns)
    {
        Span<int> ids = stackalloc int[3];
        for (int p = 0; p < _parts.Length; p++)
        {
            if (!_parts[p].TryBlockConstant(columns, out ids[p]))
            {
                return -1;
            }
        }

        return SlotOf(ids[0], ids[1], ids[2]);
    }

    /// <summary>The slot of every selected row (<paramref name="slots"/> has room for the selection).</summary>
    public void Slots(BlockSelection selection, BlockColumns columns, Span<int> slots)
    {
        int count = selection.Count;
        if (_ids.Length < count * _parts.Length)
        {
            if (_ids.Length > 0)
            {
                ArrayPool<int>.Shared.Return(_ids);
            }

            _ids = ArrayPool<int>.Shared.Rent(count * _parts.Length);
        }

        for (int p = 0; p < _parts.Length; p++)
        {
            _parts[p].Ids(selection, columns, _ids.AsSpan(p * count, count));
        }

        var ids0 = _ids.AsSpan(0, count);
        if (_dense is not null && _parts.Length == 1)
        {
            for (int s = 0; s < count; s++)
            {
                int id = ids0[s];
                int slot = _dense[id];
                slots[s] = slot >= 0 ? slot : NewSlot(id, 0, 0, id);
            }

            return;
        }

        for (int s = 0; s < count; s++)
        {
            int a = ids0[s];
            int b = _parts.Length > 1 ? _ids[count + s] : 0;
            int c = _parts.Length > 2 ? _ids[(2 * count) + s] : 0;
            slots[s] = SlotOf(a, b, c);
        }
    }

    /// <summary>Adds each slot's row count to the group's count accumulators.</summary>
    public void FlushCounts(IReadOnlyList<AggregateSpec> aggregates)
    {
        for (int a = 0; a < aggregates.Count; a++)
        {
            if (aggregates[a].Kind != AggregateKind.Count)
            {
                continue;
            }

            var accumulators = _byAggregate[a];
            for (int slot = 0; slot < Count; slot++)
            {
                if (_counts[slot] != 0)
                {
                    accumulators[slot].AddRows(_counts[slot]);
                }
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_counts);
        foreach (var accumulators in _byAggregate)
        {
            ArrayPool<Accumulator>.Shared.Return(accumulators, clearArray: true);
        }

        if (_dense is not null)
        {
            ArrayPool<int>.Shared.Return(_dense);
        }

        if (_ids.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_ids);
            _ids = [];
        }
    }

    private static long[] RentCleared(int length)
    {
        var array = ArrayPool<long>.Shared.Rent(length);
        Array.Clear(array);
        return array;
    }

    private int SlotOf(int a, int b, int c)
    {
        if (_tuples is not null)
        {
            return _tuples.TryGetValue((a, b, c), out int found) ? found : NewSlot(a, b, c, -1);
        }

        long composite = a + (_strides.Length > 1 ? _strides[0] * (b + (_strides.Length > 2 ? _strides[1] * c : 0)) : 0);
        if (_dense is not null)
        {
            int slot = _dense[composite];
            return slot >= 0 ? slot : NewSlot(a, b, c, composite);
        }

        return _hashed!.TryGetValue(composite, out int existing) ? existing : NewSlot(a, b, c, composite);
    }

    private int NewSlot(int a, int b, int c, long composite)
    {
        ulong hash = 0;
        for (int p = 0; p < _parts.Length; p++)
        {
            int id = p == 0 ? a : p == 1 ? b : c;
            _keys[p] = _parts[p].Value(id);
            hash = GroupKeyHash.Combine(hash, _parts[p].Hash(id));
        }

        var accumulators = _table.Get(_keys, hash);
        int slot = Count++;
        if (slot == _capacity)
        {
            // Pooled: a segment can see thousands of groups, and these arrays die with it.
            _capacity = slot * 2;
            var counts = RentCleared(_capacity);
            _counts.AsSpan(0, slot).CopyTo(counts);
            ArrayPool<long>.Shared.Return(_counts);
            _counts = counts;
            for (int i = 0; i < _byAggregate.Length; i++)
            {
                var grown = ArrayPool<Accumulator>.Shared.Rent(_capacity);
                _byAggregate[i].AsSpan(0, slot).CopyTo(grown);
                ArrayPool<Accumulator>.Shared.Return(_byAggregate[i], clearArray: true);
                _byAggregate[i] = grown;
            }
        }

        for (int i = 0; i < _byAggregate.Length; i++)
        {
            _byAggregate[i][slot] = accumulators[i];
        }
        if (_tuples is not null)
        {
            _tuples[(a, b, c)] = slot;
        }
        else if (_dense is not null)
        {
            _dense[composite] = slot;
        }
        else
        {
            _hashed![composite] = slot;
        }

        return slot;
    }
}
