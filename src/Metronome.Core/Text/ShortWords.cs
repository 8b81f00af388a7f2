using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Metronome.Core.Text;

/// <summary>
/// The first and last up-to-8 bytes of a byte string of at most <see cref="MaxLength"/> bytes, little-endian:
/// with the length, they tell two such strings apart exactly (the reads overlap for lengths between the
/// sizes, and together cover every byte), so a short key is compared or looked up by two integers.
/// </summary>
public static class ShortWords
{
    public const int MaxLength = 2 * sizeof(ulong);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (ulong Head, ulong Tail) Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= sizeof(ulong))
        {
            return (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[^sizeof(ulong)..]));
        }

        if (bytes.Length >= sizeof(uint))
        {
            return (BinaryPrimitives.ReadUInt32LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes[^sizeof(uint)..]));
        }

        if (bytes.Length >= sizeof(ushort))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes[^sizeof(ushort)..]));
        }

        return bytes.Length == 1 ? (bytes[0], bytes[0]) : (0UL, 0UL);
    }
}
