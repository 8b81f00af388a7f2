namespace Metronome.Storage.Encoding;

/// <summary>
/// Writes variable-width fields most significant bit first into a caller-sized buffer; the
/// XOR float encoding needs fields of 1 to 64 bits in sequence.
/// </summary>
internal ref struct BitStreamWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public BitStreamWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Bytes written so far, counting a partly filled last byte.</summary>
    public readonly int Length => _position + (_pendingBits > 0 ? 1 : 0);

    public void WriteBit(bool bit) => WriteSmall(bit ? 1UL : 0UL, 1);

    /// <summary>Writes the low <paramref name="bitCount"/> bits (1..64) of <paramref name="value"/>.</summary>
    public void Write(ulong value, int bitCount)
    {
        if (bitCount > 32)
        {
            WriteSmall((value >> 32) & ((1UL << (bitCount - 32)) - 1), bitCount - 32);
            WriteSmall(value & 0xFFFF_FFFF, 32);
        }
        else
        {
            WriteSmall(value & ((1UL << bitCount) - 1), bitCount);
        }
    }

    /// <summary>Pads the last byte with zero bits.</summary>
    public void Flush()
    {
        if (_pendingBits > 0)
        {
            _buffer[_position++] = (byte)(_pending << (8 - _pendingBits));
            _pending = 0;
            _pendingBits = 0;
        }
    }

    private void WriteSmall(ulong value, int bitCount)
    {
        // At most 7 pending bits plus 32 new ones, so the 64-bit accumulator never overflows.
        _pending = (_pending << bitCount) | value;
        _pendingBits += bitCount;
        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            _buffer[_position++] = (byte)(_pending >> _pendingBits);
        }
    }
}
