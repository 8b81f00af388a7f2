using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace Metronome.Storage.Encoding;

/// <summary>
/// The definition of a search term for keyword search, shared by the index writer (which hashes
/// every term of a value into a bloom filter) and the query side (which looks terms up).
/// <para>
/// A term is a maximal run of letters (any script), decimal digits, combining marks and '_',
/// lower-cased with the invariant culture. '_' belongs to terms because log lines are full of
/// identifiers such as <c>request_id</c>, <c>user_agent</c> or <c>ERR_CONN_RESET</c>: searching for
/// one must match it as a whole rather than as the unrelated pieces "request" and "id". Combining
/// marks continue a term so that words in scripts such as Devanagari (vowel signs are marks) or
/// decomposed accents are not cut apart. Everything else (space, punctuation, symbols, emoji,
/// unpaired surrogates) separates terms.
/// </para>
/// The hash of a term is <see cref="Hash64.HashOrdinalIgnoreCase(string)"/> of it, which equals
/// <see cref="Hash64.Hash(string)"/> of the lower-cased term that <see cref="Terms"/> returns.
/// </summary>
public static class TermTokenizer
{
    /// <summary>Enumerates the hashes of the terms of <paramref name="text"/>, without allocating.</summary>
    public static TermHashEnumerator EnumerateTermHashes(ReadOnlySpan<char> text) => new(text);

    /// <summary>Calls <paramref name="onTerm"/> with each term hash and the caller's state.</summary>
    public static void ForEachTermHash<TState>(ReadOnlySpan<char> text, ref TState state, TermHashAction<TState> onTerm)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(onTerm);
        foreach (ulong hash in EnumerateTermHashes(text))
        {
            onTerm(ref state, hash);
        }
    }

    /// <summary>
    /// Appends the hashes of the terms of UTF-8 <paramref name="utf8"/> to <paramref name="hashes"/> (the
    /// index writer's path: sealed values are bytes), equal to <see cref="EnumerateTermHashes"/> of the
    /// decoded text. <paramref name="hashes"/> is rented from <see cref="ArrayPool{T}.Shared"/> and may be
    /// replaced by a larger rented array. ASCII text, nearly every log line, is split and lower-cased byte by byte; anything
    /// else is decoded and goes through the general tokenizer.
    /// </summary>
    internal static void AppendTermHashes(ReadOnlySpan<byte> utf8, ref ulong[] hashes, ref int count) =>
        AppendTermHashes(utf8, ref hashes, ref count, default);

    /// <summary>Slots of a table of short terms seen (see <see cref="AppendTermHashes(ReadOnlySpan{byte}, ref ulong[], ref int, Span{ulong})"/>).</summary>
    internal const int SeenShortTermSlots = 1 << SeenShortTermBits;

    private const int SeenShortTermBits = 12;

    /// <summary>
    /// <see cref="AppendTermHashes(ReadOnlySpan{byte}, ref ulong[], ref int)"/> for a caller that needs each
    /// distinct hash once, not every term's: an ASCII term of up to 8 bytes that <paramref name="seenShortTerms"/>
    /// (<see cref="SeenShortTermSlots"/> slots, zeroed by the caller; empty: none) holds is left out, since its
    /// hash was appended when it was put there. Most terms of log lines are short and repeat (keys, methods,
    /// hosts, small numbers): one multiplication and comparison finds them instead of hashing them again.
    /// </summary>
    internal static void AppendTermHashes(ReadOnlySpan<byte> utf8, ref ulong[] hashes, ref int count, Span<ulong> seenShortTerms)
    {
        if (!Ascii.IsValid(utf8))
        {
            AppendDecodedTermHashes(utf8, ref hashes, ref count);
            return;
        }

        // The whole value is lower-cased at once (vectorized), into a buffer padded with non-term bytes to
        // whole 64-byte words; terms are then slices of it.
        int padded = (utf8.Length + 63) & ~63;
        byte[]? rented = padded > 1024 ? ArrayPool<byte>.Shared.Rent(padded) : null;
        Span<byte> lower = (rented ?? stackalloc byte[1024])[..padded];
        Ascii.ToLower(utf8, lower, out int length);
        lower[length..].Clear();
        AppendAsciiTermHashes(lower, ref hashes, ref count, seenShortTerms);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The terms of lower-cased ASCII <paramref name="lower"/> (whole 64-byte words, padded with
    /// non-term bytes), found 64 bytes at a time: a word's term bytes become a bitmap, and each term is the run
    /// between a bit that turns on and the next that turns off. Cutting terms byte by byte mispredicted a branch
    /// at nearly every term's start and end.</summary>
    private static void AppendAsciiTermHashes(ReadOnlySpan<byte> lower, ref ulong[] hashes, ref int count, Span<ulong> seenShortTerms)
    {
        bool inTerm = false;
        int start = 0;
        for (int word = 0; word < lower.Length; word += 64)
        {
            ulong termBits = TermBits(lower.Slice(word, 64));
            int at = 0;
            while (true)
            {
                // Looking for the next term byte outside a term, the next other byte inside one.
                ulong edges = (inTerm ? ~termBits : termBits) & (ulong.MaxValue << at);
                if (edges == 0)
                {
                    break;
                }

                at = BitOperations.TrailingZeroCount(edges);
                if (inTerm)
                {
                    AppendAsciiTerm(lower, start, word + at, ref hashes, ref count, seenShortTerms);
                }
                else
                {
                    start = word + at;
                }

                inTerm = !inTerm;
            }
        }

        if (inTerm)
        {
            AppendAsciiTerm(lower, start, lower.Length, ref hashes, ref count, seenShortTerms);
        }
    }

    /// <summary>Appends the hash of term [start, end) of lower-cased ASCII <paramref name="lower"/>, unless it
    /// is a short term that <paramref name="seenShortTerms"/> holds (which it is put in otherwise).</summary>
    private static void AppendAsciiTerm(ReadOnlySpan<byte> lower, int start, int end, ref ulong[] hashes, ref int count, Span<ulong> seenShortTerms)
    {
        int length = end - start;
        if (length <= sizeof(ulong) && seenShortTerms.Length == SeenShortTermSlots && start + sizeof(ulong) <= lower.Length)
        {
            // The term's bytes as a number: term bytes are never 0, so the bytes past its end, zeroed, tell
            // every term of up to 8 bytes apart, and no term is 0, an empty slot.
            ulong term = BinaryPrimitives.ReadUInt64LittleEndian(lower[start..]) & (ulong.MaxValue >> (64 - (8 * length)));
            ref ulong slot = ref seenShortTerms[(int)((term * 0x9E3779B97F4A7C15UL) >> (64 - SeenShortTermBits))];
            if (slot == term)
            {
                return;
            }

            slot = term;
        }

        // Lower-cased ASCII is its own UTF-8: the hash HashTerm gives the same term as chars.
        Append(Hash64.Hash(lower[start..end]), ref hashes, ref count);
    }

    /// <summary>Bit i is set when byte i of the 64 is a term byte of lower-cased ASCII: a digit, a lower-case
    /// letter or '_' (the ASCII bytes <see cref="TermByteKinds"/> marks, once upper case is gone).</summary>
    private static ulong TermBits(ReadOnlySpan<byte> word)
    {
        ulong bits = 0;
        for (int i = 0; i < 64; i += Vector128<byte>.Count)
        {
            var bytes = Vector128.Create(word.Slice(i, Vector128<byte>.Count));
            var term = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10))
                | Vector128.LessThan(bytes - Vector128.Create((byte)'a'), Vector128.Create((byte)26))
                | Vector128.Equals(bytes, Vector128.Create((byte)'_'));
            bits |= (ulong)term.ExtractMostSignificantBits() << i;
        }

        return bits;
    }

    /// <summary>Whether the part of UTF-8 <paramref name="text"/> from byte <paramref name="at"/> on has no
    /// term that <paramref name="text"/> lacks: it starts the text or follows an ASCII separator, so no
    /// term is cut in two.</summary>
    internal static bool StartsAtTermBoundary(ReadOnlySpan<byte> text, int at) =>
        at == 0 || ((uint)(at - 1) < (uint)text.Length && text[at - 1] < 0x80 && TermByteKinds[text[at - 1]] == 0);

    /// <summary>1 for the ASCII bytes that belong to terms (letters, digits, '_'), by byte value: the one
    /// definition both the char and the UTF-8 tokenizers use for ASCII.</summary>
    private static ReadOnlySpan<byte> TermByteKinds =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static void Append(ulong hash, ref ulong[] hashes, ref int count)
    {
        if (count == hashes.Length)
        {
            var bigger = ArrayPool<ulong>.Shared.Rent(Math.Max(16, count * 2));
            hashes.AsSpan(0, count).CopyTo(bigger);
            ArrayPool<ulong>.Shared.Return(hashes);
            hashes = bigger;
        }

        hashes[count++] = hash;
    }

    private static void AppendDecodedTermHashes(ReadOnlySpan<byte> utf8, ref ulong[] hashes, ref int count)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            int length = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            foreach (ulong hash in EnumerateTermHashes(chars.AsSpan(0, length)))
            {
                Append(hash, ref hashes, ref count);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The lower-cased terms of <paramref name="text"/> in order, duplicates kept (the query side).</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        ReadOnlySpan<char> remaining = text;
        while (NextTerm(ref remaining, out ReadOnlySpan<char> term, out _))
        {
            terms.Add(term.ToString().ToLowerInvariant());
        }

        return terms;
    }

    /// <summary>
    /// Finds the next term in <paramref name="remaining"/> and advances past it.
    /// <paramref name="isAscii"/> says whether the term is pure ASCII, which allows a cheap lower-casing.
    /// </summary>
    internal static bool NextTerm(ref ReadOnlySpan<char> remaining, out ReadOnlySpan<char> term, out bool isAscii)
    {
        int position = 0;
        int start = -1;
        isAscii = true;
        while (position < remaining.Length)
        {
            char current = remaining[position];
            int width = 1;
            bool termChar;
            if (current < 0x80)
            {
                termChar = TermByteKinds[current] != 0;
            }
            else
            {
                if (Rune.DecodeFromUtf16(remaining[position..], out Rune rune, out width) != OperationStatus.Done)
                {
                    termChar = false;
                    width = Math.Max(width, 1);
                }
                else
                {
                    termChar = IsTermRune(rune);
                }

                if (termChar)
                {
                    isAscii = false;
                }
            }

            if (termChar)
            {
                if (start < 0)
                {
                    start = position;
                }
            }
            else if (start >= 0)
            {
                term = remaining[start..position];
                remaining = remaining[position..];
                return true;
            }

            position += width;
        }

        if (start >= 0)
        {
            term = remaining[start..];
            remaining = default;
            return true;
        }

        term = default;
        remaining = default;
        return false;
    }

    /// <summary>Hash of the lower-cased term, identical to <see cref="Hash64.HashOrdinalIgnoreCase(ReadOnlySpan{char})"/>.</summary>
    internal static ulong HashTerm(ReadOnlySpan<char> term, bool isAscii)
    {
        if (!isAscii || term.Length > 256)
        {
            return Hash64.HashOrdinalIgnoreCase(term);
        }

        // ASCII lower-casing only maps A-Z, and ASCII is its own UTF-8: no transcoding needed.
        Span<byte> bytes = stackalloc byte[256];
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            bytes[i] = (byte)(char.IsAsciiLetterUpper(c) ? c | 0x20 : c);
        }

        return Hash64.Hash(bytes[..term.Length]);
    }

    private static bool IsTermRune(Rune rune)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            return true;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;
    }
}

/// <summary>Receives one term hash; <paramref name="state"/> lets callers avoid closures.</summary>
public delegate void TermHashAction<TState>(ref TState state, ulong termHash)
    where TState : allows ref struct;

/// <summary>Allocation-free enumerator of term hashes; use with <c>foreach</c>.</summary>
public ref struct TermHashEnumerator
{
    private ReadOnlySpan<char> _remaining;

    internal TermHashEnumerator(ReadOnlySpan<char> text)
    {
        _remaining = text;
        Current = 0;
    }

    public ulong Current { get; private set; }

    public readonly TermHashEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!TermTokenizer.NextTerm(ref _remaining, out ReadOnlySpan<char> term, out bool isAscii))
        {
            return false;
        }

        Current = TermTokenizer.HashTerm(term, isAscii);
        return true;
    }
}
