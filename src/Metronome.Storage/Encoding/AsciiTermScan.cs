using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Finds the terms of ASCII UTF-8 (nearly every log line) 64 bytes at a time: each word is checked for
/// non-ASCII bytes, lower-cased into a buffer and marked as a bitmap of term bytes in one vector pass, and
/// the bitmaps' starts (a term byte after another byte) and ends (another byte after a term byte) pair up into
/// terms. Cutting terms byte by byte mispredicted a branch at nearly every term's start and end.
/// </summary>
internal static class AsciiTermScan
{
    /// <summary>Bytes the lower-cased buffer holds past a line's last 64-byte word, so that 8 bytes can be
    /// read at any term's start.</summary>
    public const int Overread = sizeof(ulong);

    /// <summary>Lines of up to this many 64-byte words keep their bitmaps on the stack.</summary>
    private const int StackWords = 32;

    /// <summary>The length of the lower-cased copy of a line of <paramref name="length"/> bytes: whole 64-byte
    /// words, padded with bytes that are not term bytes.</summary>
    public static int PaddedLength(int length) => (length + 63) & ~63;

    /// <summary>Room the buffers need for a line of <paramref name="length"/> bytes.</summary>
    public static int LowerLength(int length) => PaddedLength(length) + Overread;

    /// <summary>Room for the terms of a line of <paramref name="length"/> bytes, and one more, which is written
    /// before the filter says whether it is listed.</summary>
    public static int TermsLength(int length) => (PaddedLength(length) / 2) + 2;

    /// <summary>A term found: where it starts in the lower-cased buffer, and its length.</summary>
    public static ulong Term(int start, int end) => (uint)start | ((ulong)(uint)(end - start) << 32);

    public static int StartOf(ulong term) => (int)(uint)term;

    public static int LengthOf(ulong term) => (int)(term >> 32);

    /// <summary>
    /// Lower-cases ASCII <paramref name="utf8"/> into <paramref name="lower"/> (<see cref="LowerLength"/>
    /// bytes) and lists in order in <paramref name="terms"/> (<see cref="TermsLength"/> items) those of its
    /// terms (<see cref="Term"/>) that <paramref name="filter"/> lets through, as they are found; returns how
    /// many, or -1 if <paramref name="utf8"/> is not all ASCII (the filter then sees none of its terms).
    /// </summary>
    public static int FindTerms<TFilter>(ReadOnlySpan<byte> utf8, Span<byte> lower, Span<ulong> terms, ref TFilter filter)
        where TFilter : struct, ITermFilter, allows ref struct
    {
        int padded = PaddedLength(utf8.Length);
        if (lower.Length < padded + Overread || terms.Length < (padded / 2) + 2)
        {
            throw new ArgumentException("The buffers are too small for the line.");
        }

        // The last, partial word is lower-cased in place from a copy padded with zeros.
        int whole = utf8.Length & ~63;
        if (whole < padded)
        {
            CopyPartialWord(utf8[whole..], lower.Slice(whole, 64));
        }

        // All words are marked before any term is listed: a value that turns out not to be ASCII must not
        // reach the filter.
        int words = padded / 64;
        ulong[]? rented = words > StackWords ? ArrayPool<ulong>.Shared.Rent(words) : null;
        Span<ulong> termBits = rented ?? stackalloc ulong[StackWords];
        ref byte source = ref MemoryMarshal.GetReference(utf8);
        ref byte target = ref MemoryMarshal.GetReference(lower);
        ulong nonAscii = 0;
        for (int word = 0; word < words; word++)
        {
            int at = word * 64;
            ref byte bytes = ref at < whole ? ref Unsafe.Add(ref source, at) : ref Unsafe.Add(ref target, at);
            termBits[word] = LowerAndMarkTerms(ref bytes, ref Unsafe.Add(ref target, at), ref nonAscii);
        }

        int count = nonAscii == 0 ? ListTerms(termBits[..words], ref target, terms, ref filter) : -1;
        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        return count;
    }

    /// <summary>Lists the terms of the line whose words' bitmaps are <paramref name="termBits"/>: starts and
    /// ends alternate, so a term open from an earlier word takes the first end of a word, and each start after
    /// it the next one, but for the last, which may end in a later word.</summary>
    private static int ListTerms<TFilter>(scoped ReadOnlySpan<ulong> termBits, ref byte lower, Span<ulong> terms, ref TFilter filter)
        where TFilter : struct, ITermFilter, allows ref struct
    {
        ref ulong term = ref MemoryMarshal.GetReference(terms);
        int count = 0;
        int openStart = -1;
        ulong carry = 0;
        for (int word = 0; word < termBits.Length; word++)
        {
            int at = word * 64;
            ulong bits = termBits[word];
            ulong before = (bits << 1) | carry;
            ulong starts = bits & ~before;
            ulong ends = before & ~bits;
            carry = bits >> 63;
            if (openStart >= 0)
            {
                if (ends == 0)
                {
                    continue;
                }

                count = List(ref term, count, ref lower, openStart, at + BitOperations.TrailingZeroCount(ends), ref filter);
                ends &= ends - 1;
                openStart = -1;
            }

            while (starts != 0)
            {
                int start = at + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;
                if (ends == 0)
                {
                    openStart = start;
                    break;
                }

                count = List(ref term, count, ref lower, start, at + BitOperations.TrailingZeroCount(ends), ref filter);
                ends &= ends - 1;
            }
        }

        if (openStart >= 0)
        {
            count = List(ref term, count, ref lower, openStart, termBits.Length * 64, ref filter);
        }

        return count;
    }

    /// <summary>Copies the under 64 bytes of <paramref name="tail"/> to the start of the 64 of <paramref name="word"/>
    /// and zeros the rest: with AVX-512, one load that leaves out the bytes past the tail (and cannot fault
    /// on them) instead of a clear and a copy.</summary>
    private static unsafe void CopyPartialWord(ReadOnlySpan<byte> tail, Span<byte> word)
    {
        if (Avx512BW.IsSupported)
        {
            var inTail = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)tail.Length));
            fixed (byte* bytes = tail)
            {
                Avx512BW.MaskLoad(bytes, inTail, Vector512<byte>.Zero).StoreUnsafe(ref MemoryMarshal.GetReference(word));
            }

            return;
        }

        word.Clear();
        tail.CopyTo(word);
    }

    /// <summary>Writes term [<paramref name="start"/>, <paramref name="end"/>) at <paramref name="count"/> and returns
    /// the count after it, which includes it if <paramref name="filter"/> lets it through (its bytes are
    /// lower-cased by now, and 8 bytes from its start can be read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int List<TFilter>(ref ulong terms, int count, ref byte lower, int start, int end, ref TFilter filter)
        where TFilter : struct, ITermFilter, allows ref struct
    {
        Unsafe.Add(ref terms, count) = Term(start, end);
        return count + (filter.Lists(ref lower, start, end - start) ? 1 : 0);
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

/// <summary>Chooses the terms <see cref="AsciiTermScan.FindTerms"/> lists.</summary>
internal interface ITermFilter
{
    /// <summary>Whether to list the term of <paramref name="length"/> lower-cased bytes at <paramref name="start"/>
    /// of <paramref name="lower"/>; asked of every term in order.</summary>
    bool Lists(ref byte lower, int start, int length);
}

/// <summary>Lists every term.</summary>
internal readonly struct EveryTerm : ITermFilter
{
    public bool Lists(ref byte lower, int start, int length) => true;
}
