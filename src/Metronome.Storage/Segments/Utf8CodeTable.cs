using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// Gives each distinct UTF-8 value a code in order of first sight, looking values up by their bytes, so
/// that sealing the encoded tail makes one string per distinct value instead of one per row. Open
/// addressing over codes; the bytes of each distinct value are kept in one arena for comparisons.
/// </summary>
internal sealed class Utf8CodeTable
{
    private int[] _slots = new int[64]; // code + 1; 0 is empty
    private ulong[] _hashes = new ulong[32];
    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    private byte[] _arena = new byte[1024];
    private int _arenaUsed;

    public int Count { get; private set; }

    /// <summary>The code of <paramref name="value"/>; <paramref name="added"/> when it is new, in which
    /// case its code is <see cref="Count"/> - 1.</summary>
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

            if (_hashes[entry] == hash && value.SequenceEqual(_arena.AsSpan(_starts[entry], _lengths[entry])))
            {
                added = false;
                return entry;
            }

            slot = (slot + 1) & mask;
        }

        int code = Count++;
        Remember(code, hash, value);
        _slots[slot] = code + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        added = true;
        return code;
    }

    /// <summary>Whether <paramref name="code"/> stands for <paramref name="value"/> (no hashing).</summary>
    public bool Matches(int code, ReadOnlySpan<byte> value) =>
        _lengths[code] == value.Length && value.SequenceEqual(_arena.AsSpan(_starts[code], value.Length));

    /// <summary>The distinct value of <paramref name="code"/> as a string.</summary>
    public string StringOf(int code) => System.Text.Encoding.UTF8.GetString(_arena, _starts[code], _lengths[code]);

    private void Remember(int code, ulong hash, ReadOnlySpan<byte> value)
    {
        if (code == _hashes.Length)
        {
            Array.Resize(ref _hashes, code * 2);
            Array.Resize(ref _starts, code * 2);
            Array.Resize(ref _lengths, code * 2);
        }

        if (_arenaUsed + value.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + value.Length));
        }

        value.CopyTo(_arena.AsSpan(_arenaUsed));
        _hashes[code] = hash;
        _starts[code] = _arenaUsed;
        _lengths[code] = value.Length;
        _arenaUsed += value.Length;
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
}
