using System.Buffers;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Encodes a block of 64-bit integers into the smallest of three self-describing layouts.
/// <code>
/// byte 0      header: bits 0-3 kind (0 constant, 1 frame of reference, 2 delta),
///             bit 4 scaled, bits 5-6 zero, bit 7 even parity
/// varint      count
/// varint      divisor (only when scaled; every value was divided by it)
/// constant:   zigzag varint value (absent when count is 0)
/// frame:      zigzag varint minimum, byte bit width w, count values (v - minimum) packed in w bits
/// delta:      zigzag varint first value, zigzag varint smallest delta d, byte bit width w,
///             count - 1 values (v[i] - v[i-1] - d) packed in w bits
/// </code>
/// All arithmetic wraps (two's complement), so long.MinValue/MaxValue and overflowing deltas
/// round-trip. Timestamps in microseconds that are whole milliseconds or seconds are divided by
/// 1000 or 1,000,000 first, which removes 10 or 20 bits per value.
/// </summary>
public static class IntegerCodec
{
    /// <summary>
    /// The largest count a block may declare: 256 times a 65,536-row block. Constant and delta
    /// blocks can declare huge counts in a few bytes, so this bounds what a corrupt block can make a
    /// reader allocate.
    /// </summary>
    public const int MaxCount = 1 << 24;

    private const int MaxHeaderLength = 1 + (4 * Varint.MaxLength) + 1;

    public static void Encode(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (values.Length > MaxCount)
        {
            throw new ArgumentException($"An integer block holds at most {MaxCount} values.", nameof(values));
        }

        if (values.IsEmpty)
        {
            WriteConstant(output, 0, 0);
            return;
        }

        long divisor = CommonDivisor(values);
        long[]? scaledArray = null;
        try
        {
            ReadOnlySpan<long> source = values;
            if (divisor > 1)
            {
                scaledArray = ArrayPool<long>.Shared.Rent(values.Length);
                Span<long> scaled = scaledArray.AsSpan(0, values.Length);
                DivideExactly(values, divisor, scaled);
                source = scaled;
            }

            EncodeScaled(source, divisor, output);
        }
        finally
        {
            if (scaledArray is not null)
            {
                ArrayPool<long>.Shared.Return(scaledArray);
            }
        }
    }

    /// <summary>Number of values in the block, after validating its header against its length.</summary>
    public static int ReadCount(ReadOnlySpan<byte> encoded) => IntegerBlockHeader.Parse(encoded).Count;

    /// <summary>How many bytes at the start of <paramref name="encoded"/> form the block.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> encoded) => IntegerBlockHeader.Parse(encoded).TotalLength;

    /// <summary>The layout the encoder chose for this block.</summary>
    public static IntegerEncodingKind GetKind(ReadOnlySpan<byte> encoded) => IntegerBlockHeader.Parse(encoded).Kind;

    /// <summary>Decodes a block that spans all of <paramref name="encoded"/>; returns the count.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<long> destination)
    {
        int count = Decode(encoded, destination, out int bytesConsumed);
        if (bytesConsumed != encoded.Length)
        {
            throw new CorruptDataException($"An integer block has {encoded.Length - bytesConsumed} trailing bytes.");
        }

        return count;
    }

    /// <summary>Decodes a block at the start of <paramref name="encoded"/>, which may continue with other data.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<long> destination, out int bytesConsumed)
    {
        IntegerBlockHeader header = IntegerBlockHeader.Parse(encoded);
        int count = header.Count;
        if (destination.Length < count)
        {
            throw new ArgumentException($"The block holds {count} values but the destination has room for {destination.Length}.", nameof(destination));
        }

        Span<long> values = destination[..count];
        ReadOnlySpan<byte> payload = encoded.Slice(header.PayloadOffset, header.PayloadLength);
        switch (header.Kind)
        {
            case IntegerEncodingKind.Constant:
                values.Fill(header.Base);
                break;
            case IntegerEncodingKind.FrameOfReference:
                DecodeFrameOfReference(payload, header, values);
                break;
            default:
                DecodeDelta(payload, header, values);
                break;
        }

        bytesConsumed = header.TotalLength;
        return count;
    }

    private static void EncodeScaled(ReadOnlySpan<long> values, long divisor, IBufferWriter<byte> output)
    {
        var (min, max) = Kernels.MinMax(values);
        var (minDelta, maxDelta) = Kernels.DeltaMinMax(values);

        if (min == max)
        {
            // A constant needs no divisor: undo the exact division instead.
            WriteConstant(output, values.Length, unchecked(min * divisor));
            return;
        }

        int frameWidth = BitPacking.BitWidth(unchecked((ulong)(max - min)));
        int deltaWidth = BitPacking.BitWidth(unchecked((ulong)(maxDelta - minDelta)));
        long frameSize = Varint.Length(Varint.ZigZagEncode(min)) + (long)BitPacking.PackedLength(values.Length, frameWidth);
        long deltaSize = Varint.Length(Varint.ZigZagEncode(values[0])) + Varint.Length(Varint.ZigZagEncode(minDelta))
            + (long)BitPacking.PackedLength(values.Length - 1, deltaWidth);

        // Ties go to frame of reference: it decodes without a serial prefix sum.
        bool useDelta = deltaSize < frameSize;
        int packedCount = useDelta ? values.Length - 1 : values.Length;
        int bitWidth = useDelta ? deltaWidth : frameWidth;
        int packedLength = BitPacking.PackedLength(packedCount, bitWidth);

        Span<byte> span = output.GetSpan(MaxHeaderLength + packedLength);
        var kind = useDelta ? IntegerEncodingKind.Delta : IntegerEncodingKind.FrameOfReference;
        int position = WriteHeader(span, kind, values.Length, divisor);
        if (useDelta)
        {
            position += Varint.WriteSigned(span[position..], values[0]);
            position += Varint.WriteSigned(span[position..], minDelta);
        }
        else
        {
            position += Varint.WriteSigned(span[position..], min);
        }

        span[position++] = (byte)bitWidth;

        ulong[] residualArray = ArrayPool<ulong>.Shared.Rent(Math.Max(packedCount, 1));
        try
        {
            Span<ulong> residuals = residualArray.AsSpan(0, packedCount);
            if (useDelta)
            {
                for (int i = 0; i < residuals.Length; i++)
                {
                    residuals[i] = unchecked((ulong)(values[i + 1] - values[i] - minDelta));
                }
            }
            else
            {
                for (int i = 0; i < residuals.Length; i++)
                {
                    residuals[i] = unchecked((ulong)(values[i] - min));
                }
            }

            BitPacking.Pack(residuals, bitWidth, span.Slice(position, packedLength));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(residualArray);
        }

        output.Advance(position + packedLength);
    }

    private static void WriteConstant(IBufferWriter<byte> output, int count, long value)
    {
        Span<byte> span = output.GetSpan(MaxHeaderLength);
        int position = WriteHeader(span, IntegerEncodingKind.Constant, count, 1);
        if (count > 0)
        {
            position += Varint.WriteSigned(span[position..], value);
        }

        output.Advance(position);
    }

    private static int WriteHeader(Span<byte> span, IntegerEncodingKind kind, int count, long divisor)
    {
        int payload = (int)kind | (divisor > 1 ? IntegerBlockHeader.ScaledFlag : 0);
        span[0] = HeaderByte.Seal(payload);
        int position = 1 + Varint.Write(span[1..], (ulong)count);
        if (divisor > 1)
        {
            position += Varint.Write(span[position..], (ulong)divisor);
        }

        return position;
    }

    /// <summary>
    /// 1,000,000 or 1000 when every value is a multiple of it, otherwise 1. The moduli are constants,
    /// so the JIT turns them into multiplications, and the scan stops at the first value that is not
    /// a multiple of 1000 (at once for most non-timestamp columns).
    /// </summary>
    private static long CommonDivisor(ReadOnlySpan<long> values)
    {
        bool allMillions = true;
        foreach (long value in values)
        {
            if (value % 1000 != 0)
            {
                return 1;
            }

            allMillions &= value % 1_000_000 == 0;
        }

        return allMillions ? 1_000_000 : 1000;
    }

    private static void DivideExactly(ReadOnlySpan<long> values, long divisor, Span<long> destination)
    {
        if (divisor == 1_000_000)
        {
            for (int i = 0; i < values.Length; i++)
            {
                destination[i] = values[i] / 1_000_000;
            }
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                destination[i] = values[i] / 1000;
            }
        }
    }

    private static void DecodeFrameOfReference(ReadOnlySpan<byte> payload, in IntegerBlockHeader header, Span<long> values)
    {
        Span<ulong> residuals = MemoryMarshal.Cast<long, ulong>(values);
        BitPacking.Unpack(payload, header.BitWidth, residuals);
        long min = header.Base;
        long divisor = header.Divisor;
        if (divisor == 1)
        {
            VectorMath.AddInPlace(values, min);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = unchecked((values[i] + min) * divisor);
            }
        }
    }

    private static void DecodeDelta(ReadOnlySpan<byte> payload, in IntegerBlockHeader header, Span<long> values)
    {
        Span<ulong> residuals = MemoryMarshal.Cast<long, ulong>(values[1..]);
        BitPacking.Unpack(payload, header.BitWidth, residuals);
        long minDelta = header.MinDelta;
        long current = header.Base;
        values[0] = current;
        for (int i = 1; i < values.Length; i++)
        {
            current = unchecked(current + values[i] + minDelta);
            values[i] = current;
        }

        if (header.Divisor != 1)
        {
            long divisor = header.Divisor;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = unchecked(values[i] * divisor);
            }
        }
    }
}
