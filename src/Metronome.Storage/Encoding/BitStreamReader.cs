using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Reads what <see cref="BitStreamWriter"/> wrote. <see cref="Peek"/> returns the next 64 bits
/// (zero-padded past the end) from one unaligned load, so a decoder can inspect a control prefix
/// and its fields at once; <see cref="Skip"/> then checks that the bits really existed.
/// </summary>
internal ref struct BitStreamReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _bitLength;
    private long _bitPosition;

    public BitStreamReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bitLength = (long)data.Length * 8;
    }

    /// <summary>Whole bytes touched so far, counting a partly read last byte.</summary>
    public readonly int BytesConsumed => (int)((_bitPosition + 7) >> 3);

    /// <summary>The next 64 bits, most significant first, without consuming them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Peek()
    {
        int byteIndex = (int)(_bitPosition >> 3);
        int shift = (int)(_bitPosition & 7);
        if (byteIndex + 9 <= _data.Length)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(_data[byteIndex..]);
            return shift == 0 ? word : (word << shift) | ((ulong)_data[byteIndex + 8] >> (8 - shift));
        }

        return PeekNearEnd(byteIndex, shift);
    }

    /// <summary>Consumes <paramref name="bitCount"/> bits; consuming past the end is corruption.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int bitCount)
    {
        _bitPosition += bitCount;
        if (_bitPosition > _bitLength)
        {
            throw new CorruptDataException("A bit stream ends early.");
        }
    }

    /// <summary>Reads <paramref name="bitCount"/> bits (1..64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int bitCount)
    {
        ulong value = Peek() >> (64 - bitCount);
        Skip(bitCount);
        return value;
    }

    private readonly ulong PeekNearEnd(int byteIndex, int shift)
    {
        ulong word = 0;
        for (int i = 0; i < 9; i++)
        {
            int index = byteIndex + i;
            ulong current = index < _data.Length ? _data[index] : 0UL;
            word = i < 8 ? (word << 8) | current : word;
            if (i == 8 && shift != 0)
            {
                word = (word << shift) | (current >> (8 - shift));
            }
        }

        return word;
    }
}
