using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// XXH64 (Yann Collet's xxHash, 64-bit variant, seed 0), implemented from its published
/// specification. The result depends only on the bytes, never on the process, machine or
/// endianness, so hashes can be written into segment files (bloom filters, sketches) and compared
/// later. Strings hash as their UTF-8 bytes.
/// </summary>
public static class Hash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    /// <summary>Strings up to this many UTF-16 chars are transcoded on the stack.</summary>
    private const int StackChars = 256;

    /// <summary>XXH64 of <paramref name="data"/>. Input shorter than one 32-byte stripe (search terms, most
    /// keys and dictionary values) takes the tail rounds alone, inlined into the caller: the term index
    /// hashes every word of every log line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0) =>
        data.Length < 32
            ? Tail(seed + Prime5 + (ulong)data.Length, ref MemoryMarshal.GetReference(data), 0, data.Length)
            : HashStripes(data, seed);

    private static ulong HashStripes(ReadOnlySpan<byte> data, ulong seed)
    {
        int length = data.Length;
        int position = 0;
        ulong lane1 = seed + Prime1 + Prime2;
        ulong lane2 = seed + Prime2;
        ulong lane3 = seed;
        ulong lane4 = seed - Prime1;
        int stripesEnd = length - 32;
        while (position <= stripesEnd)
        {
            lane1 = Round(lane1, ReadUInt64(data, position));
            lane2 = Round(lane2, ReadUInt64(data, position + 8));
            lane3 = Round(lane3, ReadUInt64(data, position + 16));
            lane4 = Round(lane4, ReadUInt64(data, position + 24));
            position += 32;
        }

        ulong accumulator = BitOperations.RotateLeft(lane1, 1) + BitOperations.RotateLeft(lane2, 7)
            + BitOperations.RotateLeft(lane3, 12) + BitOperations.RotateLeft(lane4, 18);
        accumulator = MergeLane(accumulator, lane1);
        accumulator = MergeLane(accumulator, lane2);
        accumulator = MergeLane(accumulator, lane3);
        accumulator = MergeLane(accumulator, lane4);
        return Tail(accumulator + (ulong)length, ref MemoryMarshal.GetReference(data), position, length);
    }

    /// <summary>The rounds over the bytes after the last whole stripe (8, then 4, then 1 at a time) and
    /// the final avalanche; the caller has checked that [position, length) is inside the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Tail(ulong accumulator, ref byte data, int position, int length)
    {
        for (; position + 8 <= length; position += 8)
        {
            accumulator = Mix8(accumulator, BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref data, position), 8)));
        }

        if (position + 4 <= length)
        {
            accumulator = Mix4(accumulator, BinaryPrimitives.ReadUInt32LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref data, position), 4)));
            position += 4;
        }

        for (; position < length; position++)
        {
            accumulator = Mix1(accumulator, Unsafe.Add(ref data, position));
        }

        return Avalanche(accumulator);
    }

    /// <summary>XXH64 of <paramref name="length"/> (1 to 16) bytes held little-endian in <paramref name="first"/>
    /// and then <paramref name="second"/>, equal to <see cref="Hash(ReadOnlySpan{byte}, ulong)"/> of them: the
    /// term index has a short term's bytes in registers already, and takes them from there instead of
    /// reading them again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Hash(ulong first, ulong second, int length)
    {
        ulong accumulator = Prime5 + (ulong)length;
        if (length > 8)
        {
            accumulator = Mix8(accumulator, first);
            first = second;
            length -= 8;
        }

        if (length == 8)
        {
            return Avalanche(Mix8(accumulator, first));
        }

        if (length >= 4)
        {
            accumulator = Mix4(accumulator, (uint)first);
            first >>= 32;
            length -= 4;
        }

        for (; length > 0; length--)
        {
            accumulator = Mix1(accumulator, (byte)first);
            first >>= 8;
        }

        return Avalanche(accumulator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix8(ulong accumulator, ulong input) =>
        (BitOperations.RotateLeft(accumulator ^ Round(0, input), 27) * Prime1) + Prime4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix4(ulong accumulator, uint input) =>
        (BitOperations.RotateLeft(accumulator ^ (input * Prime1), 23) * Prime2) + Prime3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix1(ulong accumulator, byte input) =>
        BitOperations.RotateLeft(accumulator ^ (input * Prime5), 11) * Prime1;

    /// <summary>Hash of the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static ulong Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Hash(text.AsSpan());
    }

    /// <summary>Hash of the UTF-8 encoding of <paramref name="text"/>, without allocating for short text.</summary>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        if (text.Length <= StackChars)
        {
            Span<byte> utf8 = stackalloc byte[StackChars * 3];
            int written = System.Text.Encoding.UTF8.GetBytes(text, utf8);
            return Hash(utf8[..written]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            int written = System.Text.Encoding.UTF8.GetBytes(text, rented);
            return Hash(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hash of the 8 little-endian bytes of <paramref name="value"/>, for numeric columns.</summary>
    public static ulong Hash(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Hash(bytes);
    }

    /// <summary>
    /// Hash of <c>text.ToLowerInvariant()</c>: field names and search terms compare
    /// case-insensitively, so they are hashed in one canonical case.
    /// </summary>
    public static ulong HashOrdinalIgnoreCase(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HashOrdinalIgnoreCase(text.AsSpan());
    }

    public static ulong HashOrdinalIgnoreCase(ReadOnlySpan<char> text)
    {
        if (text.Length <= StackChars)
        {
            Span<char> lower = stackalloc char[StackChars];
            int written = text.ToLowerInvariant(lower);
            return Hash(lower[..written]);
        }

        char[] rented = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            int written = text.ToLowerInvariant(rented);
            return Hash(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong lane, ulong input)
    {
        lane += input * Prime2;
        lane = BitOperations.RotateLeft(lane, 31);
        return lane * Prime1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MergeLane(ulong accumulator, ulong lane)
    {
        accumulator ^= Round(0, lane);
        return (accumulator * Prime1) + Prime4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt64(ReadOnlySpan<byte> data, int position) =>
        BinaryPrimitives.ReadUInt64LittleEndian(data[position..]);
}
