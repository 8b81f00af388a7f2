using System.Buffers;
using System.Runtime.CompilerServices;
using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Unsigned LEB128 variable-length integers (7 bits per byte, low groups first, high bit = more
/// bytes follow) and ZigZag mapping so that small negative numbers stay short too, for the segment
/// codecs: the encoding is <see cref="BatchPrimitives"/>' (the event batch format uses the same), with
/// size checks, buffer-writer overloads and <see cref="CorruptDataException"/> for bad input.
/// </summary>
public static class Varint
{
    /// <summary>The longest encoding of a 64-bit value: ceil(64 / 7) bytes.</summary>
    public const int MaxLength = 10;

    /// <summary>Number of bytes <see cref="Write(Span{byte}, ulong)"/> uses for <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(ulong value) => BatchPrimitives.VarintLength(value);

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        int length = Length(value);
        if (destination.Length < length)
        {
            throw new ArgumentException($"A varint of {length} bytes does not fit in {destination.Length} bytes.", nameof(destination));
        }

        return BatchPrimitives.WriteVarint(destination, value);
    }

    public static void Write(IBufferWriter<byte> output, ulong value)
    {
        ArgumentNullException.ThrowIfNull(output);
        int written = Write(output.GetSpan(MaxLength), value);
        output.Advance(written);
    }

    /// <summary>
    /// Reads a varint at <paramref name="offset"/> and advances it. Throws
    /// <see cref="CorruptDataException"/> when the input ends early or the value exceeds 64 bits.
    /// </summary>
    public static ulong Read(ReadOnlySpan<byte> source, ref int offset)
    {
        try
        {
            return BatchPrimitives.ReadVarint(source, ref offset);
        }
        catch (InvalidDataException exception)
        {
            throw new CorruptDataException($"A {exception.Message}.", exception);
        }
    }

    /// <summary>Maps signed to unsigned so that values near zero (of either sign) are small: 0, -1, 1, -2 -> 0, 1, 2, 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZagEncode(long value) => BatchPrimitives.ZigZag(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ZigZagDecode(ulong value) => BatchPrimitives.UnZigZag(value);

    public static int WriteSigned(Span<byte> destination, long value) => Write(destination, ZigZagEncode(value));

    public static void WriteSigned(IBufferWriter<byte> output, long value) => Write(output, ZigZagEncode(value));

    public static long ReadSigned(ReadOnlySpan<byte> source, ref int offset) => ZigZagDecode(Read(source, ref offset));

    /// <summary>Reads a varint that must be a count or length in [0, <paramref name="max"/>].</summary>
    internal static int ReadLength(ReadOnlySpan<byte> source, ref int offset, int max, string what)
    {
        ulong value = Read(source, ref offset);
        if (value > (ulong)max)
        {
            throw new CorruptDataException($"The {what} {value} exceeds the limit {max}.");
        }

        return (int)value;
    }
}
