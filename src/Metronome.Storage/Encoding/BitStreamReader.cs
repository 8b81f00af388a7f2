using System.Buffers.Binary;

namespace Metronome.Storage.Encoding;

/// <summary>Reads what <see cref="BitStreamWriter"/> wrote; reading past the end is corruption.</summary>
internal ref struct BitStreamReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _bitPosition;

    public BitStreamReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Whole bytes touched so far, counting a partly read last byte.</summary>
    public readonly int BytesConsumed => (int)((_bitPosition + 7) >> 3);

    public bool ReadBit() => ReadSmall(1) != 0;

    /// <summary>Reads <paramref name="bitCount"/> bits (0..64).</summary>
    public ulong Read(int bitCount)
    {
        if (bitCount > 32)
        {
            ulong high = ReadSmall(bitCount - 32);
            return (high << 32) | ReadSmall(32);
        }

        return ReadSmall(bitCount);
    }

    private ulong ReadSmall(int bitCount)
    {
        if (bitCount == 0)
        {
            return 0;
        }

        if (_bitPosition + bitCount > (long)_data.Length * 8)
        {
            throw new CorruptDataException("A bit stream ends early.");
        }

        int byteIndex = (int)(_bitPosition >> 3);
        int shift = (int)(_bitPosition & 7);
        ulong word;
        if (byteIndex + 8 <= _data.Length)
        {
            word = BinaryPrimitives.ReadUInt64BigEndian(_data[byteIndex..]);
        }
        else
        {
            word = 0;
            for (int i = 0; i < 8; i++)
            {
                word <<= 8;
                if (byteIndex + i < _data.Length)
                {
                    word |= _data[byteIndex + i];
                }
            }
        }

        _bitPosition += bitCount;
        return (word << shift) >> (64 - bitCount);
    }
}
