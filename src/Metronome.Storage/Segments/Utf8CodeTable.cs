using System.Buffers;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// Gives each UTF-8 value a code, looking values up by their bytes (<see cref="GetOrAdd"/>: one code per
/// distinct value, in order of first sight) or not at all (<see cref="Append"/>: a column whose values are
/// nearly all different gains nothing from hashing them). Open addressing over codes; the bytes of each
/// value are kept in one arena, so sealing makes no string per value. Arrays come from the shared pool:
/// a seal's text columns hold tens of megabytes, and fresh memory for them cost more than the copying.
/// </summary>
internal sealed class Utf8CodeTable : IDisposable
{
    /// <summary>Arenas (<see cref="LargeBuffers"/>): a seal's log-line column takes ~30 MB.</summary>
    private static readonly ArrayPool<byte> Arenas = LargeBuffers.Bytes;

    private int[] _slots = new int[64]; // code + 1; 0 is empty
    private ulong[] _hashes = ArrayPool<ulong>.Shared.Rent(32);
    private int[] _starts = ArrayPool<int>.Shared.Rent(32);
    private int[] _lengths = ArrayPool<int>.Shared.Rent(32);
    private byte[] _arena = Arenas.Rent(1024);
    private int _arenaUsed;

    public int Count { get; private set; }

    /// <summary>Bytes of the values kept so far.</summary>
    public int ByteCount => _arenaUsed;

    /// <summary>Makes room for about <paramref name="moreBytes"/> more bytes of values in
    /// <paramref name="moreValues"/> more entries (by default, at the average length so far) in one step
    /// instead of doubling toward it.</summary>
    public void Reserve(long moreBytes, long moreValues = -1)
    {
        moreBytes = Math.Max(0, moreBytes);
        long bytes = Math.Min(_arenaUsed + moreBytes, Array.MaxLength);
        if (bytes > _arena.Length)
        {
            Resize(ref _arena, (int)bytes, _arenaUsed, Arenas);
        }

        if (moreValues < 0)
        {
            moreValues = Count == 0 ? 0 : moreBytes * Count / Math.Max(1, _arenaUsed);
        }

        long entries = Math.Min(Count + moreValues, Array.MaxLength);
        if (entries > _starts.Length)
        {
            Resize(ref _starts, (int)entries, Count);
            Resize(ref _lengths, (int)entries, Count);
        }
    }

    /// <summary>The code of <paramref name="value"/>; <paramref name="added"/> when it is new, in which
    /// case its code is <see cref="Count"/> - 1. Not to be mixed with <see cref="Append"/>.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, out bool added)
    {
        ulong hash = Hash64.Hash(value);
        int mask = _slots.Length - 1;
        int slot = (int)hash & mask;
        while (true)
        {
            int entry = _slots[slot] - 1;
            if (entry < 0)
            {
                break;
            }

            if (_hashes[entry] == hash && value.SequenceEqual(Utf8Of(entry)))
            {
                added = false;
                return entry;
            }

            slot = (slot + 1) & mask;
        }

        int code = Remember(value);
        if (code == _hashes.Length)
        {
            Resize(ref _hashes, code * 2, code);
        }

        _hashes[code] = hash;
        _slots[slot] = code + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        added = true;
        return code;
    }

    /// <summary>Gives <paramref name="value"/> a new code without looking it up: codes from here on stand
    /// for rows, not distinct values, and <see cref="GetOrAdd"/> must not be called any more.</summary>
    public int Append(ReadOnlySpan<byte> value) => Remember(value);

    /// <summary>Whether <paramref name="code"/> stands for <paramref name="value"/> (no hashing).</summary>
    public bool Matches(int code, ReadOnlySpan<byte> value) =>
        _lengths[code] == value.Length && value.SequenceEqual(_arena.AsSpan(_starts[code], value.Length));

    public ReadOnlySpan<byte> Utf8Of(int code) => _arena.AsSpan(_starts[code], _lengths[code]);

    /// <summary>The value of <paramref name="code"/> as a string.</summary>
    public string StringOf(int code) => System.Text.Encoding.UTF8.GetString(_arena, _starts[code], _lengths[code]);

    public void Dispose()
    {
        PooledArrays.Return(ref _hashes);
        PooledArrays.Return(ref _starts);
        PooledArrays.Return(ref _lengths);
        PooledArrays.Return(ref _arena, Arenas);
        _slots = [];
    }

    private int Remember(ReadOnlySpan<byte> value)
    {
        int code = Count;
        if (code == _starts.Length)
        {
            Resize(ref _starts, code * 2, code);
            Resize(ref _lengths, code * 2, code);
        }

        if (_arenaUsed + value.Length > _arena.Length)
        {
            Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + value.Length), _arenaUsed, Arenas);
        }

        value.CopyTo(_arena.AsSpan(_arenaUsed));
        _starts[code] = _arenaUsed;
        _lengths[code] = value.Length;
        _arenaUsed += value.Length;
        Count = code + 1;
        return code;
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int code = 0; code < Count; code++)
        {
            int slot = (int)_hashes[code] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = code + 1;
        }

        _slots = slots;
    }

    private static void Resize<T>(ref T[] array, int length, int keep, ArrayPool<T>? pool = null)
    {
        pool ??= ArrayPool<T>.Shared;
        var bigger = pool.Rent(length);
        array.AsSpan(0, keep).CopyTo(bigger);
        pool.Return(array);
        array = bigger;
    }
}
