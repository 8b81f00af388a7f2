using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Metronome.Ingest.Logfmt;

/// <summary>
/// Finds where a logfmt key or unquoted value ends, eight bytes at a time: a scalar loop costs a compare and
/// a branch per byte, and a vectorised search costs more than it saves on tokens this short. In a word, the
/// lowest byte that <see cref="Candidates"/> flags is one that matches (borrows only carry upwards from a
/// match); it is then checked exactly, as flagged bytes include control bytes that end nothing.
/// </summary>
internal static class LogfmtScan
{
    private const ulong Ones = 0x0101010101010101UL;
    private const ulong HighBits = 0x8080808080808080UL;

    /// <summary>The first space, tab or newline at or after <paramref name="from"/>, else the length.</summary>
    public static int ValueEnd(ReadOnlySpan<byte> text, int from) => End(text, from, key: false);

    /// <summary>The first <c>=</c> or whitespace (space, tab, CR, LF) at or after <paramref name="from"/>, else the length.</summary>
    public static int KeyEnd(ReadOnlySpan<byte> text, int from) => End(text, from, key: true);

    // Inlined into both callers, where key is a constant: each gets the loop with its own tests only.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int End(ReadOnlySpan<byte> text, int from, bool key)
    {
        var i = from;
        while (i <= text.Length - sizeof(ulong))
        {
            var flagged = Candidates(BinaryPrimitives.ReadUInt64LittleEndian(text[i..]), withEquals: key);
            if (flagged == 0)
            {
                i += sizeof(ulong);
                continue;
            }

            i += BitOperations.TrailingZeroCount(flagged) >> 3;
            if (Ends(text[i], key))
            {
                return i;
            }

            i++;
        }

        while (i < text.Length && !Ends(text[i], key))
        {
            i++;
        }

        return i;
    }

    private static bool Ends(byte b, bool key) =>
        b is (byte)' ' or (byte)'\t' or (byte)'\n' || (key && b is (byte)'=' or (byte)'\r');

    /// <summary>The high bit of each byte below <c>!</c> (and, <paramref name="withEquals"/>, equal to <c>=</c>)
    /// in <paramref name="word"/>, possibly also of bytes above a flagged one.</summary>
    private static ulong Candidates(ulong word, bool withEquals)
    {
        var below = (word - (Ones * '!')) & ~word & HighBits;
        if (!withEquals)
        {
            return below;
        }

        var equals = word ^ (Ones * '=');
        return below | ((equals - Ones) & ~equals & HighBits);
    }
}
