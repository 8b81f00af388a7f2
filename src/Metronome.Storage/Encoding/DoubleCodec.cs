using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Encodes a block of doubles, bit-exactly (NaN payloads, infinities and -0.0 included).
/// <code>
/// byte 0     header: payload = kind (0 integral, 1 xor, 2 plain), bit 7 even parity
/// integral:  an IntegerCodec block of the values as longs
/// xor:       varint count, varint stream length in bytes, the Gorilla XOR bit stream
/// plain:     varint count, count * 8 bytes (IEEE-754, little-endian)
/// </code>
/// Metrics that are really counters (whole numbers) take the integral path and get the integer
/// codec's frame-of-reference and delta packing; other data takes XOR or plain, whichever is smaller.
/// </summary>
public static class DoubleCodec
{
    private const int MaxPrefixLength = 1 + (2 * Varint.MaxLength);

    public static void Encode(ReadOnlySpan<double> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (values.Length > IntegerCodec.MaxCount)
        {
            throw new ArgumentException($"A double block holds at most {IntegerCodec.MaxCount} values.", nameof(values));
        }

        if (TryEncodeIntegral(values, output))
        {
            return;
        }

        byte[] xorBuffer = ArrayPool<byte>.Shared.Rent(GorillaXor.MaxLength(values.Length));
        try
        {
            int xorLength = GorillaXor.Encode(values, xorBuffer);
            int plainLength = values.Length * sizeof(double);
            Span<byte> span;
            int position;
            if (xorLength + Varint.Length((ulong)xorLength) < plainLength)
            {
                span = output.GetSpan(MaxPrefixLength + xorLength);
                position = WritePrefix(span, DoubleEncodingKind.Xor, values.Length);
                position += Varint.Write(span[position..], (ulong)xorLength);
                xorBuffer.AsSpan(0, xorLength).CopyTo(span[position..]);
                output.Advance(position + xorLength);
                return;
            }

            span = output.GetSpan(MaxPrefixLength + plainLength);
            position = WritePrefix(span, DoubleEncodingKind.Plain, values.Length);
            WritePlain(values, span.Slice(position, plainLength));
            output.Advance(position + plainLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(xorBuffer);
        }
    }

    public static int ReadCount(ReadOnlySpan<byte> encoded) => ParseLayout(encoded).Count;

    public static int GetEncodedLength(ReadOnlySpan<byte> encoded) => ParseLayout(encoded).TotalLength;

    public static DoubleEncodingKind GetKind(ReadOnlySpan<byte> encoded) => ParseLayout(encoded).Kind;

    /// <summary>Decodes a block that spans all of <paramref name="encoded"/>; returns the count.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<double> destination)
    {
        int count = Decode(encoded, destination, out int bytesConsumed);
        if (bytesConsumed != encoded.Length)
        {
            throw new CorruptDataException($"A double block has {encoded.Length - bytesConsumed} trailing bytes.");
        }

        return count;
    }

    /// <summary>Decodes a block at the start of <paramref name="encoded"/>, which may continue with other data.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<double> destination, out int bytesConsumed)
    {
        Layout layout = ParseLayout(encoded);
        int count = layout.Count;
        if (destination.Length < count)
        {
            throw new ArgumentException($"The block holds {count} values but the destination has room for {destination.Length}.", nameof(destination));
        }

        Span<double> values = destination[..count];
        ReadOnlySpan<byte> body = encoded.Slice(layout.BodyOffset, layout.TotalLength - layout.BodyOffset);
        switch (layout.Kind)
        {
            case DoubleEncodingKind.Integral:
                // Decode the longs in place: a long and a double have the same size.
                Span<long> integers = MemoryMarshal.Cast<double, long>(values);
                IntegerCodec.Decode(body, integers);
                for (int i = 0; i < integers.Length; i++)
                {
                    values[i] = integers[i];
                }

                break;
            case DoubleEncodingKind.Xor:
                GorillaXor.Decode(body, values);
                break;
            default:
                ReadPlain(body, values);
                break;
        }

        bytesConsumed = layout.TotalLength;
        return count;
    }

    private static bool TryEncodeIntegral(ReadOnlySpan<double> values, IBufferWriter<byte> output)
    {
        long[] integerArray = ArrayPool<long>.Shared.Rent(Math.Max(values.Length, 1));
        try
        {
            Span<long> integers = integerArray.AsSpan(0, values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (!TryGetExactInteger(values[i], out integers[i]))
                {
                    return false;
                }
            }

            output.GetSpan(1)[0] = HeaderByte.Seal((int)DoubleEncodingKind.Integral);
            output.Advance(1);
            IntegerCodec.Encode(integers, output);
            return true;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(integerArray);
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> converts to a long and back without change. -0.0 is
    /// excluded (it would come back as +0.0), and so are NaN and values outside [-2^63, 2^63).
    /// </summary>
    private static bool TryGetExactInteger(double value, out long integer)
    {
        const double TwoToThe63 = 9223372036854775808.0;
        if (value >= -TwoToThe63 && value < TwoToThe63)
        {
            integer = (long)value;
            if (integer == value && (integer != 0 || BitConverter.DoubleToInt64Bits(value) == 0))
            {
                return true;
            }
        }

        integer = 0;
        return false;
    }

    private static int WritePrefix(Span<byte> span, DoubleEncodingKind kind, int count)
    {
        span[0] = HeaderByte.Seal((int)kind);
        return 1 + Varint.Write(span[1..], (ulong)count);
    }

    private static void WritePlain(ReadOnlySpan<double> values, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * sizeof(double))..], values[i]);
        }
    }

    private static void ReadPlain(ReadOnlySpan<byte> source, Span<double> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(i * sizeof(double))..]);
        }
    }

    private static Layout ParseLayout(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new CorruptDataException("A double block is empty.");
        }

        int payload = HeaderByte.Open(encoded[0], "double block");
        if (payload > (int)DoubleEncodingKind.Plain)
        {
            throw new CorruptDataException($"Unknown double block header 0x{encoded[0]:X2}.");
        }

        var kind = (DoubleEncodingKind)payload;
        if (kind == DoubleEncodingKind.Integral)
        {
            ReadOnlySpan<byte> integerBlock = encoded[1..];
            int integerCount = IntegerCodec.ReadCount(integerBlock);
            return new Layout(kind, integerCount, 1, 1 + IntegerCodec.GetEncodedLength(integerBlock));
        }

        int offset = 1;
        int count = Varint.ReadLength(encoded, ref offset, IntegerCodec.MaxCount, "value count");
        int bodyLength = kind == DoubleEncodingKind.Xor
            ? Varint.ReadLength(encoded, ref offset, GorillaXor.MaxLength(count), "XOR stream length")
            : count * sizeof(double);
        if (encoded.Length - offset < bodyLength)
        {
            throw new CorruptDataException($"A double block needs {bodyLength} bytes but only {encoded.Length - offset} remain.");
        }

        return new Layout(kind, count, offset, offset + bodyLength);
    }

    private readonly record struct Layout(DoubleEncodingKind Kind, int Count, int BodyOffset, int TotalLength);
}
