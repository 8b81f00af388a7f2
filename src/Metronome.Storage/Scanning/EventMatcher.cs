using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Scanning;

/// <summary>Row-at-a-time evaluation of a <see cref="ScanQuery"/> over materialized events: the reference
/// semantics that the columnar paths must agree with, and the path for the unsealed tail.</summary>
public static class EventMatcher
{
    public static bool Matches(Event e, ScanQuery query)
    {
        if (!string.Equals(e.App, query.App, StringComparison.Ordinal) || e.TimeUs < query.FromUs || e.TimeUs >= query.ToUs)
        {
            return false;
        }

        // Index loops: foreach over an IReadOnlyList boxes an enumerator on every call.
        var filters = query.Filters;
        for (int i = 0; i < filters.Count; i++)
        {
            if (!Matches(e, filters[i]))
            {
                return false;
            }
        }

        if (query.Terms.Count > 0)
        {
            var text = e.Get(FieldNames.Raw);
            if (text.IsNull)
            {
                text = e.Get(FieldNames.Message);
            }

            if (text.Kind != FieldKind.String || !ContainsAllTerms(text.AsString, query.Terms))
            {
                return false;
            }
        }

        return true;
    }

    public static FieldValue Resolve(Event e, string field) =>
        field.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase) ? FieldValue.From(e.Name)
        : field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase) ? FieldValue.From(e.App)
        : field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase) ? FieldValue.From(e.TimeUs / 1000)
        : field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase) ? FieldValue.From(e.ReceiptTimeUs / 1000)
        : e.Get(field);

    public static bool Matches(Event e, FieldFilter filter) => Matches(Resolve(e, filter.Field), filter);

    /// <summary>Whether a field's value (null when absent) satisfies the filter.</summary>
    public static bool Matches(FieldValue value, FieldFilter filter)
    {
        return filter.Op switch
        {
            FilterOp.Exists => !value.IsNull,
            FilterOp.Missing => value.IsNull,
            FilterOp.In => !value.IsNull && AnyEqual(value, filter.Values),
            FilterOp.NotIn => !value.IsNull && !AnyEqual(value, filter.Values),
            FilterOp.Range => InRange(value, filter),
            FilterOp.ContainsTerms => value.Kind == FieldKind.String && ContainsAllTerms(value.AsString, TermsOf(filter)),
            FilterOp.Matches => !value.IsNull && FilterRegexes.Of(filter).IsMatch(value.ToString()),
            _ => false,
        };
    }

    public static bool InRange(FieldValue value, FieldFilter filter) =>
        value.TryGetNumber(out double x) && filter.Values[0].TryGetNumber(out double lo) && filter.Values[1].TryGetNumber(out double hi)
        && x >= lo && x < hi;

    /// <summary>The search terms of a <see cref="FilterOp.ContainsTerms"/> filter.</summary>
    public static IReadOnlyList<string> TermsOf(FieldFilter filter) => TermTokenizer.Terms(filter.Values[0].ToString());

    public static bool ValuesEqual(FieldValue a, FieldValue b)
    {
        if (a.Kind == FieldKind.String && b.Kind == FieldKind.String)
        {
            return string.Equals(a.AsString, b.AsString, StringComparison.OrdinalIgnoreCase);
        }

        if (a.TryGetNumber(out double x) && b.TryGetNumber(out double y))
        {
            return x == y;
        }

        return string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static bool AnyEqual(FieldValue value, IReadOnlyList<FieldValue> candidates)
    {
        for (int i = 0; i < candidates.Count; i++)
        {
            if (ValuesEqual(value, candidates[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whole-term, case-insensitive containment: a term matches a maximal run of letters, digits
    /// and '_' in the text.</summary>
    public static bool ContainsAllTerms(string text, IReadOnlyList<string> terms)
    {
        for (int i = 0; i < terms.Count; i++)
        {
            if (!ContainsTerm(text, terms[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsTerm(string text, string term)
    {
        int from = 0;
        while (from <= text.Length - term.Length)
        {
            int at = text.IndexOf(term, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            int end = at + term.Length;
            if ((at == 0 || !IsTermChar(text[at - 1])) && (end == text.Length || !IsTermChar(text[end])))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>The same term characters as <see cref="TermTokenizer"/>: letters, digits, marks, '_'.</summary>
    private static bool IsTermChar(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark;
}
