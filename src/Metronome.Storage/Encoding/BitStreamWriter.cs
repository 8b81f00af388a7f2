using System.Buffers.Binary;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Writes variable-width fields most significant bit first into a caller-sized buffer, collecting
/// them in a 64-bit word that is stored eight bytes at a time (only once all 64 bits are real, so
/// the buffer needs no slack beyond the bits written).
/// </summary>
internal ref struct BitStreamWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private ulong _word;
    private int _wordBits;

    public BitStreamWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Bytes written so far, counting a partly filled last byte.</summary>
    public readonly int Length => _position + ((_wordBits + 7) >> 3);

    /// <summary>Writes the low <paramref name="bitCount"/> bits (1..64) of <paramref name="value"/>.</summary>
    public void Write(ulong value, int bitCount)
    {
        if (bitCount < 64)
        {
            value &= (1UL << bitCount) - 1;
        }

        int free = 64 - _wordBits;
        if (bitCount < free)
        {
            _word = (_word << bitCount) | value;
            _wordBits += bitCount;
            return;
        }

        // Fill the word with the high `free` bits, store it, keep the rest.
        int rest = bitCount - free;
        ulong head = rest == 0 ? value : value >> rest;
        ulong full = free == 64 ? head : (_word << free) | head;
        BinaryPrimitives.WriteUInt64BigEndian(_buffer[_position..], full);
        _position += 8;
        _word = rest == 0 ? 0 : value & ((1UL << rest) - 1);
        _wordBits = rest;
    }

    /// <summary>Stores the pending bits, padding the last byte with zeros.</summary>
    public void Flush()
    {
        for (int shift = _wordBits - 8; shift > -8; shift -= 8)
        {
            _buffer[_position++] = (byte)(shift >= 0 ? _word >> shift : _word << -shift);
        }

        _word = 0;
        _wordBits = 0;
    }
}
