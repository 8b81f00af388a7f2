using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Packs unsigned integers into a dense little-endian bit stream: value i occupies bits
/// [i*w, (i+1)*w) where bit k lives in byte k/8 at position k%8. Packing accumulates into a 64-bit
/// word and stores eight bytes at a time; unpacking loads one unaligned 64-bit word per value, so
/// neither ever loops over single bits.
/// </summary>
public static class BitPacking
{
    /// <summary>Bytes needed for <paramref name="count"/> values of <paramref name="bitWidth"/> bits.</summary>
    public static int PackedLength(int count, int bitWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckWidth(bitWidth, 64);
        long bytes = (((long)count * bitWidth) + 7) >> 3;
        if (bytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The packed length exceeds 2 GiB.");
        }

        return (int)bytes;
    }

    /// <summary>Smallest width that holds every value up to <paramref name="maxValue"/> (0 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitWidth(ulong maxValue) => 64 - BitOperations.LeadingZeroCount(maxValue);

    /// <summary>Packs <paramref name="values"/>; bits above <paramref name="bitWidth"/> are discarded.</summary>
    public static void Pack(ReadOnlySpan<ulong> values, int bitWidth, Span<byte> destination) =>
        PackCore(values, bitWidth, 64, destination);

    /// <summary>Packs 32-bit values such as dictionary codes (width 0..32).</summary>
    public static void Pack(ReadOnlySpan<uint> values, int bitWidth, Span<byte> destination) =>
        PackCore(values, bitWidth, 32, destination);

    /// <summary>
    /// Unpacks <c>destination.Length</c> values. Throws <see cref="CorruptDataException"/> when
    /// <paramref name="source"/> is shorter than <see cref="PackedLength"/> says it must be.
    /// </summary>
    public static void Unpack(ReadOnlySpan<byte> source, int bitWidth, Span<ulong> destination) =>
        UnpackCore(source, bitWidth, 64, destination);

    public static void Unpack(ReadOnlySpan<byte> source, int bitWidth, Span<uint> destination) =>
        UnpackCore(source, bitWidth, 32, destination);

    private static void PackCore<T>(ReadOnlySpan<T> values, int bitWidth, int maxWidth, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        CheckWidth(bitWidth, maxWidth);
        int needed = PackedLength(values.Length, bitWidth);
        if (destination.Length < needed)
        {
            throw new ArgumentException($"Packing needs {needed} bytes but the destination has {destination.Length}.", nameof(destination));
        }

        if (bitWidth == 0 || values.IsEmpty)
        {
            return;
        }

        ulong mask = WidthMask(bitWidth);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int outputPosition = 0;
        ulong accumulator = 0;
        int accumulatedBits = 0;
        foreach (T raw in values)
        {
            ulong value = ulong.CreateTruncating(raw) & mask;
            accumulator |= value << accumulatedBits;
            accumulatedBits += bitWidth;
            if (accumulatedBits >= 64)
            {
                // A full word is complete; it lies inside `needed`, so the unchecked store is safe.
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, outputPosition), ToLittleEndian(accumulator));
                outputPosition += 8;
                accumulatedBits -= 64;
                accumulator = accumulatedBits == 0 ? 0 : value >> (bitWidth - accumulatedBits);
            }
        }

        for (int shift = 0; shift < accumulatedBits; shift += 8)
        {
            destination[outputPosition++] = (byte)(accumulator >> shift);
        }
    }

    private static void UnpackCore<T>(ReadOnlySpan<byte> source, int bitWidth, int maxWidth, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        CheckWidth(bitWidth, maxWidth);
        int needed = PackedLength(destination.Length, bitWidth);
        if (source.Length < needed)
        {
            throw new CorruptDataException($"Bit-packed data needs {needed} bytes but only {source.Length} remain.");
        }

        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }

        ulong mask = WidthMask(bitWidth);
        ref byte input = ref MemoryMarshal.GetReference(source);
        ref T output = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length;
        int index = 0;
        long bitPosition = 0;

        // Values whose 8-byte window (9 bytes for widths over 56) lies inside the source take the
        // fast path; the last few values near the end are assembled byte by byte.
        int window = bitWidth <= 56 ? 8 : 9;
        int fastCount = source.Length < window
            ? 0
            : (int)Math.Min(count, ((long)(source.Length - window) * 8 / bitWidth) + 1);

        if (bitWidth <= 56)
        {
            for (; index < fastCount; index++)
            {
                ulong word = ToLittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref input, (nint)(bitPosition >> 3))));
                Unsafe.Add(ref output, index) = T.CreateTruncating((word >> (int)(bitPosition & 7)) & mask);
                bitPosition += bitWidth;
            }
        }
        else
        {
            for (; index < fastCount; index++)
            {
                nint byteIndex = (nint)(bitPosition >> 3);
                int shift = (int)(bitPosition & 7);
                ulong word = ToLittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref input, byteIndex))) >> shift;
                if (shift != 0)
                {
                    word |= (ulong)Unsafe.Add(ref input, byteIndex + 8) << (64 - shift);
                }

                Unsafe.Add(ref output, index) = T.CreateTruncating(word & mask);
                bitPosition += bitWidth;
            }
        }

        for (; index < count; index++)
        {
            destination[index] = T.CreateTruncating(ReadBitsSlowly(source, bitPosition, bitWidth));
            bitPosition += bitWidth;
        }
    }

    private static ulong ReadBitsSlowly(ReadOnlySpan<byte> source, long bitPosition, int bitWidth)
    {
        ulong result = 0;
        int gathered = 0;
        while (gathered < bitWidth)
        {
            int byteIndex = (int)(bitPosition >> 3);
            int shift = (int)(bitPosition & 7);
            int take = Math.Min(8 - shift, bitWidth - gathered);
            ulong chunk = ((ulong)source[byteIndex] >> shift) & ((1UL << take) - 1);
            result |= chunk << gathered;
            gathered += take;
            bitPosition += take;
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WidthMask(int bitWidth) => bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ToLittleEndian(ulong value) =>
        BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static void CheckWidth(int bitWidth, int maxWidth)
    {
        if ((uint)bitWidth > (uint)maxWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, $"The bit width must be between 0 and {maxWidth}.");
        }
    }
}
