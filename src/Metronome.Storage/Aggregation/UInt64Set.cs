using System.Buffers;
using System.Runtime.CompilerServices;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// A set of 64-bit hashes with open addressing and linear probing, for exact distinct counts: one flat
/// array, no per-entry objects, and an insert that costs a multiply and (usually) one cache line.
/// Zero marks an empty slot, so the value zero is tracked on the side. Large tables come from the
/// shared pool (they would otherwise land on the large-object heap on every query) and go back in
/// <see cref="Release"/>.
/// </summary>
internal sealed class UInt64Set
{
    private const int PooledFrom = 1 << 10;
    private ulong[] _slots = new ulong[16];
    private int _capacity = 16;
    private int _used;
    private bool _hasZero;

    public int Count => _used + (_hasZero ? 1 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong value)
    {
        if (value == 0)
        {
            _hasZero = true;
            return;
        }

        var slots = _slots;
        int mask = _capacity - 1;
        int i = Home(value, mask);
        while (true)
        {
            ulong slot = slots[i];
            if (slot == value)
            {
                return;
            }

            if (slot == 0)
            {
                slots[i] = value;
                if (++_used > (_capacity >> 1) + (_capacity >> 2))
                {
                    Grow();
                }

                return;
            }

            i = (i + 1) & mask;
        }
    }

    public void UnionWith(UInt64Set other)
    {
        _hasZero |= other._hasZero;
        foreach (ulong value in other._slots.AsSpan(0, other._capacity))
        {
            if (value != 0)
            {
                Add(value);
            }
        }
    }

    /// <summary>Gives a pooled table back; the set keeps its count but must not take values any more.</summary>
    public void Release()
    {
        if (_capacity >= PooledFrom)
        {
            ArrayPool<ulong>.Shared.Return(_slots);
        }

        _slots = [];
        _capacity = 0;
    }

    /// <summary>Fibonacci hashing of the top bits: values that differ only in their low bits still spread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(ulong value, int mask) => (int)((value * 0x9E3779B97F4A7C15) >> 32) & mask;

    private void Grow()
    {
        var old = _slots;
        int oldCapacity = _capacity;
        int capacity = oldCapacity * 2;
        var slots = capacity >= PooledFrom ? ArrayPool<ulong>.Shared.Rent(capacity) : new ulong[capacity];
        slots.AsSpan(0, capacity).Clear();
        int mask = capacity - 1;
        foreach (ulong value in old.AsSpan(0, oldCapacity))
        {
            if (value != 0)
            {
                int i = Home(value, mask);
                while (slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = value;
            }
        }

        _slots = slots;
        _capacity = capacity;
        if (oldCapacity >= PooledFrom)
        {
            ArrayPool<ulong>.Shared.Return(old);
        }
    }
}
