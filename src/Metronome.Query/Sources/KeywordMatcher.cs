using System.Text;
using System.Text.RegularExpressions;

namespace Metronome.Query.Sources;

/// <summary>Matches one keyword or phrase against <c>_raw</c> with the term rules of
/// <see cref="KeywordFilter"/>. A plain keyword (only term characters) is an ordinal case-insensitive
/// search with boundary checks; anything else compiles to a regex once.</summary>
public sealed class KeywordMatcher
{
    private const string TermClass = @"[\p{L}\p{Nd}\p{Mn}\p{Mc}\p{Me}_]";

    private readonly string? _plain;
    private readonly Regex? _regex;

    public KeywordMatcher(string text, bool phrase)
    {
        var normalized = phrase ? string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : text;
        if (normalized.Length > 0 && normalized.All(Terms.IsTermChar))
        {
            _plain = normalized;
            return;
        }

        _regex = new Regex(ToPattern(normalized, phrase), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public bool IsMatch(string raw)
    {
        if (_regex is not null)
        {
            return _regex.IsMatch(raw);
        }

        var plain = _plain!;
        var from = 0;
        while (from <= raw.Length - plain.Length)
        {
            var at = raw.IndexOf(plain, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var end = at + plain.Length;
            if ((at == 0 || !Terms.IsTermChar(raw[at - 1])) && (end == raw.Length || !Terms.IsTermChar(raw[end])))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    internal static string ToPattern(string text, bool phrase)
    {
        var builder = new StringBuilder();
        if (text.Length > 0 && Terms.IsTermChar(text[0]))
        {
            builder.Append("(?<!").Append(TermClass).Append(')');
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (phrase && char.IsWhiteSpace(c))
            {
                builder.Append(@"\s+");
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                continue;
            }

            if (c == '*')
            {
                builder.Append(phrase ? TermClass + "+" : @"\S*");
            }
            else if (c == '?' && !phrase)
            {
                builder.Append(@"\S");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }

            i++;
        }

        if (text.Length > 0 && Terms.IsTermChar(text[^1]))
        {
            builder.Append("(?!").Append(TermClass).Append(')');
        }

        return builder.ToString();
    }
}
