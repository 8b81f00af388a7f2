using System.Text.RegularExpressions;

namespace Metronome.Query.Execution;

/// <summary>
/// A <c>parse regex</c> of the shape <c>L0(?&lt;a&gt;C1+)L1(?&lt;b&gt;C2+)L2...</c>, answered without the regex
/// engine: literals Li (plain characters or escaped punctuation), a non-empty L0, and named groups holding
/// one character class (<c>\d \D \w \W \s \S .</c> or a bracket set) under <c>+ +? * *?</c>, either followed
/// by a literal that does not start with a character of that class (the last group may end the pattern),
/// or lazy and ending in a lookahead of a literal, <c>(?&lt;a&gt;C*?(?=X))</c>, as the Heroku app writes them.
/// <para>
/// Why this is the regex's answer: at a start where L0 matches, the next literal of a plain run can only
/// begin where the group's run of class characters ends, since it does not start with one; greedy or lazy,
/// the run must stop exactly there (a lazy group tries shorter runs first, but each is followed by a class
/// character), and giving characters back cannot help. So such a group has exactly one way to match. A
/// last group with nothing after it takes the whole run when greedy, and its minimum (one character for
/// <c>+?</c>, none for <c>*?</c>) when lazy. A lazy run before a lookahead may end at every place where X
/// and the next literal both match while the run is still all class characters; the regex tries them
/// shortest first, and for each tries the rest of the pattern before a longer one, which is what
/// <see cref="MatchLookaheadRun"/> does (a lookahead matches no text, so the capture ends before X).
/// Starts are tried in the regex's order (each occurrence of L0, leftmost first), so the first success is
/// the regex's match, with the same captures. Class membership is read from a table that the .NET regex
/// itself fills for every UTF-16 code unit, so it agrees by construction.
/// </para>
/// <para>
/// Backtracking over lookahead runs is bounded per line (<see cref="AttemptBudget"/>); a line that needs
/// more is handed to the .NET regex, which has the query's match time limit.
/// </para>
/// </summary>
public sealed partial class LiteralRunPattern
{
    /// <summary>Ends of lookahead runs tried per line before the line goes to the regex: ordinary lines
    /// need one per group; only contrived ones (many candidate ends, each failing later) need more.</summary>
    private const int AttemptBudget = 256;

    private readonly string[] _literals;
    private readonly ulong[][] _classes;
    private readonly Quantifier[] _quantifiers;

    /// <summary>Per group: for a lookahead run, the text that must follow each end it tries (the longer of
    /// the lookahead and the next literal, one being a prefix of the other); null for a plain run.</summary>
    private readonly string?[] _lookaheadAnchors;

    /// <summary>The regex and its group numbers, for lines beyond the budget (only when a group can backtrack).</summary>
    private readonly (Regex Regex, int[] Groups)? _fallback;

    private LiteralRunPattern(string[] literals, ulong[][] classes, Quantifier[] quantifiers, string?[] lookaheadAnchors, string[] names, (Regex, int[])? fallback)
    {
        _literals = literals;
        _classes = classes;
        _quantifiers = quantifiers;
        _lookaheadAnchors = lookaheadAnchors;
        _fallback = fallback;
        Names = names;
    }

    private readonly record struct Quantifier(bool AllowsEmpty, bool Lazy);

    /// <summary>The group names, in pattern order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Finds the regex's match in <paramref name="text"/>: each group's (start, length), or false.</summary>
    public bool Match(string text, Span<(int Start, int Length)> captures)
    {
        var first = _literals[0];
        var from = 0;
        var budget = AttemptBudget;
        while (from <= text.Length - first.Length)
        {
            var at = text.IndexOf(first, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            if (MatchFrom(text, 0, at + first.Length, captures, ref budget))
            {
                return true;
            }

            if (budget < 0)
            {
                return MatchWithRegex(text, captures);
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>Matches groups <paramref name="group"/>.. (each with the literal after it) at <paramref name="position"/>.
    /// False with a negative <paramref name="budget"/> means "gave up", not "no match".</summary>
    private bool MatchFrom(string text, int group, int position, Span<(int Start, int Length)> captures, ref int budget)
    {
        for (var g = group; g < _classes.Length; g++)
        {
            if (_lookaheadAnchors[g] is not null)
            {
                return MatchLookaheadRun(text, g, position, captures, ref budget);
            }

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

    /// <summary>A lazy run ending before a lookahead: every end the regex would try, shortest first, each
    /// followed by the rest of the pattern.</summary>
    private bool MatchLookaheadRun(string text, int group, int start, Span<(int Start, int Length)> captures, ref int budget)
    {
        var table = _classes[group];
        var anchor = _lookaheadAnchors[group]!;
        var next = _literals[group + 1];
        var clean = start; // text[start..clean) is all class characters
        var end = start + (_quantifiers[group].AllowsEmpty ? 0 : 1);
        while (end <= text.Length - anchor.Length)
        {
            var found = text.AsSpan(end).IndexOf(anchor, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            end += found;
            while (clean < end && Contains(table, text[clean]))
            {
                clean++;
            }

            if (clean < end)
            {
                // A character outside the class comes first: no later end can be reached either.
                return false;
            }

            if (--budget < 0)
            {
                return false;
            }

            if (MatchFrom(text, group + 1, end + next.Length, captures, ref budget))
            {
                captures[group] = (start, end - start);
                return true;
            }

            if (budget < 0)
            {
                return false;
            }

            end++;
        }

        return false;
    }

    private bool MatchWithRegex(string text, Span<(int Start, int Length)> captures)
    {
        var (regex, groups) = _fallback!.Value;
        var match = regex.Match(text);
        if (!match.Success)
        {
            return false;
        }

        for (var g = 0; g < groups.Length; g++)
        {
            var capture = match.Groups[groups[g]];
            captures[g] = (capture.Index, capture.Length);
        }

        return true;
    }

    private static bool Contains(ulong[] table, char c) => (table[c >> 6] & (1UL << (c & 63))) != 0;
}
