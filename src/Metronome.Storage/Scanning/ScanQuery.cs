using Metronome.Core.Events;

namespace Metronome.Storage.Scanning;

/// <summary>
/// What a scan reads: one app, a time range and filters that the store pushes down to block indexes.
/// A remote engine (ClickHouse) receives the same description.
/// </summary>
public sealed record ScanQuery
{
    public required string App { get; init; }

    /// <summary>Inclusive lower bound of <c>_messagetime</c>, µs.</summary>
    public long FromUs { get; init; } = long.MinValue;

    /// <summary>Exclusive upper bound of <c>_messagetime</c>, µs.</summary>
    public long ToUs { get; init; } = long.MaxValue;

    /// <summary>Filters that must all hold.</summary>
    public IReadOnlyList<FieldFilter> Filters { get; init; } = [];

    /// <summary>Search terms (see TermTokenizer) that must all occur in the event's text: <c>_raw</c> when
    /// it has one, else <c>message</c>. Callers verify phrases and wildcards themselves.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];
}

public enum FilterOp
{
    /// <summary>The field equals one of the values (strings compare case-insensitively, as Sumo does).</summary>
    In,

    /// <summary>The field is present and equals none of the values.</summary>
    NotIn,

    Exists,

    Missing,

    /// <summary>The field is a number with Values[0] &lt;= value &lt; Values[1].</summary>
    Range,

    /// <summary>The field is text containing every term of Values[0] as a whole term, case-insensitively.</summary>
    ContainsTerms,

    /// <summary>The field is present and its text form (<see cref="FieldValue.ToString"/>, so numbers and
    /// bools too) contains a match of the .NET regular expression Values[0], compiled culture-invariant
    /// with no other options (inline options such as <c>(?i)</c> work). A match that runs longer than
    /// <see cref="FilterRegexes.MatchTimeout"/> on one value throws <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>.
    /// The query language pushes its <c>where</c> conditions as this op.</summary>
    Matches,
}

/// <summary>A filter on one field. <c>name</c> is the event name, <c>_app</c> the app, any other key a field.</summary>
public sealed record FieldFilter(string Field, FilterOp Op, IReadOnlyList<FieldValue> Values)
{
    public static FieldFilter Equal(string field, FieldValue value) => new(field, FilterOp.In, [value]);

    public static FieldFilter OneOf(string field, params FieldValue[] values) => new(field, FilterOp.In, values);

    public static FieldFilter Present(string field) => new(field, FilterOp.Exists, []);

    public static FieldFilter Between(string field, double fromInclusive, double toExclusive) =>
        new(field, FilterOp.Range, [fromInclusive, toExclusive]);

    public static FieldFilter Contains(string field, string words) => new(field, FilterOp.ContainsTerms, [words]);

    public static FieldFilter MatchesRegex(string field, string pattern) => new(field, FilterOp.Matches, [pattern]);
}
