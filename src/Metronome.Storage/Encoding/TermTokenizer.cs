using System.Buffers;
using System.Globalization;
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

    /// <summary>Whether the part of UTF-8 <paramref name="text"/> from byte <paramref name="at"/> on has no
    /// term that <paramref name="text"/> lacks: it starts the text or follows an ASCII separator, so no
    /// term is cut in two.</summary>
    internal static bool StartsAtTermBoundary(ReadOnlySpan<byte> text, int at) =>
        at == 0 || ((uint)(at - 1) < (uint)text.Length && text[at - 1] < 0x80 && TermByteKinds[text[at - 1]] == 0);

    /// <summary>1 for the ASCII bytes that belong to terms (letters, digits, '_'), by byte value, for the char
    /// tokenizer; <see cref="AsciiTermScan"/> marks the same bytes with vector compares.</summary>
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
