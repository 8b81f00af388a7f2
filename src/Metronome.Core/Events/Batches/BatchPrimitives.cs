namespace Metronome.Core.Events.Batches;

/// <summary>The varints (unsigned LEB128), zigzag integers and length-prefixed strings that the event
/// batch format is made of (see docs/storage-format.md). The project's one implementation of LEB128:
/// the segment codecs use it through <c>Metronome.Storage.Encoding.Varint</c>. Reads throw
/// <see cref="InvalidDataException"/> on malformed input and leave the offset where it was.</summary>
public static class BatchPrimitives
{
    /// <summary>The kind byte of a text field whose value is the end of the event's previous text field,
    /// from a varint byte offset on (a log line's <c>message</c> is the end of its <c>_raw</c>): the bytes
    /// are not written twice. Readers hand it out as <see cref="FieldKind.String"/>; it never leaves the
    /// batch format.</summary>
    public const byte SuffixOfPreviousText = 16;

    public static int WriteVarint(Span<byte> span, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }

    public static int VarintLength(ulong value) => (64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1) + 6) / 7;

    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int offset)
    {
        // One byte covers counts, lengths, kinds and most small numbers.
        if ((uint)offset < (uint)data.Length && data[offset] < 0x80)
        {
            return data[offset++];
        }

        // Times take 7 or 8 bytes: with 8 readable, find the last byte from the continuation bits and
        // gather the 7-bit groups in one instruction instead of a loop.
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported && offset >= 0 && offset <= data.Length - 8)
        {
            ulong word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
            ulong ends = ~word & 0x8080808080808080UL;
            if (ends != 0)
            {
                int bytes = (System.Numerics.BitOperations.TrailingZeroCount(ends) >> 3) + 1;
                ulong mask = bytes == 8 ? 0x7F7F7F7F7F7F7F7FUL : 0x7F7F7F7F7F7F7F7FUL & ((1UL << (bytes * 8)) - 1);
                offset += bytes;
                return System.Runtime.Intrinsics.X86.Bmi2.X64.ParallelBitExtract(word, mask);
            }
        }

        int position = offset;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)data.Length)
            {
                throw new InvalidDataException($"varint truncated at byte {position}");
            }

            byte b = data[position++];
            if (shift == 63 && b > 1)
            {
                throw new InvalidDataException($"varint overflows 64 bits at byte {position - 1}");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                offset = position;
                return result;
            }
        }

        throw new InvalidDataException($"varint longer than 10 bytes at byte {offset}");
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> data, int offset, int length) =>
        offset >= 0 && length >= 0 && offset <= data.Length - length
            ? data.Slice(offset, length)
            : throw new InvalidDataException($"batch truncated at byte {offset}");

    public static ReadOnlySpan<byte> ReadStringBytes(ReadOnlySpan<byte> data, scoped ref int offset)
    {
        int length = checked((int)ReadVarint(data, ref offset));
        var bytes = Need(data, offset, length);
        offset += length;
        return bytes;
    }
}
