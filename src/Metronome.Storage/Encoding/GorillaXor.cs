using System.Numerics;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Gorilla-style XOR compression of doubles (Pelkonen et al., VLDB 2015): each value is XORed with
/// its predecessor; slowly changing series give XORs with long runs of leading and trailing zeros.
/// <code>
/// first value          64 bits
/// then per value:      0                          same as previous
///                      1 0 + meaningful bits      XOR fits the previous window of leading/trailing zeros
///                      1 1 + 6 bits leading zeros + 6 bits (length - 1) + length meaningful bits
/// </code>
/// Bits are written most significant first; the last byte is zero-padded.
/// </summary>
internal static class GorillaXor
{
    /// <summary>Upper bound of the stream size: 64 bits, then at most 2 + 12 + 64 bits per value.</summary>
    public static int MaxLength(int count) => count == 0 ? 0 : 8 + (int)(((long)(count - 1) * 78 + 7) / 8);

    public static int Encode(ReadOnlySpan<double> values, Span<byte> destination)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var writer = new BitStreamWriter(destination);
        ulong previous = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.Write(previous, 64);
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < values.Length; i++)
        {
            ulong current = BitConverter.DoubleToUInt64Bits(values[i]);
            ulong xor = current ^ previous;
            previous = current;
            if (xor == 0)
            {
                writer.Write(0, 1);
                continue;
            }

            int leading = BitOperations.LeadingZeroCount(xor);
            int trailing = BitOperations.TrailingZeroCount(xor);
            if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing)
            {
                writer.Write(0b10, 2);
                writer.Write(xor >> windowTrailing, 64 - windowLeading - windowTrailing);
            }
            else
            {
                // Control bits 11, 6 bits of leading zeros and 6 bits of length - 1 in one 14-bit field.
                int length = 64 - leading - trailing;
                writer.Write((0b11UL << 12) | ((uint)leading << 6) | (uint)(length - 1), 14);
                writer.Write(xor >> trailing, length);
                windowLeading = leading;
                windowTrailing = trailing;
            }
        }

        writer.Flush();
        return writer.Length;
    }

    /// <summary>Decodes exactly <c>destination.Length</c> values from a stream that must be fully used.</summary>
    public static void Decode(ReadOnlySpan<byte> stream, Span<double> destination)
    {
        if (destination.IsEmpty)
        {
            if (!stream.IsEmpty)
            {
                throw new CorruptDataException("An empty XOR stream has bytes.");
            }

            return;
        }

        var reader = new BitStreamReader(stream);
        ulong previous = reader.Read(64);
        destination[0] = BitConverter.UInt64BitsToDouble(previous);
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < destination.Length; i++)
        {
            ulong control = reader.Peek();
            if ((long)control >= 0)
            {
                reader.Skip(1);
            }
            else if ((control & (1UL << 62)) == 0)
            {
                if (windowLeading < 0)
                {
                    throw new CorruptDataException("An XOR stream reuses a window before defining one.");
                }

                reader.Skip(2);
                previous ^= reader.Read(64 - windowLeading - windowTrailing) << windowTrailing;
            }
            else
            {
                int leading = (int)(control >> 56) & 0x3F;
                int length = ((int)(control >> 50) & 0x3F) + 1;
                if (leading + length > 64)
                {
                    throw new CorruptDataException("An XOR stream window exceeds 64 bits.");
                }

                reader.Skip(14);
                windowLeading = leading;
                windowTrailing = 64 - leading - length;
                previous ^= reader.Read(length) << windowTrailing;
            }

            destination[i] = BitConverter.UInt64BitsToDouble(previous);
        }

        if (reader.BytesConsumed != stream.Length)
        {
            throw new CorruptDataException("An XOR stream has trailing bytes.");
        }
    }
}
