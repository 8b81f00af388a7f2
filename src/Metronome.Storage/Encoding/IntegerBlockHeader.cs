namespace Metronome.Storage.Encoding;

/// <summary>
/// The parsed fixed part of an <see cref="IntegerCodec"/> block, validated against the bytes that
/// follow it, so decoding never reads past the end and the count is trustworthy before allocating.
/// </summary>
internal readonly struct IntegerBlockHeader
{
    public const int ScaledFlag = 0x10;

    public IntegerEncodingKind Kind { get; init; }

    public int Count { get; init; }

    /// <summary>Every value was divided by this before encoding (1 when the block is not scaled).</summary>
    public long Divisor { get; init; }

    /// <summary>Constant value, frame-of-reference minimum, or first value of a delta block (scaled).</summary>
    public long Base { get; init; }

    /// <summary>The smallest delta of a delta block (scaled).</summary>
    public long MinDelta { get; init; }

    public int BitWidth { get; init; }

    public int PayloadOffset { get; init; }

    public int PayloadLength { get; init; }

    public int TotalLength => PayloadOffset + PayloadLength;

    public static IntegerBlockHeader Parse(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new CorruptDataException("An integer block is empty.");
        }

        int payload = HeaderByte.Open(encoded[0], "integer block");
        if ((payload & ~(ScaledFlag | 0x0F)) != 0 || (payload & 0x0F) > (int)IntegerEncodingKind.Delta)
        {
            throw new CorruptDataException($"Unknown integer block header 0x{encoded[0]:X2}.");
        }

        var kind = (IntegerEncodingKind)(payload & 0x0F);
        bool scaled = (payload & ScaledFlag) != 0;
        int offset = 1;
        int count = Varint.ReadLength(encoded, ref offset, IntegerCodec.MaxCount, "value count");
        long divisor = 1;
        if (scaled)
        {
            ulong rawDivisor = Varint.Read(encoded, ref offset);
            if (rawDivisor < 2 || rawDivisor > long.MaxValue || kind == IntegerEncodingKind.Constant)
            {
                throw new CorruptDataException($"Invalid integer block divisor {rawDivisor}.");
            }

            divisor = (long)rawDivisor;
        }

        long baseValue = 0;
        long minDelta = 0;
        int bitWidth = 0;
        int packedCount = 0;
        switch (kind)
        {
            case IntegerEncodingKind.Constant:
                if (count > 0)
                {
                    baseValue = Varint.ReadSigned(encoded, ref offset);
                }

                break;
            case IntegerEncodingKind.FrameOfReference:
                baseValue = Varint.ReadSigned(encoded, ref offset);
                bitWidth = ReadBitWidth(encoded, ref offset);
                packedCount = count;
                break;
            default:
                if (count == 0)
                {
                    throw new CorruptDataException("An empty integer block cannot be delta-encoded.");
                }

                baseValue = Varint.ReadSigned(encoded, ref offset);
                minDelta = Varint.ReadSigned(encoded, ref offset);
                bitWidth = ReadBitWidth(encoded, ref offset);
                packedCount = count - 1;
                break;
        }

        int payloadLength = BitPacking.PackedLength(packedCount, bitWidth);
        if (encoded.Length - offset < payloadLength)
        {
            throw new CorruptDataException($"An integer block needs {payloadLength} payload bytes but only {encoded.Length - offset} remain.");
        }

        return new IntegerBlockHeader
        {
            Kind = kind,
            Count = count,
            Divisor = divisor,
            Base = baseValue,
            MinDelta = minDelta,
            BitWidth = bitWidth,
            PayloadOffset = offset,
            PayloadLength = payloadLength,
        };
    }

    private static int ReadBitWidth(ReadOnlySpan<byte> encoded, ref int offset)
    {
        if (offset >= encoded.Length)
        {
            throw new CorruptDataException("An integer block ends before its bit width.");
        }

        int bitWidth = encoded[offset++];
        if (bitWidth > 64)
        {
            throw new CorruptDataException($"Invalid bit width {bitWidth}.");
        }

        return bitWidth;
    }
}
