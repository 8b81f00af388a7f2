using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Metronome.Query.Execution;

/// <summary>Reading a pattern into the shape <see cref="LiteralRunPattern"/> answers; anything else is refused.</summary>
public sealed partial class LiteralRunPattern
{
    private static readonly ConcurrentDictionary<string, ulong[]> ClassTables = new(StringComparer.Ordinal);

    private static readonly Regex GroupStart = new(@"\G\(\?<(?<name>[A-Za-z_][A-Za-z0-9_]*)>", RegexOptions.CultureInvariant);

    public static bool TryParse(string pattern, out LiteralRunPattern result)
    {
        result = null!;
        var literals = new List<string>();
        var classes = new List<string>();
        var quantifiers = new List<Quantifier>();
        var lookaheads = new List<string?>();
        var names = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '(')
            {
                if (!TryGroup(pattern, ref i, out var name, out var token, out var quantifier, out var lookahead) || names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    return false;
                }

                literals.Add(literal.ToString());
                literal.Clear();
                names.Add(name);
                classes.Add(token);
                quantifiers.Add(quantifier);
                lookaheads.Add(lookahead);
                continue;
            }

            if (!TryLiteralCharacter(pattern, ref i, literal))
            {
                return false;
            }
        }

        literals.Add(literal.ToString());
        if (names.Count == 0 || literals[0].Length == 0)
        {
            return false;
        }

        var tables = classes.Select(Table).ToArray();
        var anchors = new string?[names.Count];
        for (var g = 0; g < names.Count; g++)
        {
            var next = literals[g + 1];
            if (lookaheads[g] is { } ahead)
            {
                // Both must match where the run ends; when neither is a prefix of the other, nothing matches.
                if (!next.StartsWith(ahead, StringComparison.Ordinal) && !ahead.StartsWith(next, StringComparison.Ordinal))
                {
                    return false;
                }

                anchors[g] = next.Length > ahead.Length ? next : ahead;
                continue;
            }

            var last = g == names.Count - 1;
            if ((next.Length == 0 && !last) || (next.Length > 0 && Contains(tables[g], next[0])))
            {
                return false;
            }
        }

        // Lines beyond the backtracking budget go to the same regex the operator would have run.
        (Regex, int[])? fallback = null;
        if (lookaheads.Any(a => a is not null))
        {
            var regex = RegexCache.Get(pattern, RegexOptions.ExplicitCapture);
            fallback = (regex, names.Select(regex.GroupNumberFromName).ToArray());
        }

        result = new LiteralRunPattern([.. literals], tables, [.. quantifiers], anchors, [.. names], fallback);
        return true;
    }

    /// <summary>Appends one literal character at <paramref name="i"/> (plain, or escaped punctuation) and moves past it.</summary>
    private static bool TryLiteralCharacter(string pattern, ref int i, StringBuilder literal)
    {
        var c = pattern[i];
        if (c == '\\')
        {
            if (i + 1 >= pattern.Length || char.IsAsciiLetterOrDigit(pattern[i + 1]))
            {
                return false;
            }

            literal.Append(pattern[i + 1]);
            i += 2;
            return true;
        }

        if ("*+?|{}[]()^$.".Contains(c, StringComparison.Ordinal))
        {
            return false;
        }

        literal.Append(c);
        i++;
        return true;
    }

    /// <summary>Reads <c>(?&lt;name&gt;TOKEN+)</c> (or <c>+? * *?</c>), or a lazy <c>(?&lt;name&gt;TOKEN*?(?=X))</c>
    /// with a non-empty literal X, at <paramref name="i"/> and moves past it.</summary>
    private static bool TryGroup(string pattern, ref int i, out string name, out string token, out Quantifier quantifier, out string? lookahead)
    {
        name = token = "";
        quantifier = default;
        lookahead = null;
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
        if (lazy && string.CompareOrdinal(pattern, close, "(?=", 0, 3) == 0)
        {
            var ahead = new StringBuilder();
            var j = close + 3;
            while (j < pattern.Length && pattern[j] != ')')
            {
                if (!TryLiteralCharacter(pattern, ref j, ahead))
                {
                    return false;
                }
            }

            if (ahead.Length == 0 || j >= pattern.Length)
            {
                return false;
            }

            lookahead = ahead.ToString();
            close = j + 1;
        }

        if (close >= pattern.Length || pattern[close] != ')')
        {
            return false;
        }

        token = pattern[at..tokenEnd];
        quantifier = new Quantifier(pattern[tokenEnd] == '*', lazy);
        i = close + 1;
        return true;
    }

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
}
