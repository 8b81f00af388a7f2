using System.Globalization;
using Metronome.Core.Events;
using Metronome.Storage.Scanning;

namespace Metronome.Query.Sources;

/// <summary>Maps a <see cref="ScanSpec"/> to the store's <see cref="ScanQuery"/>. Only top-level AND
/// operands of the scope are pushed; each is either translated exactly (the store alone decides the
/// match) or conservatively (a necessary condition that prunes blocks, re-checked by the engine).
/// <see cref="Exact"/> says whether the store's answer equals the scope with no re-check.</summary>
public sealed record StoreScanTranslation(ScanQuery Query, bool Exact)
{
    public static StoreScanTranslation Of(ScanSpec spec)
    {
        var filters = new List<FieldFilter>();
        var terms = new List<string>();
        var exact = true;
        foreach (var operand in spec.Filter is AndFilter and ? and.Operands : [spec.Filter])
        {
            exact &= Translate(operand, filters, terms);
        }

        var query = new ScanQuery
        {
            App = spec.App,
            FromUs = spec.FromUs,
            ToUs = spec.ToUs,
            Filters = filters,
            Terms = terms.Distinct(StringComparer.Ordinal).ToList(),
        };
        return new StoreScanTranslation(query, exact);
    }

    /// <summary>Adds what the store can check for one AND operand; true when that is the operand exactly.</summary>
    private static bool Translate(ScanFilter filter, List<FieldFilter> filters, List<string> terms)
    {
        switch (filter)
        {
            case MatchAll:
                return true;
            case FieldCondition f when MatchesEverything(f):
                // field=* matches every event, even one without the field: nothing to push.
                return true;
            case FieldCondition f when IsLiteral(f):
                // The engine compares the value's text case-insensitively; the store's In does the same
                // for strings and compares text when the candidate is a string (see Candidate for numbers).
                filters.Add(new FieldFilter(f.Field, FilterOp.In, [Candidate(f.Pattern)]));
                return true;
            case FieldCondition f:
                // A glob: the store has no glob filter, but a match needs the field present.
                filters.Add(FieldFilter.Present(f.Field));
                return false;
            case OrFilter any when SameFieldLiterals(any) is { } alternatives:
                // (status=500 OR status=503): one In filter over the same field, exact as above.
                filters.Add(new FieldFilter(alternatives.Field, FilterOp.In, alternatives.Values));
                return true;
            case FieldRegexFilter r:
                // The store's Matches op is the same regex test on the same text form; an empty pattern is
                // presence. The case-insensitive values let dictionary columns and integer blocks prune first.
                filters.Add(r.Pattern.Length == 0 ? FieldFilter.Present(r.Field) : FieldFilter.MatchesRegex(r.Field, r.Pattern));
                if (r.AnyOf is { } values)
                {
                    filters.Add(new FieldFilter(r.Field, FilterOp.In, values.Select(v => FieldValue.From(v)).ToArray()));
                }

                return true;
            case KeywordFilter k when !k.Phrase && k.Text.Length > 0 && k.Text.All(Terms.IsTermChar):
                // A plain keyword is one whole term of _raw, compared case-insensitively: the store's term
                // check is the same test, but it falls back to 'message' for events without _raw, which
                // the engine never matches; requiring _raw makes it exact.
                terms.Add(k.Text.ToLowerInvariant());
                filters.Add(FieldFilter.Present(FieldNames.Raw));
                return true;
            case KeywordFilter k:
                // Phrases (adjacency, whitespace) and wildcards: the whole terms they contain are necessary.
                terms.AddRange(k.Terms);
                return false;
            default:
                // NOT (the store's NotIn excludes events without the field, the scope keeps them) and
                // general OR: left to the engine.
                return false;
        }
    }

    private static bool MatchesEverything(FieldCondition f) => f.Wildcards && f.Pattern.Length > 0 && f.Pattern.All(c => c == '*');

    private static bool IsLiteral(FieldCondition f) => !f.Wildcards || f.Pattern.IndexOfAny(['*', '?']) < 0;

    private static (string Field, FieldValue[] Values)? SameFieldLiterals(OrFilter or)
    {
        string? field = null;
        var values = new List<FieldValue>();
        foreach (var operand in or.Operands)
        {
            if (operand is not FieldCondition f || !IsLiteral(f) || (field is not null && !field.Equals(f.Field, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            field = f.Field;
            values.Add(Candidate(f.Pattern));
        }

        return field is null ? null : (field, values.ToArray());
    }

    /// <summary>The value to compare with. A canonical integer becomes a Long so the store can prune
    /// integer blocks by min/max; that stays exact because a Long equals a Long or Double of the same
    /// value, and the engine's text comparison agrees for longs and for doubles below 1e15 (printed
    /// without exponent). "0" and "1" stay text: a bool would equal them numerically in the store.</summary>
    internal static FieldValue Candidate(string pattern)
    {
        if (long.TryParse(pattern, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && n.ToString(CultureInfo.InvariantCulture) == pattern && n > -1_000_000_000_000_000 && n < 1_000_000_000_000_000 && n is not (0 or 1))
        {
            return FieldValue.From(n);
        }

        return FieldValue.From(pattern);
    }
}
