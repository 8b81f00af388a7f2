using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Metronome.Storage.Segments;

/// <summary>
/// A key's bytes with its first and last eight (or four) read out once, so that checking a field's key
/// against it is a length test and two integer comparisons for keys of up to 16 bytes (nearly all):
/// sealing checks every field of every row this way, and a call to a general comparison per field was
/// a measurable share of it.
/// </summary>
internal readonly struct KeyBytes
{
    private readonly byte[] _bytes;
    private readonly ulong _head;
    private readonly ulong _tail;

    public KeyBytes(byte[] bytes)
    {
        _bytes = bytes;
        if (bytes.Length >= sizeof(ulong))
        {
            _head = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            _tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - sizeof(ulong)));
        }
        else if (bytes.Length >= sizeof(uint))
        {
            _head = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            _tail = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - sizeof(uint)));
        }
    }

    /// <summary>Whether <paramref name="key"/> is these bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> key)
    {
        var bytes = _bytes;
        if (bytes is null || key.Length != bytes.Length)
        {
            return false;
        }

        // The two reads overlap for lengths between the sizes: together they cover every byte.
        return key.Length switch
        {
            >= sizeof(ulong) and <= 2 * sizeof(ulong) =>
                BinaryPrimitives.ReadUInt64LittleEndian(key) == _head
                && BinaryPrimitives.ReadUInt64LittleEndian(key[^sizeof(ulong)..]) == _tail,
            >= sizeof(uint) and < sizeof(ulong) =>
                BinaryPrimitives.ReadUInt32LittleEndian(key) == _head
                && BinaryPrimitives.ReadUInt32LittleEndian(key[^sizeof(uint)..]) == _tail,
            _ => key.SequenceEqual(bytes),
        };
    }
}
