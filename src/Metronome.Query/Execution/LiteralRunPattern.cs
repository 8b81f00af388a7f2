using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Metronome.Query.Execution;

/// <summary>
/// A <c>parse regex</c> of the shape <c>L0(?&lt;a&gt;C1+)L1(?&lt;b&gt;C2+)L2...</c>, answered without the regex
/// engine: literals Li (plain characters or escaped punctuation), a non-empty L0, and named groups holding
/// one character class (<c>\d \D \w \W \s \S .</c> or a bracket set) under <c>+ +? * *?</c>, each followed
/// by a literal that does not start with a character of that class (the last group may end the pattern).
/// <para>
/// Why this is the regex's answer: at a start where L0 matches, the next literal can only begin where the
/// group's run of class characters ends, since it does not start with one; greedy or lazy, the run must
/// stop exactly there (a lazy group tries shorter runs first, but each is followed by a class character),
/// and giving characters back cannot help. So each start has exactly one way to match, found without
/// backtracking. A last group with nothing after it takes the whole run when greedy, and its minimum (one
/// character for <c>+?</c>, none for <c>*?</c>) when lazy. Starts are tried in the regex's order (each
/// occurrence of L0, leftmost first), so the first success is the regex's match, with the same captures.
/// Class membership is read from a table that the .NET regex itself fills for every UTF-16 code unit, so it
/// agrees by construction.
/// </para>
/// </summary>
public sealed class LiteralRunPattern
{
    private static readonly ConcurrentDictionary<string, ulong[]> ClassTables = new(StringComparer.Ordinal);

    private readonly string[] _literals;
    private readonly ulong[][] _classes;
    private readonly Quantifier[] _quantifiers;

    private LiteralRunPattern(string[] literals, ulong[][] classes, Quantifier[] quantifiers, string[] names)
    {
        _literals = literals;
        _classes = classes;
        _quantifiers = quantifiers;
        Names = names;
    }

    private readonly record struct Quantifier(bool AllowsEmpty, bool Lazy);

    /// <summary>The group names, in pattern order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static bool TryParse(string pattern, out LiteralRunPattern result)
    {
        result = null!;
        var literals = new List<string>();
        var classes = new List<string>();
        var quantifiers = new List<Quantifier>();
        var names = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '(')
            {
                if (!TryGroup(pattern, ref i, out var name, out var token, out var quantifier) || names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    return false;
                }

                literals.Add(literal.ToString());
                literal.Clear();
                names.Add(name);
                classes.Add(token);
                quantifiers.Add(quantifier);
                continue;
            }

            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || char.IsAsciiLetterOrDigit(pattern[i + 1]))
                {
                    return false;
                }

                literal.Append(pattern[i + 1]);
                i += 2;
                continue;
            }

            if ("*+?|{}[]()^$.".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }

            literal.Append(c);
            i++;
        }

        literals.Add(literal.ToString());
        if (names.Count == 0 || literals[0].Length == 0)
        {
            return false;
        }

        var tables = classes.Select(Table).ToArray();
        for (var g = 0; g < names.Count; g++)
        {
            var next = literals[g + 1];
            var last = g == names.Count - 1;
            if ((next.Length == 0 && !last) || (next.Length > 0 && Contains(tables[g], next[0])))
            {
                return false;
            }
        }

        result = new LiteralRunPattern([.. literals], tables, [.. quantifiers], [.. names]);
        return true;
    }

    /// <summary>Finds the regex's match in <paramref name="text"/>: each group's (start, length), or false.</summary>
    public bool Match(string text, Span<(int Start, int Length)> captures)
    {
        var first = _literals[0];
        var from = 0;
        while (from <= text.Length - first.Length)
        {
            var at = text.IndexOf(first, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            if (MatchAt(text, at + first.Length, captures))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private bool MatchAt(string text, int position, Span<(int Start, int Length)> captures)
    {
        for (var g = 0; g < _classes.Length; g++)
        {
            var table = _classes[g];
            var (allowsEmpty, lazy) = _quantifiers[g];
            var next = _literals[g + 1];
            var start = position;
            var limit = lazy && next.Length == 0 ? start + (allowsEmpty ? 0 : 1) : text.Length;
            while (position < limit && position < text.Length && Contains(table, text[position]))
            {
                position++;
            }

            if (position == start && !allowsEmpty)
            {
                return false;
            }

            captures[g] = (start, position - start);
            if (!text.AsSpan(position).StartsWith(next, StringComparison.Ordinal))
            {
                return false;
            }

            position += next.Length;
        }

        return true;
    }

    /// <summary>Reads <c>(?&lt;name&gt;TOKEN+)</c> (or <c>+? * *?</c>) at <paramref name="i"/> and moves past it.</summary>
    private static bool TryGroup(string pattern, ref int i, out string name, out string token, out Quantifier quantifier)
    {
        name = token = "";
        quantifier = default;
        var match = GroupStart.Match(pattern, i);
        if (!match.Success || match.Index != i)
        {
            return false;
        }

        name = match.Groups["name"].Value;
        var at = i + match.Length;
        var tokenEnd = ClassTokenEnd(pattern, at);
        if (tokenEnd < 0 || tokenEnd >= pattern.Length || pattern[tokenEnd] is not ('+' or '*'))
        {
            return false;
        }

        var lazy = tokenEnd + 1 < pattern.Length && pattern[tokenEnd + 1] == '?';
        var close = tokenEnd + (lazy ? 2 : 1);
        if (close >= pattern.Length || pattern[close] != ')')
        {
            return false;
        }

        token = pattern[at..tokenEnd];
        quantifier = new Quantifier(pattern[tokenEnd] == '*', lazy);
        i = close + 1;
        return true;
    }

    private static readonly Regex GroupStart = new(@"\G\(\?<(?<name>[A-Za-z_][A-Za-z0-9_]*)>", RegexOptions.CultureInvariant);

    /// <summary>The end of one character-class token at <paramref name="at"/>, or -1.</summary>
    private static int ClassTokenEnd(string pattern, int at)
    {
        if (at >= pattern.Length)
        {
            return -1;
        }

        if (pattern[at] == '.')
        {
            return at + 1;
        }

        if (pattern[at] == '\\')
        {
            return at + 1 < pattern.Length && "dDwWsS".Contains(pattern[at + 1], StringComparison.Ordinal) ? at + 2 : -1;
        }

        if (pattern[at] != '[')
        {
            return -1;
        }

        // A bracket set without nesting or subtraction; ']' right after '[' or '[^' is refused (it would be a literal).
        var i = at + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            return -1;
        }

        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    i += 2;
                    continue;
                case '[':
                    return -1;
                case ']':
                    return i + 1;
                default:
                    i++;
                    continue;
            }
        }

        return -1;
    }

    /// <summary>Membership of every UTF-16 code unit in a class token, as the .NET regex decides it.</summary>
    private static ulong[] Table(string token) => ClassTables.GetOrAdd(token, static t =>
    {
        var regex = new Regex("^" + t + @"\z", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
        var bits = new ulong[65536 / 64];
        Span<char> one = stackalloc char[1];
        for (var c = 0; c < 65536; c++)
        {
            one[0] = (char)c;
            if (regex.IsMatch(one))
            {
                bits[c >> 6] |= 1UL << (c & 63);
            }
        }

        return bits;
    });

    private static bool Contains(ulong[] table, char c) => (table[c >> 6] & (1UL << (c & 63))) != 0;
}
