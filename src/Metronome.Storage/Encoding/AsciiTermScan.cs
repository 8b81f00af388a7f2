using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Finds the terms of ASCII UTF-8 (nearly every log line) in one pass of 64-byte words: each word is checked
/// for non-ASCII bytes, lower-cased into a buffer and marked as a bitmap of term bytes, whose starts (a term
/// byte after another byte) and ends (another byte after a term byte) pair up into terms. Cutting terms byte
/// by byte mispredicted a branch at nearly every term's start and end.
/// </summary>
internal static class AsciiTermScan
{
    /// <summary>Bytes the lower-cased buffer holds past a line's last 64-byte word, so that 8 bytes can be
    /// read at any term's start.</summary>
    public const int Overread = sizeof(ulong);

    /// <summary>The length of the lower-cased copy of a line of <paramref name="length"/> bytes: whole 64-byte
    /// words, padded with bytes that are not term bytes.</summary>
    public static int PaddedLength(int length) => (length + 63) & ~63;

    /// <summary>Room the buffers need for a line of <paramref name="length"/> bytes.</summary>
    public static int LowerLength(int length) => PaddedLength(length) + Overread;

    public static int TermsLength(int length) => (PaddedLength(length) / 2) + 1;

    /// <summary>A term found: where it starts in the lower-cased buffer, and its length.</summary>
    public static ulong Term(int start, int end) => (uint)start | ((ulong)(uint)(end - start) << 32);

    public static int StartOf(ulong term) => (int)(uint)term;

    public static int LengthOf(ulong term) => (int)(term >> 32);

    /// <summary>
    /// Lower-cases ASCII <paramref name="utf8"/> into <paramref name="lower"/> (<see cref="LowerLength"/>
    /// bytes) and lists its terms (<see cref="Term"/>) in order in <paramref name="terms"/>
    /// (<see cref="TermsLength"/> items); returns how many there are, or -1 if <paramref name="utf8"/> is not
    /// all ASCII.
    /// </summary>
    public static int FindTerms(ReadOnlySpan<byte> utf8, Span<byte> lower, Span<ulong> terms)
    {
        int padded = PaddedLength(utf8.Length);
        if (lower.Length < padded + Overread || terms.Length < (padded / 2) + 1)
        {
            throw new ArgumentException("The buffers are too small for the line.");
        }

        // The last, partial word is lower-cased in place from a copy padded with zeros.
        int whole = utf8.Length & ~63;
        if (whole < padded)
        {
            lower[whole..padded].Clear();
            utf8[whole..].CopyTo(lower[whole..]);
        }

        ref byte source = ref MemoryMarshal.GetReference(utf8);
        ref byte target = ref MemoryMarshal.GetReference(lower);
        ref ulong term = ref MemoryMarshal.GetReference(terms);
        int count = 0;
        int openStart = -1;
        ulong carry = 0;
        ulong nonAscii = 0;
        for (int word = 0; word < padded; word += 64)
        {
            ref byte bytes = ref word < whole ? ref Unsafe.Add(ref source, word) : ref Unsafe.Add(ref target, word);
            ulong termBits = LowerAndMarkTerms(ref bytes, ref Unsafe.Add(ref target, word), ref nonAscii);
            ulong before = (termBits << 1) | carry;
            ulong starts = termBits & ~before;
            ulong ends = before & ~termBits;
            carry = termBits >> 63;

            // Starts and ends alternate: a term open from an earlier word takes the first end, and each start
            // after it the next one, but for the last, which may end in a later word.
            if (openStart >= 0)
            {
                if (ends == 0)
                {
                    continue;
                }

                Unsafe.Add(ref term, count++) = Term(openStart, word + BitOperations.TrailingZeroCount(ends));
                ends &= ends - 1;
                openStart = -1;
            }

            while (starts != 0)
            {
                int start = word + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;
                if (ends == 0)
                {
                    openStart = start;
                    break;
                }

                Unsafe.Add(ref term, count++) = Term(start, word + BitOperations.TrailingZeroCount(ends));
                ends &= ends - 1;
            }
        }

        if (openStart >= 0)
        {
            Unsafe.Add(ref term, count++) = Term(openStart, padded);
        }

        return nonAscii == 0 ? count : -1;
    }

    /// <summary>Lower-cases the 64 bytes at <paramref name="source"/> into <paramref name="target"/> and returns
    /// the bitmap of their term bytes (a digit, a letter or '_'); any non-ASCII byte is or-ed into
    /// <paramref name="nonAscii"/>'s top bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowerAndMarkTerms(ref byte source, ref byte target, ref ulong nonAscii)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref source);
            var letters = Vector512.LessThan((bytes | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26));
            var lowered = bytes | (letters & Vector512.Create((byte)0x20));
            lowered.StoreUnsafe(ref target);
            var terms = letters
                | Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10))
                | Vector512.Equals(bytes, Vector512.Create((byte)'_'));
            nonAscii |= bytes.ExtractMostSignificantBits();
            return terms.ExtractMostSignificantBits();
        }

        return LowerAndMarkHalf(ref source, ref target, ref nonAscii)
            | ((ulong)LowerAndMarkHalf(ref Unsafe.Add(ref source, 32), ref Unsafe.Add(ref target, 32), ref nonAscii) << 32);
    }

    /// <summary>The same for 32 bytes, for hardware without 64-byte vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LowerAndMarkHalf(ref byte source, ref byte target, ref ulong nonAscii)
    {
        var bytes = Vector256.LoadUnsafe(ref source);
        var letters = Vector256.LessThan((bytes | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
        var lowered = bytes | (letters & Vector256.Create((byte)0x20));
        lowered.StoreUnsafe(ref target);
        var terms = letters
            | Vector256.LessThan(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)10))
            | Vector256.Equals(bytes, Vector256.Create((byte)'_'));
        nonAscii |= bytes.ExtractMostSignificantBits();
        return terms.ExtractMostSignificantBits();
    }
}
