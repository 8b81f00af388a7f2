using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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
    private int _shift = 64 - 4;
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
        int i = Home(value, _shift);
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
                if (++_used > Threshold(_capacity))
                {
                    Grow();
                }

                return;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Adds many values. After the first few hundred, the share of new ones predicts how many of the rest
    /// will be new, and the table grows once to hold them (a growing table moves every entry on each
    /// doubling: for sets of tens of thousands that was as much work as the inserts). Slots are
    /// prefetched a few values ahead, so a table larger than the core's cache waits less per insert.
    /// </summary>
    public unsafe void AddRange(ReadOnlySpan<ulong> values)
    {
        const int Chunk = 256;
        const int Ahead = 8;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            var chunk = values.Slice(start, Math.Min(Chunk, values.Length - start));
            int usedBefore = _used;

            // Room for every value of the chunk first, so no insert below needs to grow the table.
            if (_used + chunk.Length > Threshold(_capacity))
            {
                Resize(CapacityFor(_used + chunk.Length));
            }

            var slots = _slots;
            int mask = _capacity - 1;
            for (int k = 0; k < chunk.Length; k++)
            {
                if (Sse.IsSupported && k + Ahead < chunk.Length)
                {
                    Sse.Prefetch0(Unsafe.AsPointer(ref slots[Home(chunk[k + Ahead], _shift)]));
                }

                ulong value = chunk[k];
                if (value == 0)
                {
                    _hasZero = true;
                    continue;
                }

                int i = Home(value, _shift);
                while (slots[i] != value)
                {
                    if (slots[i] == 0)
                    {
                        slots[i] = value;
                        _used++;
                        break;
                    }

                    i = (i + 1) & mask;
                }
            }

            int rest = values.Length - start - chunk.Length;
            if (start == 0 && rest > Chunk)
            {
                long expected = _used + ((long)rest * (_used - usedBefore) / chunk.Length);
                if (expected > Threshold(_capacity))
                {
                    Resize(CapacityFor(expected));
                }
            }
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

    /// <summary>Fibonacci hashing: the top bits of value × 2⁶⁴/φ, so values that differ only in their low
    /// bits still spread. A slot's home in a table twice as large is 2·home or 2·home + 1, so growing moves
    /// entries front to back through both tables instead of scattering writes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(ulong value, int shift) => (int)((value * 0x9E3779B97F4A7C15) >> shift);

    private void Grow() => Resize(_capacity * 2);

    /// <summary>Grow when more than three quarters of the slots are taken.</summary>
    private static long Threshold(int capacity) => (capacity >> 1) + (capacity >> 2);

    /// <summary>The smallest power of two that holds <paramref name="count"/> values below the threshold.</summary>
    private static int CapacityFor(long count)
    {
        int capacity = 16;
        while (Threshold(capacity) < count && capacity < 1 << 30)
        {
            capacity *= 2;
        }

        return capacity;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        int oldCapacity = _capacity;
        var slots = capacity >= PooledFrom ? ArrayPool<ulong>.Shared.Rent(capacity) : new ulong[capacity];
        slots.AsSpan(0, capacity).Clear();
        int mask = capacity - 1;
        int shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        foreach (ulong value in old.AsSpan(0, oldCapacity))
        {
            if (value != 0)
            {
                int i = Home(value, shift);
                while (slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = value;
            }
        }

        _slots = slots;
        _capacity = capacity;
        _shift = shift;
        if (oldCapacity >= PooledFrom)
        {
            ArrayPool<ulong>.Shared.Return(old);
        }
    }
}
